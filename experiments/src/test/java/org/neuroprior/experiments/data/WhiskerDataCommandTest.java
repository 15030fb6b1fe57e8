package org.neuroprior.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.experiments.CommandRun;

/** {@code neuroprior whisker-data} end to end with real MuJoCo sweeps (few, coarse, so the test stays quick). */
class WhiskerDataCommandTest {
    @TempDir
    Path tmp;


    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void writesRealSweepsThatNd4jReadsAndResumesWithoutRedoingThem() throws Exception {
        Path out = tmp.resolve("set");
        String[] args = {"whisker-data", "--protocol", "low", "--classes", "box,cone", "--per-class", "3", "--links", "4",
                "--shard-size", "2", "--split", "0.67,0.33,0", "--threads", "2", "--seed", "3", "--out", out.toString()};
        CommandRun first = run(args);
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("done: 6 sweeps") && first.out().contains("6 simulated now"), first.out());

        var data = Nd4j.createFromNpyFile(out.resolve("train/data-00000.npy").toFile());
        assertArrayEquals(new long[] {2, 110, 35, 6}, data.shape());
        assertNotEquals(0.0, data.norm2Number().doubleValue(), "real sweeps at 5 mm touch whiskers");
        var labels = Nd4j.createFromNpyFile(out.resolve("train/labels-00000.npy").toFile());
        for (long label : labels.toLongVector()) assertTrue(label == 0 || label == 1);
        String manifest = Files.readString(out.resolve("dataset.json"));
        assertTrue(manifest.contains("\"box\"") && manifest.contains("\"cone\"") && manifest.contains("links_per_whisker"), manifest);

        CommandRun again = run(args);
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("0 simulated now"), "a finished dataset is not simulated again: " + again.out());

        String[] changed = args.clone();
        changed[changed.length - 3] = "4"; // another seed into the same folder
        CommandRun refused = run(changed);
        assertNotEquals(0, refused.code());
        assertTrue(refused.err().contains("seed"), refused.err());
    }

    @Test
    void badInputIsNamed() {
        CommandRun r = run("whisker-data", "--classes", "box,teapot", "--out", tmp.resolve("x").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("teapot"), r.err());
        r = run("whisker-data", "--set", "speed=0", "--out", tmp.resolve("y").toString());
        assertTrue(r.err().contains("speed = 0.0 mm/s"), r.err());
        r = run("whisker-data", "--labels", tmp.resolve("missing.csv").toString(), "--out", tmp.resolve("z").toString());
        assertTrue(r.err().contains("missing.csv"), r.err());
    }
}
