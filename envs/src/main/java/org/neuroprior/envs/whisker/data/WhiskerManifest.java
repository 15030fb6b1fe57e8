package org.neuroprior.envs.whisker.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The manifest {@value #FILE} of a whisker dataset as read from disk: the one reader of that file, used by the
 * dataset writer (to resume) and by {@link WhiskerDataset} (to replay). The layout is the README's "Whisker datasets
 * on disk": {@code format}, {@code format_version}, {@code complete}, {@code settings} (with {@code class_names} in
 * label order), {@code sample} (dtype, shape), {@code splits} (per-split counts) and {@code shards} (one entry per
 * planned shard; a finished one names its three files with their lengths and CRC-32s).
 *
 * @param directory   the dataset directory
 * @param complete    what the manifest says: every planned shard is done
 * @param created     when the dataset was started (ISO-8601 text, as stored)
 * @param settings    the {@code settings} object as stored (what decides the content; the writer compares it on resume)
 * @param classNames  {@code settings.class_names}: label k is class {@code classNames.get(k)}
 * @param shards      every planned shard, in manifest order
 */
public record WhiskerManifest(Path directory, boolean complete, String created, JsonNode settings, List<String> classNames,
                              List<Shard> shards) {
    /** The manifest's file name inside the dataset directory. */
    public static final String FILE = "dataset.json";
    /** The value of the manifest's {@code format} field. */
    public static final String FORMAT = "neuroprior-whisker-dataset";
    /** The manifest layout version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public WhiskerManifest {
        classNames = List.copyOf(classNames);
        shards = List.copyOf(shards);
    }

    /**
     * One file of a finished shard.
     *
     * @param file   its path relative to the dataset directory, with '/'
     * @param digest its length and CRC-32 as recorded when it was written
     */
    public record ShardFile(String file, FileDigest digest) {
    }

    /**
     * One planned shard.
     *
     * @param split       its split
     * @param number      its number within the split (0, 1, ...)
     * @param samples     how many samples it holds (or will hold)
     * @param data        the float32 (samples, 110, 35, 6) array; null while the shard is not done
     * @param labels      the int64 (samples,) labels; null while not done
     * @param sweeps      the per-sample JSON description; null while not done
     * @param classCounts samples of each class (label order); empty while not done
     */
    public record Shard(Split split, int number, int samples, ShardFile data, ShardFile labels, ShardFile sweeps,
                        List<Integer> classCounts) {
        public Shard {
            classCounts = List.copyOf(classCounts);
        }

        /** Whether the manifest records the shard as finished (its files named, with digests). */
        public boolean done() {
            return data != null;
        }
    }

    /**
     * Reads {@code directory/dataset.json}.
     *
     * @throws IllegalArgumentException if the directory or the file is missing, not readable JSON, not a manifest of {@link #FORMAT}
     *                                  version {@link #FORMAT_VERSION}, or has a shard entry without a valid split,
     *                                  number and sample count (each message names the file and what is wrong). A
     *                                  finished shard whose file entries are unreadable is read as not done.
     * @throws IOException              if the file exists but cannot be read
     */
    public static WhiskerManifest read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException((Files.exists(directory) ? directory + " is not a directory" : "no directory " + directory)
                    + "; accepted: a whisker dataset directory (written by whisker-data, with " + FILE + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(directory + " holds no " + FILE + ": not a whisker dataset (make one with whisker-data)");
        }
        JsonNode root = tree(file);
        JsonNode settings = root.path("settings");
        List<String> classNames = new ArrayList<>();
        settings.path("class_names").forEach(n -> classNames.add(n.asText()));
        List<Shard> shards = new ArrayList<>();
        for (JsonNode node : root.path("shards")) {
            try {
                shards.add(shard(node));
            } catch (RuntimeException malformed) {
                throw new IllegalArgumentException(file + " has a malformed shard entry " + node + " (" + malformed.getMessage() + ")", malformed);
            }
        }
        return new WhiskerManifest(directory, root.path("complete").asBoolean(false), root.path("created").asText(""), settings,
                classNames, shards);
    }

    /** The file's JSON tree, checked to exist and to be a manifest of {@link #FORMAT} version {@link #FORMAT_VERSION}. */
    private static JsonNode tree(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no manifest file " + file + "; accepted: a " + FILE + " written by whisker-data");
        try (InputStream in = Files.newInputStream(file)) {
            return tree(in, file.toString());
        }
    }

    /** The stream's JSON tree, checked to be a manifest of {@link #FORMAT} version {@link #FORMAT_VERSION}; errors name {@code name}. */
    private static JsonNode tree(InputStream in, String name) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(name + " is not readable JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("format_version").asInt() != FORMAT_VERSION) {
            throw new IllegalArgumentException(name + " is not a " + FORMAT + " manifest of version " + FORMAT_VERSION);
        }
        return root;
    }

    /**
     * The manifest's top-level fields that describe the run that wrote the dataset rather than its data:
     * {@code created} (when it was started). Everything else identifies the data (settings with the simulator's
     * version, the sample's dtype and shape, splits and per-class counts, every shard's sample count and its files'
     * names, lengths and CRC-32s), so {@link #dataDifference} compares it.
     */
    public static final Set<String> NOT_DATA = Set.of("created");

    /**
     * The first difference in data between two manifests, or empty when they describe the same dataset: the same
     * files with the same contents, made from the same settings. This is the one definition of "the same dataset"
     * (e.g. a regenerated dataset against a committed manifest). Every field but {@link #NOT_DATA} is compared, in
     * {@code reference}'s order, then the fields only {@code other} has; numbers compare by value (1 and 1.0 are equal),
     * arrays element by element. A dataset made from a label file records the file's absolute path in
     * {@code settings.source.objects}, so the same labels elsewhere count as different.
     *
     * @param reference a manifest file, e.g. a committed copy of {@code dataset.json}
     * @param other     another manifest file
     * @return e.g. {@code shards[3].data.crc32: <reference> has "0a1b2c3d", <other> has "99887766"} (one line, naming
     *         the field as a path of object keys and array indices and both files), or empty
     * @throws IllegalArgumentException if either file is not readable JSON or not a manifest of this format and version
     * @throws IOException              if a file cannot be read
     */
    public static Optional<String> dataDifference(Path reference, Path other) throws IOException {
        return difference(tree(reference), reference.toString(), tree(other), other.toString());
    }

    /**
     * {@link #dataDifference(Path, Path)} against a manifest read from a stream (e.g. a dataset store's, which may
     * not be a local file), named {@code otherName} in the line and in errors.
     *
     * @throws IllegalArgumentException if either is not readable JSON or not a manifest of this format and version
     * @throws IOException              if either cannot be read
     */
    public static Optional<String> dataDifference(Path reference, InputStream other, String otherName) throws IOException {
        return difference(tree(reference), reference.toString(), tree(other, otherName), otherName);
    }

    private static Optional<String> difference(JsonNode a, String aName, JsonNode b, String bName) {
        for (String key : keys(a, b)) {
            if (NOT_DATA.contains(key)) continue;
            Difference d = firstDifference(key, a.get(key), b.get(key));
            if (d != null) return Optional.of(d.path() + ": " + aName + " has " + text(d.a()) + ", " + bName + " has " + text(d.b()));
        }
        return Optional.empty();
    }

    /**
     * {@link #dataDifference} of the {@code settings} alone, before any sample is simulated: a run whose settings
     * differ from {@code reference}'s cannot make the same dataset.
     *
     * @param reference a manifest file
     * @param settings  the {@code settings} object a run will write
     * @return e.g. {@code settings.source.per_class: <reference> has 400, this run has 100}, or empty
     * @throws IllegalArgumentException if the file is missing, not readable JSON or not a manifest of this format and version
     * @throws IOException              if it cannot be read
     */
    public static Optional<String> settingsDifference(Path reference, JsonNode settings) throws IOException {
        JsonNode stored = tree(reference).get("settings");
        Difference d = firstDifference("settings", stored, settings);
        return d == null ? Optional.empty() : Optional.of(d.path() + ": " + reference + " has " + text(d.a()) + ", this run has " + text(d.b()));
    }

    /** Where two trees first differ: the path (keys joined by '.', indices as [i]) and both values (null: missing). */
    private record Difference(String path, JsonNode a, JsonNode b) {
    }

    /** The field names of two objects: {@code a}'s in order, then those only {@code b} has. */
    private static Set<String> keys(JsonNode a, JsonNode b) {
        Set<String> keys = new LinkedHashSet<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) keys.add(it.next());
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) keys.add(it.next());
        return keys;
    }

    private static Difference firstDifference(String path, JsonNode a, JsonNode b) {
        if (a == null || b == null) return a == b ? null : new Difference(path, a, b);
        if (a.isObject() && b.isObject()) {
            for (String key : keys(a, b)) {
                Difference found = firstDifference(path + "." + key, a.get(key), b.get(key));
                if (found != null) return found;
            }
            return null;
        }
        if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                Difference found = firstDifference(path + "[" + i + "]", a.get(i), b.get(i));
                if (found != null) return found;
            }
            return null;
        }
        boolean same = a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) == 0 : a.equals(b);
        return same ? null : new Difference(path, a, b);
    }

    private static String text(JsonNode node) {
        if (node == null) return "nothing";
        String text = node.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static Shard shard(JsonNode node) {

        Split split = Split.named(node.path("split").asText());
        int number = node.path("number").asInt(-1);
        int samples = node.path("samples").asInt(-1);
        if (number < 0 || samples < 0) throw new IllegalArgumentException("no valid number and samples");
        Shard notDone = new Shard(split, number, samples, null, null, null, List.of());
        if (!node.path("done").asBoolean(false)) return notDone;
        List<Integer> counts = new ArrayList<>();
        node.path("class_counts").forEach(c -> counts.add(c.asInt()));
        try {
            return new Shard(split, number, samples, file(node.path("data")), file(node.path("labels")), file(node.path("sweeps")), counts);
        } catch (IllegalArgumentException unreadableFiles) {
            return notDone; // a finished shard whose files cannot be named is not usable: the writer redoes it
        }
    }

    private static ShardFile file(JsonNode node) {
        String name = node.path("file").asText("");
        if (name.isEmpty()) throw new IllegalArgumentException("a finished shard's file has no name");
        return new ShardFile(name, new FileDigest(node.path("bytes").asLong(-1), node.path("crc32").asText("")));
    }

    /** The shards of one split, in shard-number order. */
    public List<Shard> shards(Split split) {
        return shards.stream().filter(s -> s.split() == split).sorted(java.util.Comparator.comparingInt(Shard::number)).toList();
    }
}
