package org.neuroprior.envs.whisker.data;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.SweepSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A whisker dataset as {@code neuroprior whisker-data} writes it, opened for reading: every split's shards
 * memory-mapped, so a dataset larger than memory is read as it is used (the operating system pages it in and out),
 * and nothing but the labels is held on the heap.
 *
 * <p><b>Format</b> (the writer, {@code org.neuroprior.experiments.data.WhiskerDatasetWriter}, documents it in full):
 * {@value #MANIFEST} ({@code format} {@value #FORMAT}, {@code format_version} {@value #FORMAT_VERSION}, the settings
 * with {@code class_names}, and every shard with its files' lengths and CRC-32s), and per split
 * {@code data-NNNNN.npy} (float32, {@code (n, 110, 35, 6)}: time, grid cell, channel), {@code labels-NNNNN.npy}
 * (int64, {@code (n,)}) and {@code sweeps-NNNNN.json} (each sample's parameters).
 *
 * <p><b>Checks on opening</b>, each refused with an {@link InvalidDatasetException} whose one-line message names the
 * folder or file and what is wrong: a folder without {@value #MANIFEST} (not a dataset), a manifest of another format
 * or version, an incomplete dataset (an interrupted {@code whisker-data} run: running it again finishes it), a shard
 * whose file is missing or has another length, CRC-32, shape or dtype than recorded, a label outside the classes.
 *
 * <p>Reads never move a buffer's position, so one dataset may be read from several threads at once.
 */
public final class WhiskerDataset implements AutoCloseable {
    /** The manifest's file name. */
    public static final String MANIFEST = "dataset.json";
    /** The manifest's {@code format}. */
    public static final String FORMAT = "neuroprior-whisker-dataset";
    /** The manifest's {@code format_version} this build writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The six channels of each grid cell and frame, in order. */
    public static final List<String> CHANNELS = List.of("Fx", "Fy", "Fz", "Mx", "My", "Mz");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final List<String> classNames;
    private final Map<String, Object> settings;
    private final Map<Split, Part> parts = new EnumMap<>(Split.class);

    private WhiskerDataset(Path directory, List<String> classNames, Map<String, Object> settings) {
        this.directory = directory;
        this.classNames = List.copyOf(classNames);
        this.settings = Collections.unmodifiableMap(settings);
    }

    /**
     * Opens the dataset in {@code directory}, checking every shard's files in full (lengths, CRC-32s, headers).
     *
     * @throws InvalidDatasetException (an IllegalArgumentException) in one line naming the folder or file and the
     *                                 problem, for every refusal listed in the class comment
     * @throws IOException             if a file that passed its checks cannot be mapped
     */
    public static WhiskerDataset open(Path directory) throws IOException {
        return open(directory, true);
    }

    /**
     * Opens the dataset in {@code directory}.
     *
     * @param checksums whether to read every file for its CRC-32 (a full pass over the data); without, lengths and
     *                  headers are still checked
     * @throws InvalidDatasetException as {@link #open(Path)}
     */
    public static WhiskerDataset open(Path directory, boolean checksums) throws IOException {
        if (!Files.isDirectory(directory)) throw new InvalidDatasetException("dataset folder " + directory + " does not exist");
        Path manifest = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new InvalidDatasetException(directory + " is not a whisker dataset: it has no " + MANIFEST
                    + " (make one with neuroprior whisker-data)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            throw new InvalidDatasetException(manifest + " is not readable JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("format_version").asInt() != FORMAT_VERSION) {
            throw new InvalidDatasetException(manifest + " is not a " + FORMAT + " manifest of version " + FORMAT_VERSION);
        }
        JsonNode settingsNode = root.path("settings");
        List<String> classes = new ArrayList<>();
        settingsNode.path("class_names").forEach(c -> classes.add(c.asText()));
        if (classes.isEmpty()) throw new InvalidDatasetException(manifest + " names no classes (settings.class_names)");
        Map<String, Object> settings = JSON.convertValue(settingsNode, new TypeReference<LinkedHashMap<String, Object>>() { });

        JsonNode shards = root.path("shards");
        int missing = 0;
        for (JsonNode shard : shards) if (!shard.path("done").asBoolean(false)) missing++;
        if (missing > 0 || !root.path("complete").asBoolean(false) || shards.isEmpty()) {
            throw new InvalidDatasetException("the dataset in " + directory + " is incomplete: " + missing + " of " + shards.size()
                    + " shards are not written (an interrupted whisker-data run: run it again with the same options to finish it)");
        }
        WhiskerDataset dataset = new WhiskerDataset(directory, classes, settings);
        Map<Split, List<Shard>> bySplit = new EnumMap<>(Split.class);
        for (Split s : Split.values()) bySplit.put(s, new ArrayList<>());
        for (JsonNode node : shards) {
            Split split;
            try {
                split = Split.named(node.path("split").asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidDatasetException(manifest + ": " + e.getMessage());
            }
            bySplit.get(split).add(dataset.shard(node, checksums));
        }
        for (Split s : Split.values()) {
            List<Shard> list = bySplit.get(s);
            list.sort((a, b) -> Integer.compare(a.number, b.number));
            dataset.parts.put(s, dataset.new Part(s, list));
        }
        return dataset;
    }

    private Shard shard(JsonNode node, boolean checksums) throws IOException {
        int samples = node.path("samples").asInt(-1);
        String name = node.path("split").asText() + "/" + node.path("number").asText();
        if (samples < 0) throw new InvalidDatasetException(directory.resolve(MANIFEST) + ": shard " + name + " has no sample count");
        ShardCheck.Recorded data = recorded(node.path("data"), name);
        ShardCheck.Recorded labels = recorded(node.path("labels"), name);
        ShardCheck.Recorded sweeps = recorded(node.path("sweeps"), name);
        Optional<String> problem = ShardCheck.problem(directory, data, labels, sweeps, samples, checksums);
        if (problem.isPresent()) {
            throw new InvalidDatasetException("the dataset in " + directory + " has a damaged shard: " + problem.get());
        }
        long[] longLabels = NpyReader.readInt64(directory.resolve(labels.file()));
        int[] ints = new int[longLabels.length];
        for (int i = 0; i < ints.length; i++) {
            if (longLabels[i] < 0 || longLabels[i] >= classNames.size()) {
                throw new InvalidDatasetException(labels.file() + " in " + directory + " has label " + longLabels[i] + " at row " + i
                        + ", outside 0.." + (classNames.size() - 1));
            }
            ints[i] = (int) longLabels[i];
        }
        Path dataFile = directory.resolve(data.file());
        NpyReader.Layout layout = NpyReader.layout(dataFile);
        FloatBuffer values;
        try (FileChannel channel = FileChannel.open(dataFile, StandardOpenOption.READ)) {
            values = channel.map(FileChannel.MapMode.READ_ONLY, layout.dataOffset(), layout.fileBytes() - layout.dataOffset())
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        }
        return new Shard(node.path("number").asInt(), values, ints, directory.resolve(sweeps.file()));
    }

    private ShardCheck.Recorded recorded(JsonNode file, String shard) {
        try {
            return new ShardCheck.Recorded(file.path("file").asText(), new FileDigest(file.path("bytes").asLong(-1), file.path("crc32").asText("")));
        } catch (IllegalArgumentException e) {
            throw new InvalidDatasetException(directory.resolve(MANIFEST) + ": shard " + shard + " records no valid file digest (" + e.getMessage() + ")");
        }
    }

    /** One shard: its data mapped, its labels read. */
    private record Shard(int number, FloatBuffer values, int[] labels, Path sweeps) {
    }

    /** The folder the dataset was opened from. */
    public Path directory() {
        return directory;
    }

    /** The class names in label order. */
    public List<String> classNames() {
        return classNames;
    }

    /** The manifest's {@code settings} (source description, size, class names, seed, shard size, split fractions). */
    public Map<String, Object> settings() {
        return settings;
    }

    /** One split's samples. */
    public Part split(Split split) {
        return parts.get(split);
    }

    /** The shape of one sample: {@code [110, 35, 6]} (time, grid cell, channel). */
    public static int[] sampleShape() {
        return new int[] {SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS};
    }

    /**
     * The samples of one split, indexed 0 .. size - 1 in shard order. It is a {@link SweepSource}, so whatever replays
     * sweeps can take a split in place of a simulator.
     */
    public final class Part implements SweepSource {
        private final Split split;
        private final Shard[] shards;
        private final int[] starts;
        private final int[] labels;
        private final Map<Integer, List<Map<String, Object>>> parameters = new java.util.concurrent.ConcurrentHashMap<>();

        private Part(Split split, List<Shard> shards) {
            this.split = split;
            this.shards = shards.toArray(Shard[]::new);
            this.starts = new int[this.shards.length + 1];
            for (int k = 0; k < this.shards.length; k++) starts[k + 1] = starts[k] + this.shards[k].labels().length;
            this.labels = new int[starts[this.shards.length]];
            for (int k = 0; k < this.shards.length; k++) {
                System.arraycopy(this.shards[k].labels(), 0, labels, starts[k], this.shards[k].labels().length);
            }
        }

        public Split name() {
            return split;
        }

        @Override
        public List<String> classNames() {
            return classNames;
        }

        /** Samples in this split (0 for an empty split). */
        @Override
        public int size() {
            return labels.length;
        }

        /** The class index of sample {@code i}. */
        public int label(int i) {
            return labels[i];
        }

        /** Every sample's class index, in order (a copy). */
        public int[] labels() {
            return labels.clone();
        }

        /**
         * Copies sample {@code i}'s {@link SweepSample#SIZE} floats (time, grid cell, channel; row-major) into
         * {@code into[offset ..]} straight from the mapped file: no allocation.
         *
         * @throws IndexOutOfBoundsException if {@code i} is not in 0 .. size - 1 or {@code into} is too short
         */
        public void read(int i, float[] into, int offset) {
            int k = shardOf(i);
            shards[k].values().get((i - starts[k]) * SweepSample.SIZE, into, offset, SweepSample.SIZE);
        }

        /** Sample {@code i} with its parameters (read from the shard's sweeps file the first time one of it is asked for). */
        @Override
        public SweepSample sample(int i) {
            float[] signals = new float[SweepSample.SIZE];
            read(i, signals, 0);
            int k = shardOf(i);
            List<Map<String, Object>> p = parameters.computeIfAbsent(k, this::readParameters);
            return new SweepSample(labels[i], signals, p.get(i - starts[k]));
        }

        private List<Map<String, Object>> readParameters(int k) {
            try {
                JsonNode root = JSON.readTree(shards[k].sweeps().toFile());
                List<Map<String, Object>> out = new ArrayList<>();
                for (JsonNode s : root.path("samples")) {
                    out.add(JSON.convertValue(s.path("parameters"), new TypeReference<LinkedHashMap<String, Object>>() { }));
                }
                return out;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + shards[k].sweeps(), e);
            }
        }

        private int shardOf(int i) {
            if (i < 0 || i >= labels.length) throw new IndexOutOfBoundsException("sample " + i + " of the " + split.directory() + " split's " + labels.length);
            int k = Arrays.binarySearch(starts, i);
            if (k < 0) return -k - 2;
            while (k + 1 < starts.length && starts[k + 1] == i) k++; // skip empty shards
            return k;
        }

        /**
         * A seeded order of this split's samples: a permutation of 0 .. size - 1 (Fisher-Yates from a
         * {@link SplittableRandom} seeded with {@code seed}), the same for the same seed on every machine.
         */
        public int[] order(long seed) {
            int[] order = new int[labels.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return order;
        }
    }

    /** Drops the mappings (the operating system unmaps them once they are collected). */
    @Override
    public void close() {
        parts.clear();
    }

    /** A folder that is not a usable whisker dataset: an expected failure with a one-line message. */
    public static final class InvalidDatasetException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidDatasetException(String message) {
            super(message);
        }
    }
}
