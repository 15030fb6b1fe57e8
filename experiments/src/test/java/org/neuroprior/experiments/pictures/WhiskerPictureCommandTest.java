package org.neuroprior.experiments.pictures;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.experiments.CommandRun;

class WhiskerPictureCommandTest {
    @TempDir
    Path tmp;


    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    /** A box swept rostrally through the middle of the field touches whiskers: the heat map data cannot be all zero. */
    @Test
    void drawsOneSweepAsValidPngSvgAndCsv() throws Exception {
        CommandRun r = run("whisker-picture", "--class", "box", "--seed", "1", "--set", "direction=0", "--set", "height=0",
                "--set", "size=40", "--out", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        for (String base : List.of("whisker-array", "whisker-moments", "whisker-forces")) {
            Path png = tmp.resolve(base + ".png"), svg = tmp.resolve(base + ".svg");
            var image = ImageIO.read(png.toFile());
            assertNotNull(image, png + " is not a PNG");
            assertTrue(image.getWidth() >= 800 && image.getHeight() >= 600, base + ": " + image.getWidth() + " x " + image.getHeight());
            assertTrue(Files.size(png) > 30_000, png + " is nearly empty");
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline
            assertEquals("svg", factory.newDocumentBuilder().parse(svg.toFile()).getDocumentElement().getNodeName());
            assertTrue(Files.size(svg) > 30_000 && Files.size(svg) < 3_000_000, svg + ": " + Files.size(svg) + " bytes");
        }
        List<String> csv = Files.readAllLines(tmp.resolve("whisker-signals.csv"));
        assertEquals(1 + 110 * 30, csv.size());
        assertTrue(csv.get(0).endsWith("moment_magnitude_uNmm"), csv.get(0));
        long touched = csv.stream().skip(1).filter(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1)) > 0).count();
        assertTrue(touched > 10, "only " + touched + " (frame, whisker) cells have a non-zero base moment");
        assertTrue(r.out().contains("A box swept") && r.out().contains("Speed") && r.out().contains("array picture at t ="), r.out());
    }

    @Test
    void unknownClassIsNamedWithTheAcceptedOnes() {
        CommandRun r = run("whisker-picture", "--class", "teapot", "--out", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'teapot'") && r.err().contains("torus") && r.err().contains("ellipsoid"), r.err());
        CommandRun bad = run("whisker-picture", "--class", "box", "--set", "speed=9999", "--out", tmp.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("speed") && bad.err().contains("9999"), bad.err());
    }
}
