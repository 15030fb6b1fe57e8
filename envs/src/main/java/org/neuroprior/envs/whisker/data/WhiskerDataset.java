package org.neuroprior.envs.whisker.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.neuroprior.envs.whisker.SweepSample;

/**
 * A finished whisker dataset, as {@code neuroprior whisker-data} writes it, opened for reading: the sweeps of each
 * split with their labels. Used by {@code whisker-sweep}'s replay and by anything that trains on the datasets.
 *
 * <pre>{@code
 * WhiskerDataset data = WhiskerDataset.open(Path.of("data/whisker/mini"));
 * WhiskerDataset.Samples train = data.split(Split.TRAIN);
 * for (int i = 0; i < train.size(); i++) {
 *     FloatBuffer sweep = train.signals(i);   // 110 x 35 x 6 floats, a read-only view of the mapped shard
 *     int label = train.label(i);             // class data.classNames().get(label)
 * }
 * }</pre>
 *
 * <p><b>What is checked at {@link #open}</b>, before any sample is read: the manifest ({@link WhiskerManifest#read})
 * is of the known format and calls the dataset complete; it names at least one class; every shard of every split is
 * done, its data and labels files exist, their NPY headers are float32 (n, 110, 35, 6) and int64 (n,) with the n the
 * manifest records, and each file's length matches its header; every label lies in 0..classes-1. The CRC-32s are not
 * recomputed here (that reads every byte; running the same {@code whisker-data} command again checks them).
 *
 * <p><b>Memory</b>: data files are memory-mapped, read-only, never loaded whole: a sample is read from the page cache
 * when it is touched, so a dataset larger than the RAM can be used. Labels (8 bytes a sample) are read at open. Shards
 * larger than 2 GB are mapped in several pieces of whole samples.
 *
 * <p><b>Order</b>: sample {@code i} of a split is the i-th sample of its shards taken in shard-number order, which is
 * the order the writer put them in (the split's sample indices ascending). The per-sample descriptions
 * ({@code sweeps-*.json}) are not read.
 *
 * <p>Immutable once open and safe to read from several threads; nothing needs closing (a mapping is released when it
 * is garbage-collected).
 */
public final class WhiskerDataset {
    /** Floats in one sample: {@value SweepSample#FRAMES} frames x {@value SweepSample#CELLS} cells x {@value SweepSample#CHANNELS} channels. */
    public static final int SAMPLE_FLOATS = SweepSample.SIZE;
    private static final long SAMPLE_BYTES = (long) SAMPLE_FLOATS * Float.BYTES;
    /** Samples in one mapped piece: as many as fit in a ByteBuffer (2 GB). */
    private static final int SAMPLES_PER_PIECE = (int) (Integer.MAX_VALUE / SAMPLE_BYTES);

    private final WhiskerManifest manifest;
    private final Map<Split, Samples> splits;

    private WhiskerDataset(WhiskerManifest manifest, Map<Split, Samples> splits) {
        this.manifest = manifest;
        this.splits = splits;
    }

    /**
     * Opens the dataset in {@code directory} after the checks listed above.
     *
     * @throws IllegalArgumentException one line naming the dataset and what is wrong: no manifest, another format, not
     *                                  complete (with how many sweeps are done), no classes, a missing or unfinished
     *                                  shard, a file whose shape, type or length is not what the manifest records, a
     *                                  label out of range
     * @throws IOException              if a file that is there cannot be read
     */
    public static WhiskerDataset open(Path directory) throws IOException {
        WhiskerManifest manifest = WhiskerManifest.read(directory);
        String name = "whisker dataset " + directory;
        if (!manifest.complete()) {
            int planned = manifest.shards().stream().mapToInt(WhiskerManifest.Shard::samples).sum();
            int done = manifest.shards().stream().filter(WhiskerManifest.Shard::done).mapToInt(WhiskerManifest.Shard::samples).sum();
            throw new IllegalArgumentException(name + " is not complete (" + done + " of " + planned
                    + " sweeps written): run the same whisker-data command again to finish it");
        }
        int classes = manifest.classNames().size();
        if (classes == 0) throw new IllegalArgumentException(name + " names no classes (settings.class_names is empty)");
        Map<Split, Samples> splits = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            List<WhiskerManifest.Shard> shards = manifest.shards(split);
            if (shards.isEmpty()) throw new IllegalArgumentException(name + " lists no shard of the " + split.directory() + " split");
            List<ByteBuffer> pieces = new ArrayList<>();
            List<Integer> pieceStarts = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (WhiskerManifest.Shard shard : shards) {
                String shardName = split.directory() + " shard " + shard.number();
                if (!shard.done()) throw new IllegalArgumentException(name + ": " + shardName + " is not finished");
                long[] shardLabels = readLabels(directory, shard, name);
                for (long label : shardLabels) {
                    if (label < 0 || label >= classes) {
                        throw new IllegalArgumentException(name + ": " + shard.labels().file() + " holds label " + label + ", outside 0.."
                                + (classes - 1) + " (" + classes + " classes)");
                    }
                    labels.add((int) label);
                }
                mapData(directory, shard, name, labels.size() - shardLabels.length, pieces, pieceStarts);
            }
            splits.put(split, new Samples(split, labels.stream().mapToInt(Integer::intValue).toArray(), pieces,
                    pieceStarts.stream().mapToInt(Integer::intValue).toArray()));
        }
        return new WhiskerDataset(manifest, splits);
    }

    /**
     * Opens the dataset as {@link #open(Path)} does and, with {@code checksums}, also reads every finished shard's
     * three files in full and compares their CRC-32s with the manifest's (what a training run does before it starts,
     * so that a damaged shard is refused rather than learned from).
     *
     * @throws IllegalArgumentException as {@link #open(Path)}, or one line naming a file whose CRC-32 differs
     */
    public static WhiskerDataset open(Path directory, boolean checksums) throws IOException {
        WhiskerDataset dataset = open(directory);
        if (checksums) {
            for (WhiskerManifest.Shard shard : dataset.manifest.shards()) {
                for (WhiskerManifest.ShardFile f : List.of(shard.data(), shard.labels(), shard.sweeps())) {
                    Path file = existing(directory, f.file(), "whisker dataset " + directory);
                    FileDigest actual = FileDigest.of(file);
                    if (!actual.equals(f.digest())) {
                        throw new IllegalArgumentException("whisker dataset " + directory + ": " + f.file() + " has CRC-32 " + actual.crc32()
                                + " and " + actual.bytes() + " bytes, the manifest records " + f.digest().crc32() + " and " + f.digest().bytes()
                                + " (damaged: run the same whisker-data command again to redo it)");
                    }
                }
            }
        }
        return dataset;
    }

    /**
     * A permutation of {@code 0 .. n - 1} drawn from {@code rng} (Fisher-Yates): the order in which a split's samples
     * are visited, by replay and by training, the same for the same stream on every machine.
     */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static long[] readLabels(Path directory, WhiskerManifest.Shard shard, String name) throws IOException {
        Path file = existing(directory, shard.labels().file(), name);
        NpyReader.Layout layout = layout(file, name);
        if (!layout.header().equals(NpyHeader.int64(shard.samples()))) {
            throw new IllegalArgumentException(name + ": " + shard.labels().file() + " holds " + layout.header() + ", the manifest records "
                    + shard.samples() + " int64 labels");
        }
        return NpyReader.readInt64(file);
    }

    private static void mapData(Path directory, WhiskerManifest.Shard shard, String name, int firstSample, List<ByteBuffer> pieces,
                                List<Integer> pieceStarts) throws IOException {
        Path file = existing(directory, shard.data().file(), name);
        NpyReader.Layout layout = layout(file, name);
        NpyHeader wanted = NpyHeader.float32(shard.samples(), SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS);
        if (!layout.header().equals(wanted)) {
            throw new IllegalArgumentException(name + ": " + shard.data().file() + " holds " + layout.header() + ", the manifest needs " + wanted);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int from = 0; from < shard.samples(); from += SAMPLES_PER_PIECE) {
                int count = Math.min(SAMPLES_PER_PIECE, shard.samples() - from);
                MappedByteBuffer piece = channel.map(FileChannel.MapMode.READ_ONLY, layout.dataOffset() + from * SAMPLE_BYTES, count * SAMPLE_BYTES);
                pieces.add(piece);
                pieceStarts.add(firstSample + from);
            }
        }
    }

    private static Path existing(Path directory, String relative, String name) {
        Path file = directory.resolve(relative);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(name + ": " + relative + " is missing");
        return file;
    }

    private static NpyReader.Layout layout(Path file, String name) throws IOException {
        try {
            return NpyReader.layout(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(name + ": " + file + " is missing", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e); // a truncated or foreign file is bad input
        }
    }

    /** The manifest as read at open. */
    public WhiskerManifest manifest() {
        return manifest;
    }

    /** Class names in label order (the manifest's {@code settings.class_names}). */
    public List<String> classNames() {
        return manifest.classNames();
    }

    /** The samples of one split (possibly none). */
    public Samples split(Split split) {
        return splits.get(split);
    }

    @Override
    public String toString() {
        return "WhiskerDataset[" + manifest.directory() + ", " + classNames().size() + " classes, train " + split(Split.TRAIN).size()
                + ", validate " + split(Split.VALIDATE).size() + ", test " + split(Split.TEST).size() + "]";
    }

    /** The sweeps of one split and their labels, indexed 0..size()-1. Thread-safe. */
    public static final class Samples {
        private final Split split;
        private final int[] labels;
        private final List<ByteBuffer> pieces;
        private final int[] pieceStarts;

        private Samples(Split split, int[] labels, List<ByteBuffer> pieces, int[] pieceStarts) {
            this.split = split;
            this.labels = labels;
            this.pieces = List.copyOf(pieces);
            this.pieceStarts = pieceStarts;
        }

        public Split split() {
            return split;
        }

        /** How many sweeps the split holds. */
        public int size() {
            return labels.length;
        }

        /**
         * The class index of sample {@code i}, in 0..classes-1.
         *
         * @throws IndexOutOfBoundsException if {@code i} is not in 0..size()-1
         */
        public int label(int i) {
            return labels[java.util.Objects.checkIndex(i, labels.length)];
        }

        /** Every label, in sample order (a copy). */
        public int[] labels() {
            return labels.clone();
        }

        /**
         * Sample {@code i}'s signals as a read-only view of the mapped file: {@value #SAMPLE_FLOATS} floats, row-major
         * (frame, grid cell, channel), forces in micronewtons and moments in micronewton-millimetres as the simulator
         * recorded them ({@link SweepSample}). Position 0, limit {@value #SAMPLE_FLOATS}; each call returns a new view.
         *
         * @throws IndexOutOfBoundsException if {@code i} is not in 0..size()-1
         */
        public FloatBuffer signals(int i) {
            java.util.Objects.checkIndex(i, labels.length);
            int p = java.util.Arrays.binarySearch(pieceStarts, i);
            if (p < 0) p = -p - 2;
            int within = i - pieceStarts[p];
            return pieces.get(p).slice((int) (within * SAMPLE_BYTES), (int) SAMPLE_BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .asReadOnlyBuffer();
        }

        /**
         * Copies sample {@code i}'s signals (as {@link #signals(int)}) into {@code into} (or a new array if null) and
         * returns it.
         *
         * @throws IllegalArgumentException  if {@code into} is not null and has another length than {@value #SAMPLE_FLOATS}
         * @throws IndexOutOfBoundsException if {@code i} is not in 0..size()-1
         */
        public float[] signals(int i, float[] into) {
            if (into == null) into = new float[SAMPLE_FLOATS];
            if (into.length != SAMPLE_FLOATS) throw new IllegalArgumentException("need " + SAMPLE_FLOATS + " floats, got " + into.length);
            signals(i).get(into);
            return into;
        }
    }
}
