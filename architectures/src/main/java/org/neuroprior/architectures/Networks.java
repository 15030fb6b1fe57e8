package org.neuroprior.architectures;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Builds networks by name (so that experiments and checkpoints can name them in text) and stores them in small
 * self-describing files.
 *
 * <p>Kinds and their options (unknown keys or bad values give an {@link IllegalArgumentException} naming the key,
 * the value and what is accepted; strings are accepted for every value):
 * <ul>
 *   <li>{@code "mlp"}: see {@link MlpOptions}: {@code hidden} ([64, 64]), {@code activation} (tanh | relu),
 *       {@code output} (identity | tanh).</li>
 *   <li>{@code "ncap"}: joints = outputSize; see {@link NcapOptions}: {@code time_limit} (1000), {@code period} (60),
 *       {@code sign_constraints} (true), {@code init} (constant | random), {@code sharing} (true),
 *       {@code navigation} (false), {@code target_index} (= joints), {@code turn_joints} (1).</li>
 * </ul>
 *
 * <p>File format (UTF-8 text, one item a line):
 * <pre>
 * neuroprior-network 1
 * kind=ncap
 * inputSize=24
 * outputSize=5
 * option.init=constant          (every option, sorted; lists as 64,64)
 * ...
 * parameterCount=4
 * crc32=1a2b3c4d                (CRC-32 of Double.doubleToLongBits of each parameter, big-endian)
 * parameters
 * 1.0                            (one per line, Double.toString: exact round trip)
 * ...
 * </pre>
 */
public final class Networks {
    /** The kinds {@link #create} accepts. */
    public static final Set<String> KINDS = Set.of("mlp", "ncap");

    static final String MAGIC = "neuroprior-network 1";

    private Networks() {
    }

    /**
     * A new network of {@code kind}, initialised from {@code seed}.
     *
     * @param options the kind's options (null or empty for defaults)
     * @throws IllegalArgumentException for an unknown kind, option or bad value
     */
    public static ConfiguredNetwork create(String kind, int inputSize, int outputSize, Map<String, Object> options,
                                           long seed) {
        if (kind == null) throw new IllegalArgumentException("network kind is null; accepted: " + sorted(KINDS));
        return switch (kind) {
            case "mlp" -> new Mlp(inputSize, outputSize, MlpOptions.from(options), seed);
            case "ncap" -> {
                if (outputSize < 1) throw new IllegalArgumentException("ncap outputSize (= joints) must be >= 1, got " + outputSize);
                yield new Ncap(inputSize, NcapOptions.from(outputSize, options), seed);
            }
            default -> throw new IllegalArgumentException("unknown network kind '" + kind + "'; accepted: " + sorted(KINDS));
        };
    }

    /** The canonical options of {@code network}, accepted back by {@link #create}. */
    public static Map<String, Object> options(Network network) {
        if (network instanceof ConfiguredNetwork c) return c.options();
        throw new IllegalArgumentException("network of kind '" + network.kind() + "' (" + network.getClass().getName()
                + ") does not expose its options");
    }

    /** A network equal to {@code network} (same kind, sizes, options and parameters). */
    public static ConfiguredNetwork rebuild(Network network) {
        ConfiguredNetwork n = create(network.kind(), network.inputSize(), network.outputSize(), options(network), 0L);
        n.setParameters(network.parameters());
        return n;
    }

    /** Writes {@code network} to {@code path} (through a temporary file, then a move). */
    public static void save(Network network, Path path) throws IOException {
        Map<String, Object> options = options(network);
        double[] p = network.parameters();
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(MAGIC + "\n");
            w.write("kind=" + network.kind() + "\n");
            w.write("inputSize=" + network.inputSize() + "\n");
            w.write("outputSize=" + network.outputSize() + "\n");
            for (Map.Entry<String, Object> e : new java.util.TreeMap<>(options).entrySet()) {
                w.write("option." + e.getKey() + "=" + text(e.getValue()) + "\n");
            }
            w.write("parameterCount=" + p.length + "\n");
            w.write("crc32=" + Long.toHexString(crc(p)) + "\n");
            w.write("parameters\n");
            for (double v : p) w.write(Double.toString(v) + "\n");
        }
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Reads a network written by {@link #save}.
     *
     * @throws IOException if the file cannot be read or is not a valid network file (the message says what is wrong)
     */
    public static ConfiguredNetwork load(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        String where = path.toString();
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
            throw new IOException(where + ": not a NeuroPrior network file (first line should be '" + MAGIC + "')");
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
            if (key.startsWith("option.")) {
                if (options.put(key.substring("option.".length()), value) != null) {
                    throw new IOException(where + ": line " + (i + 1) + ": duplicate key '" + key + "'");
                }
            } else if (header.put(key, value) != null) {
                throw new IOException(where + ": line " + (i + 1) + ": duplicate key '" + key + "'");
            }
        }
        if (i >= lines.size()) throw new IOException(where + ": truncated: no 'parameters' line");
        String kind = required(header, "kind", where);
        int inputSize = integer(header, "inputSize", where);
        int outputSize = integer(header, "outputSize", where);
        int count = integer(header, "parameterCount", where);
        String crcText = required(header, "crc32", where);
        List<String> values = lines.subList(i + 1, lines.size());
        if (values.size() != count) {
            throw new IOException(where + ": header says " + count + " parameters, file has " + values.size()
                    + " (truncated or corrupt)");
        }
        double[] p = new double[count];
        for (int k = 0; k < count; k++) {
            try {
                p[k] = Double.parseDouble(values.get(k));
            } catch (NumberFormatException e) {
                throw new IOException(where + ": line " + (i + 2 + k) + ": not a number: '" + values.get(k) + "'");
            }
        }
        long crc;
        try {
            crc = Long.parseLong(crcText, 16);
        } catch (NumberFormatException e) {
            throw new IOException(where + ": bad crc32 '" + crcText + "'");
        }
        if (crc != crc(p)) throw new IOException(where + ": parameters do not match their crc32 (corrupt file)");
        ConfiguredNetwork network;
        try {
            network = create(kind, inputSize, outputSize, options, 0L);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": cannot rebuild the network: " + e.getMessage(), e);
        }
        if (network.parameterCount() != count) {
            throw new IOException(where + ": a " + kind + " with these options has " + network.parameterCount()
                    + " parameters, the file has " + count);
        }
        network.setParameters(p);
        return network;
    }

    /**
     * Reads a network and checks that it is what the caller expects.
     *
     * @throws IOException if unreadable, invalid, or of another kind or size than expected
     */
    public static ConfiguredNetwork load(Path path, String kind, int inputSize, int outputSize) throws IOException {
        ConfiguredNetwork n = load(path);
        if (!n.kind().equals(kind) || n.inputSize() != inputSize || n.outputSize() != outputSize) {
            throw new IOException(path + ": holds a " + n.kind() + " " + n.inputSize() + " -> " + n.outputSize()
                    + ", expected a " + kind + " " + inputSize + " -> " + outputSize);
        }
        return n;
    }

    private static String required(Map<String, String> header, String key, String where) throws IOException {
        String v = header.get(key);
        if (v == null) throw new IOException(where + ": missing '" + key + "' in the header");
        return v;
    }

    private static int integer(Map<String, String> header, String key, String where) throws IOException {
        String v = required(header, key, where);
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IOException(where + ": '" + key + "' must be a non-negative integer, got '" + v + "'");
        }
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) parts.add(String.valueOf(o));
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }

    static long crc(double[] values) {
        CRC32 crc = new CRC32();
        ByteBuffer buffer = ByteBuffer.allocate(8);
        for (double v : values) {
            buffer.clear();
            buffer.putLong(Double.doubleToLongBits(v));
            crc.update(buffer.array(), 0, 8);
        }
        return crc.getValue();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
