package org.neuroprior.plots;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhiskerPicturesTest {
    @TempDir
    Path tmp;

    private static final int[] ROW_SIZES = {5, 5, 7, 7, 6};

    /** A made-up array of straight whiskers fanning out laterally, and a box passing rostrally beyond them. */
    static WhiskerScene scene() {
        var whiskers = new ArrayList<WhiskerScene.Whisker>();
        for (int row = 1; row <= 5; row++) {
            for (int col = 0; col < ROW_SIZES[row - 1]; col++) {
                double[] base = {1, 2 * col - 6, 6 - 2.5 * row};
                double length = 20 - 2 * col, angle = Math.toRadians(-30 + 12 * col);
                var rest = new double[9][];
                var now = new double[9][];
                for (int i = 0; i < 9; i++) {
                    double s = length * i / 8;
                    rest[i] = new double[] {base[0] + s * Math.cos(angle), base[1] + s * Math.sin(angle), base[2]};
                    now[i] = rest[i].clone();
                    if (row == 3) now[i][1] -= 0.01 * s * s; // bent caudally by the object
                }
                whiskers.add(new WhiskerScene.Whisker((char) ('A' + row - 1) + Integer.toString(col), row, rest, now));
            }
        }
        double[] centre = {30, 0, 0};
        var box = new ArrayList<double[]>();
        for (int m = 0; m < 8; m++) box.add(new double[] {centre[0] + ((m & 1) == 0 ? -8 : 8), centre[1] + ((m & 2) == 0 ? -6 : 6), centre[2] + ((m & 4) == 0 ? -10 : 10)});
        return new WhiskerScene("box, 40 mm/s, size 30 mm, direction 0 (rostral)", "made up for a test", 0.5, whiskers,
                List.of(box), new double[] {30, -20, 0}, new double[] {30, 20, 0}, centre);
    }

    /** Row C touched from 0.3 s to 0.7 s, with a bump in time. */
    static WhiskerSignals signals(WhiskerScene scene) {
        int frames = 110, n = scene.whiskers().size();
        double[] times = new double[frames];
        float[][][] values = new float[frames][n][6];
        for (int f = 0; f < frames; f++) {
            times[f] = (Math.round(f * 999.0 / 109) + 1) / 1000.0;
            double bump = Math.max(0, Math.sin(Math.PI * (times[f] - 0.3) / 0.4));
            if (times[f] < 0.3 || times[f] > 0.7) bump = 0;
            for (int w = 0; w < n; w++) {
                if (scene.whiskers().get(w).row() != 3) continue;
                values[f][w] = new float[] {(float) (-20 * bump), (float) (50 * bump), 0, (float) (0.1 * bump), 0, (float) (-400 * bump * (w % 7 + 1))};
            }
        }
        return new WhiskerSignals(scene.whiskers().stream().map(WhiskerScene.Whisker::name).toList(), times, values);
    }

    @Test
    void writesReadablePngSvgAndCsv() throws Exception {
        var scene = scene();
        var files = WhiskerPictures.write(scene, signals(scene), tmp);
        assertEquals(7, files.size());
        for (String base : List.of(WhiskerPictures.ARRAY, WhiskerPictures.MOMENTS, WhiskerPictures.FORCES)) {
            BufferedImage png = ImageIO.read(tmp.resolve(base + ".png").toFile());
            assertNotNull(png, base);
            assertTrue(png.getWidth() >= 800 && png.getHeight() >= 600, base + " is " + png.getWidth() + " x " + png.getHeight());
            assertTrue(Files.size(tmp.resolve(base + ".png")) > 20_000, base + ".png is nearly empty");
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline
            var svg = factory.newDocumentBuilder().parse(tmp.resolve(base + ".svg").toFile());
            assertEquals("svg", svg.getDocumentElement().getNodeName());
        }
        List<String> csv = Files.readAllLines(tmp.resolve(WhiskerPictures.CSV));
        assertEquals(1 + 110 * 30, csv.size());
        assertTrue(csv.get(0).startsWith("frame,time_s,whisker,fx_uN"), csv.get(0));
        assertTrue(csv.stream().anyMatch(l -> l.contains(",C3,") && !l.endsWith(",0")), "row C's moments should be in the CSV");
    }

    @Test
    void strongestFrameIsThePeakOfTheMoments() {
        var s = signals(scene());
        assertEquals(0.5, s.times()[s.strongestFrame()], 0.01);
    }

    @Test
    void convexHullOfASquareWithInnerPoints() {
        double[][] hull = ConvexHull2D.of(new double[][] {{0, 0}, {1, 0}, {0.5, 0.5}, {1, 1}, {0, 1}, {0.2, 0.7}});
        assertEquals(4, hull.length);
    }

    @Test
    void mismatchedInputIsRefusedWithAClearMessage() {
        var scene = scene();
        var e = assertThrows(IllegalArgumentException.class, () -> new WhiskerSignals(List.of("A0"), new double[] {0, 1}, new float[1][1][6]));
        assertTrue(e.getMessage().contains("1 frames but 2 times"), e.getMessage());
        var few = new WhiskerSignals(List.of("A0"), new double[] {0, 1}, new float[2][1][6]);
        var e2 = assertThrows(IllegalArgumentException.class, () -> WhiskerPictures.write(scene, few, tmp));
        assertTrue(e2.getMessage().contains("differ"), e2.getMessage());
    }

    /** Not a test: draws the made-up scene into target/ for looking at. */
    public static void main(String[] args) {
        var scene = scene();
        WhiskerPictures.write(scene, signals(scene), Path.of(args[0]));
    }
}
