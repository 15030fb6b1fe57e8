package org.neuroprior.plots;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;
import org.neuroprior.common.AtomicFiles;

/**
 * Pictures of one whisker sweep, so a reader can see what the network sees:
 * <ul>
 *   <li>{@value #ARRAY}.png/.svg: the array and the object at one moment, in three orthographic views
 *       ({@link WhiskerArrayPicture});</li>
 *   <li>{@value #MOMENTS}.png/.svg and {@value #FORCES}.png/.svg: heat maps of the base moments and forces over time,
 *       whiskers by frames ({@link WhiskerHeatMap});</li>
 *   <li>{@value #CSV}: the numbers behind the heat maps.</li>
 * </ul>
 */
public final class WhiskerPictures {
    public static final String ARRAY = "whisker-array";
    public static final String MOMENTS = "whisker-moments";
    public static final String FORCES = "whisker-forces";
    public static final String CSV = "whisker-signals.csv";

    private WhiskerPictures() {}

    /**
     * Writes every picture and the CSV into {@code outDir} (created if needed); the heat maps mark the scene's time.
     *
     * @return the files written
     */
    public static List<Path> write(WhiskerScene scene, WhiskerSignals signals, Path outDir) {
        if (!signals.whiskers().equals(scene.whiskers().stream().map(WhiskerScene.Whisker::name).toList())) {
            throw new IllegalArgumentException("the scene's whiskers " + scene.whiskers().stream().map(WhiskerScene.Whisker::name).toList()
                    + " differ from the signals' " + signals.whiskers());
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + outDir, e);
        }
        var array = new WhiskerArrayPicture(scene);
        String details = scene.subtitle().split("\n")[0];
        var files = new java.util.ArrayList<Path>();
        files.addAll(save(outDir, ARRAY, array.width, array.height, array::draw));
        files.addAll(save(outDir, MOMENTS, WhiskerHeatMap.width(), WhiskerHeatMap.height(),
                g -> WhiskerHeatMap.draw(g, signals, WhiskerHeatMap.MOMENT, scene.title(), details, scene.time())));
        files.addAll(save(outDir, FORCES, WhiskerHeatMap.width(), WhiskerHeatMap.height(),
                g -> WhiskerHeatMap.draw(g, signals, WhiskerHeatMap.FORCE, scene.title(), details, scene.time())));
        files.add(signals.writeCsv(outDir.resolve(CSV)));
        return List.copyOf(files);
    }

    /** Draws the same picture into a PNG and an SVG: {@code base.png}, {@code base.svg}. */
    private static List<Path> save(Path outDir, String base, int width, int height, Consumer<Graphics2D> painter) {
        Path png = outDir.resolve(base + ".png"), svg = outDir.resolve(base + ".svg");
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        painter.accept(g);
        g.dispose();
        var vector = Style.svgCanvas(width, height, base);
        painter.accept(vector);
        AtomicFiles.writeUnchecked(png, tmp -> ImageIO.write(image, "png", tmp.toFile()));
        AtomicFiles.writeUnchecked(svg, tmp -> SVGUtils.writeToSVG(tmp.toFile(), vector.getSVGElement()));
        return List.of(png, svg);
    }
}
