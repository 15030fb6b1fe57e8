package org.neuroprior.experiments.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.SweepSource;
import org.neuroprior.envs.whisker.data.Split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class WhiskerDatasetWriterTest {
    /** 60 sweeps of 3 classes in shards of 7: 48/6/6 samples, 7 + 1 + 1 shards. */
    private static final int SIZE = 60, CLASSES = 3, SHARD = 7;
    private static final IntUnaryOperator CLASS_OF = i -> i % CLASSES;
    private static final Map<String, Object> DESCRIPTION = Map.of("protocol", "synthetic", "per_class", 20, "seed", 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static WhiskerDatasetWriter writer(SweepSource source, int threads) {
        return new WhiskerDatasetWriter(source, DESCRIPTION, CLASS_OF, WhiskerDatasetWriter.Options.defaults(1).withShardSize(SHARD)
                .withThreads(threads));
    }

    private static final WhiskerDatasetWriter.Listener QUIET = new WhiskerDatasetWriter.Listener() {
    };

    /** Every file of the splits, by relative path. */
    private static Map<String, byte[]> shardFiles(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (Split split : Split.values()) {
            Path d = dir.resolve(split.directory());
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : s.toList()) files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static JsonNode manifest(Path dir) throws IOException {
        return JSON.readTree(dir.resolve("dataset.json").toFile());
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }

    private static List<String> temporaryFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(Path::toString).filter(p -> p.endsWith(WhiskerDatasetWriter.TEMPORARY_SUFFIX)).toList();
        }
    }

    @Test
    void writesShardsThatNd4jReadsBackWithTheSourcesValues() throws IOException {
        Path dir = tmp.resolve("ds");
        WhiskerDatasetWriter.Result result = writer(new SyntheticSweeps(SIZE, CLASSES), 2).write(dir, QUIET);
        assertTrue(result.complete());
        assertEquals(new WhiskerDatasetWriter.Result(dir.toAbsolutePath().toString(), SIZE, SIZE, 9, 0, 0, true, false), result);

        JsonNode m = manifest(dir);
        assertEquals("neuroprior-whisker-dataset", m.path("format").asText());
        assertTrue(m.path("complete").asBoolean());
        assertEquals(List.of("shape0", "shape1", "shape2"), JSON.convertValue(m.path("settings").path("class_names"), List.class));
        assertEquals("synthetic", m.path("settings").path("source").path("protocol").asText());
        assertEquals(7, m.path("settings").path("shard_size").asInt());
        assertTrue(m.path("settings").path("stratified").asBoolean());
        assertEquals("<f4", m.path("sample").path("dtype").asText());
        assertEquals("[110,35,6]", m.path("sample").path("shape").toString());
        assertEquals("<i8", m.path("labels").path("dtype").asText());
        int[][] expected = {{48, 16}, {6, 2}, {6, 2}}; // samples and per-class count of each split: every class split 80/10/10
        for (Split split : Split.values()) {
            JsonNode s = m.path("splits").path(split.directory());
            assertEquals(expected[split.ordinal()][0], s.path("samples").asInt(), split + " samples");
            assertEquals(expected[split.ordinal()][0], s.path("samples_done").asInt());
            for (JsonNode c : s.path("class_counts")) assertEquals(expected[split.ordinal()][1], c.asInt(), split + " class counts");
        }
        assertEquals(9, m.path("shards").size());

        Set<Integer> seen = new HashSet<>();
        for (JsonNode shard : m.path("shards")) {
            assertTrue(shard.path("done").asBoolean());
            int n = shard.path("samples").asInt();
            INDArray data = Nd4j.createFromNpyFile(dir.resolve(shard.path("data").path("file").asText()).toFile());
            INDArray labels = Nd4j.createFromNpyFile(dir.resolve(shard.path("labels").path("file").asText()).toFile());
            JsonNode sweeps = JSON.readTree(dir.resolve(shard.path("sweeps").path("file").asText()).toFile());
            assertEquals(DataType.FLOAT, data.dataType());
            assertArrayEquals(new long[]{n, 110, 35, 6}, data.shape());
            assertEquals(DataType.LONG, labels.dataType());
            assertArrayEquals(new long[]{n}, labels.shape());
            assertEquals(shard.path("split").asText(), sweeps.path("split").asText());
            assertEquals(n, sweeps.path("samples").size());
            for (int j = 0; j < n; j++) {
                JsonNode sweep = sweeps.path("samples").get(j);
                int index = sweep.path("index").asInt();
                assertTrue(seen.add(index), "sample " + index + " stored twice");
                assertEquals(index % CLASSES, labels.getLong(j));
                assertEquals(index % CLASSES, sweep.path("label").asInt());
                assertEquals("shape" + index % CLASSES, sweep.path("class").asText());
                assertEquals(SyntheticSweeps.parameters(index), JSON.convertValue(sweep.path("parameters"), Map.class));
                float[] row = data.get(org.nd4j.linalg.indexing.NDArrayIndex.point(j)).dup().data().asFloat();
                assertArrayEquals(SyntheticSweeps.signals(index), row, "signals of sample " + index);
            }
        }
        assertEquals(SIZE, seen.size());
        assertEquals(List.of(), temporaryFiles(dir));
    }

    @Test
    void withoutClassesUpFrontTheSplitsStillHaveTheirSizes() throws IOException {
        Path dir = tmp.resolve("ds");
        new WhiskerDatasetWriter(new SyntheticSweeps(SIZE, CLASSES), DESCRIPTION, null, WhiskerDatasetWriter.Options.defaults(5)
                .withShardSize(100).withFractions(new SplitFractions(0.5, 0.25, 0.25)).withThreads(2)).write(dir, QUIET);
        JsonNode m = manifest(dir);
        assertFalse(m.path("settings").path("stratified").asBoolean());
        assertEquals(30, m.path("splits").path("train").path("samples").asInt());
        assertEquals(15, m.path("splits").path("validate").path("samples").asInt());
        assertEquals(15, m.path("splits").path("test").path("samples").asInt());
        assertEquals(3, m.path("shards").size());
    }

    @Test
    void theThreadCountDoesNotChangeAByte() throws IOException {
        Path one = tmp.resolve("one"), three = tmp.resolve("three");
        writer(new SyntheticSweeps(SIZE, CLASSES), 1).write(one, QUIET);
        writer(new SyntheticSweeps(SIZE, CLASSES), 3).write(three, QUIET);
        assertSameFiles(shardFiles(one), shardFiles(three));
        ObjectNode a = (ObjectNode) manifest(one), b = (ObjectNode) manifest(three);
        a.remove("created");
        b.remove("created");
        assertEquals(a, b);
    }

    @Test
    void aFailedSampleStopsTheRunAndARerunRedoesOnlyTheUnfinishedShards() throws IOException {
        Path reference = tmp.resolve("reference"), dir = tmp.resolve("ds");
        writer(new SyntheticSweeps(SIZE, CLASSES), 2).write(reference, QUIET);
        // Fail at the 4th sample of the 4th train shard: shards train/00000-00002 are finished by then.
        int failAt = manifestIndices(reference, "train", 3).get(3);

        SyntheticSweeps failing = new SyntheticSweeps(SIZE, CLASSES, failAt);
        SampleFailedException e = assertThrows(SampleFailedException.class, () -> writer(failing, 3).write(dir, QUIET));
        assertEquals(failAt, e.index());
        assertTrue(e.getMessage().contains("sample " + failAt + " failed") && e.getMessage().contains("simulation diverged"), e.getMessage());
        JsonNode m = manifest(dir);
        assertFalse(m.path("complete").asBoolean());
        List<String> done = new ArrayList<>();
        m.path("shards").forEach(s -> {
            if (s.path("done").asBoolean()) done.add(s.path("split").asText() + s.path("number").asInt());
        });
        assertEquals(List.of("train0", "train1", "train2"), done);
        assertEquals(List.of(), temporaryFiles(dir), "the abandoned shard leaves no temporary files");
        assertFalse(Files.exists(dir.resolve("train/data-00003.npy")));

        SyntheticSweeps healthy = new SyntheticSweeps(SIZE, CLASSES);
        WhiskerDatasetWriter.Result result = writer(healthy, 3).write(dir, QUIET);
        assertEquals(SIZE - 3 * SHARD, healthy.calls.get(), "only the samples of unfinished shards are simulated again");
        assertEquals(new WhiskerDatasetWriter.Result(dir.toAbsolutePath().toString(), SIZE, SIZE - 3 * SHARD, 6, 3, 0, true, false), result);
        assertSameFiles(shardFiles(reference), shardFiles(dir));

        SyntheticSweeps again = new SyntheticSweeps(SIZE, CLASSES);
        assertEquals(0, writer(again, 2).write(dir, QUIET).samplesWritten());
        assertEquals(0, again.calls.get(), "a complete dataset is left as it is");
    }

    private static List<Integer> manifestIndices(Path dir, String split, int shard) throws IOException {
        JsonNode sweeps = JSON.readTree(dir.resolve(String.format("%s/sweeps-%05d.json", split, shard)).toFile());
        List<Integer> indices = new ArrayList<>();
        sweeps.path("samples").forEach(s -> indices.add(s.path("index").asInt()));
        return indices;
    }

    @Test
    void damagedShardsAreFoundAndRedone() throws IOException {
        Path dir = tmp.resolve("ds");
        writer(new SyntheticSweeps(SIZE, CLASSES), 2).write(dir, QUIET);
        Map<String, byte[]> original = shardFiles(dir);

        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("train/data-00002.npy").toFile(), "rw")) {
            f.setLength(f.length() - 1000); // a copy cut short
        }
        Files.delete(dir.resolve("validate/labels-00000.npy"));
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("test/data-00000.npy").toFile(), "rw")) {
            f.seek(5000); // same length, one byte changed
            int b = f.read();
            f.seek(5000);
            f.write(b ^ 1);
        }
        Files.writeString(dir.resolve("train/data-00004.npy.partial"), "half a shard");

        Map<String, String> damaged = new TreeMap<>();
        SyntheticSweeps source = new SyntheticSweeps(SIZE, CLASSES);
        WhiskerDatasetWriter.Result result = writer(source, 2).write(dir, new WhiskerDatasetWriter.Listener() {
            @Override
            public void shardDamaged(String shard, String reason) {
                damaged.put(shard, reason);
            }
        });
        assertEquals(Set.of("train/00002", "validate/00000", "test/00000"), damaged.keySet());
        assertTrue(damaged.get("train/00002").contains("bytes"), damaged.get("train/00002"));
        assertTrue(damaged.get("validate/00000").contains("missing"), damaged.get("validate/00000"));
        assertTrue(damaged.get("test/00000").contains("CRC-32"), damaged.get("test/00000"));
        assertEquals(SHARD + 6 + 6, source.calls.get());
        assertEquals(3, result.shardsDamaged());
        assertEquals(6, result.shardsKept());
        assertSameFiles(original, shardFiles(dir));
        assertEquals(List.of(), temporaryFiles(dir));
    }

    @Test
    void otherSettingsAreRefusedNamingEachDifference() throws IOException {
        Path dir = tmp.resolve("ds");
        writer(new SyntheticSweeps(SIZE, CLASSES), 2).write(dir, QUIET);
        Map<String, byte[]> before = shardFiles(dir);
        String manifestBefore = Files.readString(dir.resolve("dataset.json"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WhiskerDatasetWriter(
                new SyntheticSweeps(SIZE, CLASSES), Map.of("protocol", "synthetic", "per_class", 21, "seed", 1), CLASS_OF,
                WhiskerDatasetWriter.Options.defaults(2).withShardSize(8)).write(dir, QUIET));
        assertTrue(e.getMessage().contains("source.per_class: dataset has 20, this run has 21"), e.getMessage());
        assertTrue(e.getMessage().contains("seed: dataset has 1, this run has 2"), e.getMessage());
        assertTrue(e.getMessage().contains("shard_size: dataset has 7, this run has 8"), e.getMessage());
        assertFalse(e.getMessage().contains("class_names"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> writer(new SyntheticSweeps(SIZE + 3, CLASSES + 1), 2).write(dir, QUIET));
        assertTrue(e.getMessage().contains("size: dataset has 60, this run has 63") && e.getMessage().contains("class_names"), e.getMessage());

        assertSameFiles(before, shardFiles(dir));
        assertEquals(manifestBefore, Files.readString(dir.resolve("dataset.json")));
    }

    @Test
    void aDatasetMadeByAnotherSimulatorIsNotContinued() throws IOException {
        Path dir = tmp.resolve("ds");
        writer(new SyntheticSweeps(SIZE, CLASSES), 2).write(dir, QUIET);
        String manifest = Files.readString(dir.resolve("dataset.json"));
        assertTrue(manifest.contains("\"simulator_version\" : 2"), manifest);

        var newer = new SyntheticSweeps(SIZE, CLASSES, -1, Map.of("simulator_version", 3, "links_per_whisker", 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer(newer, 2).write(dir, QUIET));
        assertTrue(e.getMessage().contains("simulator.simulator_version: dataset has 2, this run has 3"), e.getMessage());
        assertTrue(e.getMessage().contains("simulator.links_per_whisker: dataset has 12, this run has 16"), e.getMessage());

        // A manifest from before datasets recorded their simulator (version 1).
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(manifest);
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("settings")).remove("simulator");
        Files.writeString(dir.resolve("dataset.json"), Json.text(root));
        e = assertThrows(IllegalArgumentException.class, () -> writer(new SyntheticSweeps(SIZE, CLASSES), 2).write(dir, QUIET));
        assertTrue(e.getMessage().contains("simulator: the dataset records none (it was made by simulator version 1"), e.getMessage());
    }

    @Test
    void refusesADirectoryThatHoldsSomethingElseOrIsBeingWritten() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> writer(new SyntheticSweeps(SIZE, CLASSES), 1).write(other, QUIET));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());

        Path busy = Files.createDirectories(tmp.resolve("busy"));
        try (FileChannel c = FileChannel.open(busy.resolve(WhiskerDatasetWriter.LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = c.lock()) {
            e = assertThrows(IllegalArgumentException.class, () -> writer(new SyntheticSweeps(SIZE, CLASSES), 1).write(busy, QUIET));
            assertTrue(e.getMessage().contains("another run"), e.getMessage());
        }
    }

    @Test
    void unusableSamplesAreRefusedWithTheirParameters() {
        SweepSource badLabel = source(i -> new SweepSample(i == 4 ? 7 : i % CLASSES, SyntheticSweeps.signals(i), SyntheticSweeps.parameters(i)));
        SampleFailedException e = assertThrows(SampleFailedException.class, () -> writer(badLabel, 2).write(tmp.resolve("a"), QUIET));
        assertEquals(4, e.index());
        assertTrue(e.getMessage().contains("label 7") && e.getMessage().contains("shape-4"), e.getMessage());

        SweepSource wrongClass = source(i -> new SweepSample(i == 5 ? 0 : i % CLASSES, SyntheticSweeps.signals(i), SyntheticSweeps.parameters(i)));
        e = assertThrows(SampleFailedException.class, () -> writer(wrongClass, 2).write(tmp.resolve("b"), QUIET));
        assertTrue(e.getMessage().contains("sample 5") && e.getMessage().contains("given for its index up front is 2"), e.getMessage());

        SweepSource nan = source(i -> {
            float[] s = SyntheticSweeps.signals(i);
            if (i == 6) s[35 * 6 * 2 + 6 * 3 + 1] = Float.NaN;
            return new SweepSample(i % CLASSES, s, SyntheticSweeps.parameters(i));
        });
        e = assertThrows(SampleFailedException.class, () -> writer(nan, 2).write(tmp.resolve("c"), QUIET));
        assertTrue(e.getMessage().contains("NaN at frame 2, cell 3, channel 1"), e.getMessage());
    }

    private static SweepSource source(java.util.function.IntFunction<SweepSample> sample) {
        return new SweepSource() {
            @Override
            public List<String> classNames() {
                return List.of("shape0", "shape1", "shape2");
            }

            @Override
            public int size() {
                return SIZE;
            }

            @Override
            public SweepSample sample(int index) {
                return sample.apply(index);
            }
        };
    }

    @Test
    void aStopRequestKeepsFinishedShardsAndTheRunResumes() throws IOException {
        Path dir = tmp.resolve("ds");
        WhiskerDatasetWriter writer = writer(new SyntheticSweeps(SIZE, CLASSES), 2);
        int[] written = {0};
        WhiskerDatasetWriter.Result result = writer.write(dir, new WhiskerDatasetWriter.Listener() {
            @Override
            public void sampleWritten() {
                if (++written[0] == 2 * SHARD + 3) writer.requestStop(); // e.g. from a Ctrl-C hook
            }
        });
        assertTrue(result.stopped());
        assertFalse(result.complete());
        assertEquals(2, result.shardsWritten());
        assertEquals(List.of(), temporaryFiles(dir));

        SyntheticSweeps rest = new SyntheticSweeps(SIZE, CLASSES);
        assertTrue(writer(rest, 2).write(dir, QUIET).complete());
        assertEquals(SIZE - 2 * SHARD, rest.calls.get());
    }
}
