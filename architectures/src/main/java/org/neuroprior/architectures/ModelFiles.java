package org.neuroprior.architectures;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

import org.neuroprior.common.AtomicFiles;
import org.neuroprior.envs.wrappers.RunningMeanStd;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Resolved;

/**
 * Stores a {@link Model} in a small self-describing text file (a run's {@code policy.model}): enough to rebuild it
 * through the registry, with its parameters and its observation statistics, so that the loaded model acts exactly
 * as the trained one.
 *
 * <pre>
 * neuroprior-model 1
 * architecture=mlp
 * input_shape=24
 * output_size=5
 * output=bounded
 * option.activation=tanh                (every option, in the architecture's order, as a user would type it)
 * option.hidden=[64, 64]
 * normalizer=count=..., mean=[...], var=[...]   (only for a model with a normaliser)
 * parameter_count=6090
 * crc32=1a2b3c4d                        (CRC-32 of the parameters' float bits, big-endian)
 * parameters
 * 0.0123                                (one per line, Float.toString: exact round trip)
 * </pre>
 */
public final class ModelFiles {
    static final String MAGIC = "neuroprior-model 1";

    private ModelFiles() {
    }

    /**
     * Writes {@code model} to {@code path} whole ({@link AtomicFiles#write}: a temporary sibling, then a move over
     * {@code path}), creating its folder if missing.
     *
     * @throws IOException if the folder or the file cannot be written; {@code path} is then as it was
     */
    public static void save(Model model, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Architecture architecture = Architectures.get(model.architecture());
        float[] p = model.parameters().toArray();
        AtomicFiles.write(path, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(MAGIC + "\n");
                w.write("architecture=" + model.architecture() + "\n");
                w.write("input_shape=" + String.join(",", Arrays.stream(model.io().inputShape()).mapToObj(String::valueOf).toList()) + "\n");
                w.write("output_size=" + model.outputSize() + "\n");
                w.write("output=" + model.io().output().name().toLowerCase(Locale.ROOT) + "\n");
                for (Option o : architecture.options().list()) {
                    w.write("option." + o.name() + "=" + o.format(model.options().get(o.name())) + "\n");
                }
                if (model.normalizer() != null) w.write("normalizer=" + model.normalizer().stats().toText() + "\n");
                w.write("parameter_count=" + p.length + "\n");
                w.write("crc32=" + Long.toHexString(crc(p)) + "\n");
                w.write("parameters\n");
                for (float v : p) w.write(Float.toString(v) + "\n");
            }
        });
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @throws IOException naming the file and what is wrong: unreadable, not a model file, truncated, corrupt
     *                     (checksum), an unknown architecture or options it does not accept
     */
    public static Model load(Path path) throws IOException {
        String where = path.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(where + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(where + ": not a NeuroPrior model file (not UTF-8 text)");
        }
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
            throw new IOException(where + ": not a NeuroPrior model file (its first line should be '" + MAGIC + "')");
        }
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, Object> options = new LinkedHashMap<>();
        int i = 1;
        for (; i < lines.size() && !lines.get(i).equals("parameters"); i++) {
            String line = lines.get(i);
            int eq = line.indexOf('=');
            if (eq <= 0) throw new IOException(where + ": line " + (i + 1) + ": expected key=value, got '" + line + "'");
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            boolean duplicate = key.startsWith("option.")
                    ? options.put(key.substring("option.".length()), value) != null : header.put(key, value) != null;
            if (duplicate) throw new IOException(where + ": line " + (i + 1) + ": duplicate key '" + key + "'");
        }
        if (i >= lines.size()) throw new IOException(where + ": truncated: no 'parameters' line");
        int count = integer(header, "parameter_count", where);
        List<String> values = lines.subList(i + 1, lines.size());
        if (values.size() != count) {
            throw new IOException(where + ": header says " + count + " parameters, the file has " + values.size() + " (truncated or corrupt)");
        }
        float[] p = new float[count];
        for (int k = 0; k < count; k++) {
            try {
                p[k] = Float.parseFloat(values.get(k));
            } catch (NumberFormatException e) {
                throw new IOException(where + ": line " + (i + 2 + k) + ": not a number: '" + values.get(k) + "'");
            }
        }
        String crcText = required(header, "crc32", where);
        long crc;
        try {
            crc = Long.parseLong(crcText, 16);
        } catch (NumberFormatException e) {
            throw new IOException(where + ": bad crc32 '" + crcText + "'");
        }
        if (crc != crc(p)) throw new IOException(where + ": the parameters do not match their crc32 (corrupt file)");
        Model model;
        try {
            Architecture architecture = Architectures.get(required(header, "architecture", where));
            int[] shape = Arrays.stream(required(header, "input_shape", where).split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
            ModelIO.Output output = ModelIO.Output.valueOf(required(header, "output", where).toUpperCase(Locale.ROOT));
            ModelIO io = new ModelIO(shape, integer(header, "output_size", where), output);
            Resolved resolved = architecture.options().resolve("architecture '" + architecture.name() + "'", options);
            model = architecture.create(io, resolved, 0L);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": cannot rebuild the model: " + e.getMessage(), e);
        }
        if (model.parameterCount() != count) {
            throw new IOException(where + ": this model has " + model.parameterCount() + " parameters, the file " + count);
        }
        model.parameters().set(p);
        String normalizer = header.get("normalizer");
        if ((normalizer != null) != (model.normalizer() != null)) {
            throw new IOException(where + ": observation statistics " + (normalizer == null ? "missing" : "given for a model without a normaliser"));
        }
        if (normalizer != null) {
            try {
                model.normalizer().restore(RunningMeanStd.Stats.parse(normalizer));
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": bad observation statistics: " + e.getMessage(), e);
            }
        }
        return model;
    }

    private static String required(Map<String, String> header, String key, String where) throws IOException {
        String v = header.get(key);
        if (v == null) throw new IOException(where + ": missing '" + key + "' in the header");
        return v;
    }

    private static int integer(Map<String, String> header, String key, String where) throws IOException {
        String v = required(header, key, where);
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IOException(where + ": '" + key + "' must be a non-negative integer, got '" + v + "'");
        }
    }

    static long crc(float[] values) {
        CRC32 crc = new CRC32();
        ByteBuffer buffer = ByteBuffer.allocate(4);
        for (float v : values) {
            buffer.clear();
            buffer.putInt(Float.floatToIntBits(v));
            crc.update(buffer.array(), 0, 4);
        }
        return crc.getValue();
    }
}
