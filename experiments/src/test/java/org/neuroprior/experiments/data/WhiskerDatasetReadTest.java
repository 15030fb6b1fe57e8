package org.neuroprior.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.data.FileDigest;
import org.neuroprior.envs.whisker.data.NpyHeader;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.envs.whisker.data.WhiskerDataset;
import org.neuroprior.envs.whisker.data.WhiskerDataset.InvalidDatasetException;

/** {@link WhiskerDataset} reads back exactly what {@link WhiskerDatasetWriter} wrote, and refuses what it must. */
class WhiskerDatasetReadTest {
    @TempDir
    Path tmp;

    /** 20 synthetic sweeps of 3 classes, shards of 3: train 16 (6 shards), validate 2, test 2. */
    private Path write(Path dir) throws Exception {
        var writer = new WhiskerDatasetWriter(new SyntheticSweeps(20, 3), Map.of("protocol", "synthetic"), i -> i % 3,
                WhiskerDatasetWriter.Options.defaults(4).withShardSize(3).withThreads(1));
        assertTrue(writer.write(dir, new WhiskerDatasetWriter.Listener() { }).complete());
        return dir;
    }

    @Test
    void readsEverySampleAsWrittenInShardOrder() throws Exception {
        Path dir = write(tmp.resolve("set"));
        try (WhiskerDataset data = WhiskerDataset.open(dir)) {
            assertEquals(java.util.List.of("shape0", "shape1", "shape2"), data.classNames());
            int total = 0;
            float[] row = new float[SweepSample.SIZE + 3];
            for (Split split : Split.values()) {
                WhiskerDataset.Part part = data.split(split);
                total += part.size();
                // The synthetic parameters name each sample's source index, so each row is checked against its source.
                for (int i = 0; i < part.size(); i++) {
                    SweepSample sample = part.sample(i);
                    int index = Integer.parseInt(((String) sample.parameters().get("mesh")).substring("shape-".length()));
                    assertArrayEquals(SyntheticSweeps.signals(index), sample.signals(), split + " " + i);
                    assertEquals(index % 3, part.label(i));
                    part.read(i, row, 3);
                    assertArrayEquals(sample.signals(), Arrays.copyOfRange(row, 3, row.length));
                }
            }
            assertEquals(20, total);
            WhiskerDataset.Part train = data.split(Split.TRAIN);
            int[] order = train.order(7);
            assertArrayEquals(order, train.order(7), "the same seed gives the same order");
            assertNotEquals(Arrays.toString(order), Arrays.toString(train.order(8)));
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i], "a permutation");
        }
    }

    @Test
    void refusesWhatIsNotAWholeIntactDataset() throws Exception {
        assertRefused(tmp.resolve("nothing"), "does not exist");
        Files.createDirectories(tmp.resolve("empty"));
        assertRefused(tmp.resolve("empty"), "not a whisker dataset");

        Path dir = write(tmp.resolve("set"));
        Path manifest = dir.resolve("dataset.json");
        String text = Files.readString(manifest);

        Files.writeString(manifest, text.replaceFirst("\"complete\" : true", "\"complete\" : false")
                .replaceFirst("\"done\" : true", "\"done\" : false"));
        assertRefused(dir, "incomplete");
        Files.writeString(manifest, text.replace(WhiskerDataset.FORMAT, "something-else"));
        assertRefused(dir, "not a " + WhiskerDataset.FORMAT);
        Files.writeString(manifest, text);

        Path data = dir.resolve("train/data-00001.npy");
        byte[] original = Files.readAllBytes(data);
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) { // one flipped byte in the data
            f.seek(original.length - 5);
            f.write(original[original.length - 5] ^ 0x40);
        }
        assertRefused(dir, "train/data-00001.npy has CRC-32");
        Files.write(data, Arrays.copyOf(original, original.length - 4));
        assertRefused(dir, "train/data-00001.npy has " + (original.length - 4) + " bytes");

        // A shard of another shape or dtype whose manifest entry was updated to match its length and CRC.
        Path other = tmp.resolve("other.npy");
        try (var w = new NpyWriter(other, NpyHeader.float32(3, 110, 30, 7))) {
            w.write(new float[3 * 110 * 30 * 7]);
            w.finish();
        }
        Files.write(data, original);
        assertEquals(Files.size(other), Files.size(data), "same element count, so the same length");
        Files.copy(other, data, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String crc = FileDigest.of(data).crc32();
        Files.writeString(manifest, text.replace(FileDigest.of(original.length, crc32(original)).crc32(), crc));
        assertRefused(dir, "holds <f4 [3, 110, 30, 7], not <f4 [3, 110, 35, 6]");
    }

    private static java.util.zip.CRC32 crc32(byte[] bytes) {
        var c = new java.util.zip.CRC32();
        c.update(bytes);
        return c;
    }

    private static void assertRefused(Path dir, String expected) {
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class, () -> WhiskerDataset.open(dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
