package org.neuroprior.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.envs.whisker.data.NpyHeader;
import org.neuroprior.envs.whisker.data.NpyReader;
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
        // The empty test split has one empty shard of the right shape and dtype, so every split loads the same way.
        var emptyData = NpyReader.layout(out.resolve("test/data-00000.npy")).header();
        assertEquals(NpyHeader.float32(0, 110, 35, 6), emptyData);
        assertEquals(NpyHeader.int64(0), NpyReader.layout(out.resolve("test/labels-00000.npy")).header());
        assertEquals(0, NpyReader.readFloat32(out.resolve("test/data-00000.npy")).length);
        assertEquals(0, NpyReader.readInt64(out.resolve("test/labels-00000.npy")).length);
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

        // Another simulator (here other settings) is refused in one line that names the difference, before any work.
        String[] otherSimulator = args.clone();
        otherSimulator[8] = "5"; // --links 5
        CommandRun other = run(otherSimulator);
        assertEquals(2, other.code(), other.out() + other.err());
        assertFalse(other.hasStackTrace(), other.err());
        assertEquals(1, other.err().strip().lines().count(), other.err());
        assertTrue(other.err().contains("simulator.links_per_whisker: dataset has 4, this run has 5"), other.err());
    }

    @Test
    void aDatasetMadeAgainElsewhereIsCheckedAgainstTheCommittedManifest() throws Exception {
        String[] made = {"whisker-data", "--protocol", "low", "--classes", "box,cone", "--per-class", "2", "--links", "4",
                "--shard-size", "2", "--split", "0.5,0.5,0", "--threads", "2", "--seed", "3", "--out", tmp.resolve("first").toString()};
        assertEquals(0, run(made).code());
        Path committed = tmp.resolve("committed.json");
        Files.copy(tmp.resolve("first/dataset.json"), committed);
        String committedText = Files.readString(committed);

        // Another machine: the same command into another directory makes the same data (another 'created' time).
        String[] again = made.clone();
        again[again.length - 1] = tmp.resolve("second").toString();
        String[] checked = java.util.Arrays.copyOf(again, again.length + 2);
        checked[again.length] = "--same-as";
        checked[again.length + 1] = committed.toString();
        CommandRun same = run(checked);
        assertEquals(0, same.code(), same.out() + same.err());
        assertTrue(same.out().contains("same data as " + committed), same.out());
        assertEquals(committedText, Files.readString(committed), "the committed manifest is only read");

        // One CRC-32 differs: refused in one line naming the field.
        String crc = committedText.replaceFirst("(?s).*?\"crc32\" : \"([0-9a-f]{8})\".*", "$1");
        Files.writeString(committed, committedText.replaceFirst(crc, "ffffffff".equals(crc) ? "00000000" : "ffffffff"));
        CommandRun differs = run(checked);
        assertEquals(2, differs.code(), differs.out() + differs.err());
        assertFalse(differs.hasStackTrace(), differs.err());
        // (the progress lines of the finished dataset come first)
        var errorLines = differs.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errorLines.size(), differs.err());
        assertTrue(errorLines.get(0).matches("error: not the same dataset as .*: shards\\[\\d+\\]\\.data\\.crc32: .*"), differs.err());

        // Other settings are refused before anything is simulated.
        Files.writeString(committed, committedText);
        checked[again.length - 1] = tmp.resolve("third").toString();
        checked[again.length - 3] = "4"; // --seed 4
        CommandRun otherSeed = run(checked);
        assertEquals(2, otherSeed.code(), otherSeed.out() + otherSeed.err());
        assertTrue(otherSeed.err().contains("nothing simulated") && otherSeed.err().contains("seed"), otherSeed.err());
        assertFalse(Files.exists(tmp.resolve("third/dataset.json")));
    }

    @Test
    void everyUserMeshIsCheckedBeforeAnyFolderIsCreated() throws Exception {
        Files.writeString(tmp.resolve("tetra.obj"), "v 0 0 0\nv 10 0 0\nv 0 10 0\nv 0 0 10\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n");
        Files.writeString(tmp.resolve("flat.obj"), "v 0 0 0\nv 10 0 0\nv 10 10 0\nv 0 10 0\nf 1 2 3 4\n");
        Files.writeString(tmp.resolve("points.obj"), "v 0 0 0\nv 10 0 0\nv 10 10 0\nv 0 10 3\n");
        Files.writeString(tmp.resolve("labels.csv"), "tetra.obj,pointy\nflat.obj,plate\npoints.obj,cloud\n");
        Path out = tmp.resolve("never");
        CommandRun r = run("whisker-data", "--labels", tmp.resolve("labels.csv").toString(), "--per-class", "1", "--out", out.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertFalse(r.hasStackTrace(), r.err());
        assertEquals(3, r.err().strip().lines().count(), r.err()); // the summary, then one line per mesh
        assertTrue(r.err().contains("2 of 3 meshes") && r.err().contains("line 2: ") && r.err().contains("flat")
                && r.err().contains("line 3: ") && r.err().contains("no faces"), r.err());
        assertFalse(Files.exists(out), "no folder is created before the input is known to be good");
    }

    @Test
    void aSampleThatFailsIsNotPresentedAsResumable() {
        var e = new SampleFailedException(7, null, "failed: java.lang.IllegalStateException: boom", null);
        assertFalse(e.getMessage().contains("resumes"), e.getMessage());
        assertTrue(e.getMessage().contains("again on this sample"), e.getMessage());
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
