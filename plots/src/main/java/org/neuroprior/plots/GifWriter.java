package org.neuroprior.plots;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.neuroprior.common.AtomicFiles;

/**
 * Writes an animated, looping GIF with javax.imageio: a fixed 256-colour palette (ramps from white to a few key
 * colours, plus greys) so antialiased drawings of those colours quantise cleanly and fast.
 */
final class GifWriter implements AutoCloseable {

    private final ImageWriter writer;
    private final ImageOutputStream out;
    private final Path file;
    private final Path temporary;
    private boolean finished;
    private final int delayCentiseconds;
    private final IndexColorModel palette;
    private final byte[] lut = new byte[1 << 15];
    private boolean first = true;

    GifWriter(Path file, int delayCentiseconds, List<Color> keyColours) {
        this.file = file;
        this.temporary = AtomicFiles.temporary(file);
        this.delayCentiseconds = delayCentiseconds;
        this.palette = palette(keyColours);
        buildLut();
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IllegalStateException("No GIF writer in javax.imageio");
        }
        writer = writers.next();
        try {
            Files.deleteIfExists(temporary);
            out = ImageIO.createImageOutputStream(temporary.toFile());
            if (out == null) {
                throw new IOException("cannot open an image stream");
            }
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static IndexColorModel palette(List<Color> keys) {
        List<Color> colours = new ArrayList<>();
        colours.add(Color.WHITE);
        int greys = 256 - 1 - keys.size() * 31;
        if (greys < 16) {
            throw new IllegalArgumentException("Too many key colours for a 256-colour palette: " + keys.size());
        }
        for (Color k : keys) {
            for (int s = 1; s <= 31; s++) {
                double t = s / 31.0;
                colours.add(new Color(mix(255, k.getRed(), t), mix(255, k.getGreen(), t), mix(255, k.getBlue(), t)));
            }
        }
        for (int s = 0; s < greys; s++) {
            int v = (int) Math.round(s * 254.0 / (greys - 1));
            colours.add(new Color(v, v, v));
        }
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            Color c = colours.get(i);
            r[i] = (byte) c.getRed();
            g[i] = (byte) c.getGreen();
            b[i] = (byte) c.getBlue();
        }
        return new IndexColorModel(8, 256, r, g, b);
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }

    private void buildLut() {
        int[] pr = new int[256];
        int[] pg = new int[256];
        int[] pb = new int[256];
        for (int i = 0; i < 256; i++) {
            pr[i] = palette.getRed(i);
            pg[i] = palette.getGreen(i);
            pb[i] = palette.getBlue(i);
        }
        for (int q = 0; q < lut.length; q++) {
            int r = ((q >> 10) & 31) * 255 / 31;
            int g = ((q >> 5) & 31) * 255 / 31;
            int b = (q & 31) * 255 / 31;
            int best = 0;
            long bestD = Long.MAX_VALUE;
            for (int i = 0; i < 256; i++) {
                long d = 3L * (r - pr[i]) * (r - pr[i]) + 4L * (g - pg[i]) * (g - pg[i]) + 2L * (b - pb[i]) * (b - pb[i]);
                if (d < bestD) {
                    bestD = d;
                    best = i;
                }
            }
            lut[q] = (byte) best;
        }
    }

    /** Quantises an RGB frame onto the palette. */
    private BufferedImage indexed(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, palette);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            rgb.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int q = ((p >> 19) & 31) << 10 | ((p >> 11) & 31) << 5 | ((p >> 3) & 31);
                dst[y * w + x] = lut[q];
            }
        }
        return img;
    }

    void add(BufferedImage rgbFrame) {
        BufferedImage img = indexed(rgbFrame);
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
            String format = meta.getNativeMetadataFormatName();
            IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
            IIOMetadataNode gce = child(root, "GraphicControlExtension");
            gce.setAttribute("disposalMethod", "none");
            gce.setAttribute("userInputFlag", "FALSE");
            gce.setAttribute("transparentColorFlag", "FALSE");
            gce.setAttribute("delayTime", Integer.toString(delayCentiseconds));
            gce.setAttribute("transparentColorIndex", "0");
            // the writer does not take the palette from the image: give every frame its colour table explicitly
            IIOMetadataNode table = child(root, "LocalColorTable");
            while (table.getFirstChild() != null) {
                table.removeChild(table.getFirstChild());
            }
            table.setAttribute("sizeOfLocalColorTable", "256");
            table.setAttribute("sortFlag", "FALSE");
            for (int i = 0; i < 256; i++) {
                IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
                entry.setAttribute("index", Integer.toString(i));
                entry.setAttribute("red", Integer.toString(palette.getRed(i)));
                entry.setAttribute("green", Integer.toString(palette.getGreen(i)));
                entry.setAttribute("blue", Integer.toString(palette.getBlue(i)));
                table.appendChild(entry);
            }
            if (first) {
                IIOMetadataNode apps = child(root, "ApplicationExtensions");
                IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                app.setAttribute("applicationID", "NETSCAPE");
                app.setAttribute("authenticationCode", "2.0");
                app.setUserObject(new byte[] {0x1, 0x0, 0x0}); // sub-block 1: loop count 0 = forever
                apps.appendChild(app);
                first = false;
            }
            meta.setFromTree(format, root);
            writer.writeToSequence(new IIOImage(img, null, meta), param);
        } catch (IIOInvalidTreeException e) {
            throw new IllegalStateException("Bad GIF metadata", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    /**
     * Ends the animation and moves it into place; until then the frames sit in a temporary sibling file.
     *
     * @throws UncheckedIOException naming the file when it cannot be finished
     */
    void finish() {
        try {
            writer.endWriteSequence();
            out.close();
            AtomicFiles.moveIntoPlace(temporary, file);
            finished = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish " + file, e);
        }
    }

    /** Releases the writer; an animation not {@link #finish() finished} is discarded, never left half-written. */
    @Override
    public void close() {
        writer.dispose();
        if (!finished) {
            try {
                out.close();
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot remove " + temporary, e);
            }
        }
    }
}
