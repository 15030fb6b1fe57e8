package org.neuroprior.envs.whisker.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of an NPY (version 1.0) file: magic {@code \x93NUMPY}, version 1.0, a little-endian uint16 header length,
 * then a Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (n, 110, 35, 6), }} padded with
 * spaces and ended by {@code '\n'} so that the data starts at a multiple of 64 bytes (what numpy itself writes).
 *
 * @param dtype a numpy type string: {@link #FLOAT32} or {@link #INT64} (all this project writes)
 * @param shape the array's shape, C (row-major) order
 */
public record NpyHeader(String dtype, List<Integer> shape) {
    public static final String FLOAT32 = "<f4";
    public static final String INT64 = "<i8";
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic, two version bytes, the uint16 length. */
    private static final int PREAMBLE = MAGIC.length + 2 + 2;
    private static final int ALIGNMENT = 64;
    private static final Pattern DICT = Pattern.compile(
            "\\{\\s*'descr':\\s*'([^']+)',\\s*'fortran_order':\\s*(True|False),\\s*'shape':\\s*\\(([0-9,\\s]*)\\),?\\s*}\\s*");

    public NpyHeader {
        if (!dtype.equals(FLOAT32) && !dtype.equals(INT64)) {
            throw new IllegalArgumentException("unsupported dtype " + dtype + " (only " + FLOAT32 + " and " + INT64 + ")");
        }
        shape = List.copyOf(shape);
        for (int d : shape) if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + shape);
    }

    public static NpyHeader float32(Integer... shape) {
        return new NpyHeader(FLOAT32, List.of(shape));
    }

    public static NpyHeader int64(Integer... shape) {
        return new NpyHeader(INT64, List.of(shape));
    }

    public int bytesPerElement() {
        return dtype.equals(FLOAT32) ? Float.BYTES : Long.BYTES;
    }

    public long elementCount() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** The header's encoded bytes: always a multiple of 64 long, so this is also where the data starts. */
    public byte[] encode() {
        StringBuilder dict = new StringBuilder("{'descr': '").append(dtype).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.size(); i++) {
            dict.append(shape.get(i));
            if (i < shape.size() - 1) dict.append(", ");
        }
        if (shape.size() == 1) dict.append(','); // a 1-tuple in Python needs its comma
        dict.append("), }");
        int unpadded = PREAMBLE + dict.length() + 1; // + the final '\n'
        int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        dict.append(" ".repeat(total - unpadded)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return out.array();
    }

    /** How many bytes a file written with this header has: header plus data. */
    public long fileBytes() {
        return encode().length + elementCount() * bytesPerElement();
    }

    /** The most bytes a version 1.0 header can take, so a reader knows how much to read before decoding. */
    public static int maxBytes() {
        return PREAMBLE + 0xFFFF;
    }

    /**
     * Parses a header as written by {@link #encode} (or by numpy for the same dtypes, version 1.0, C order).
     *
     * @param in the file's first bytes (at least the whole header), from position 0; on return its position is where
     *           the data starts
     * @throws IOException if the bytes are not such a header
     */
    public static NpyHeader decode(ByteBuffer in) throws IOException {
        in.order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < PREAMBLE) throw new IOException("too short for an NPY header");
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) throw new IOException("not an NPY file (bad magic)");
        int major = in.get(), minor = in.get();
        if (major != 1 || minor != 0) throw new IOException("NPY version " + major + "." + minor + " (only 1.0 is read)");
        int length = Short.toUnsignedInt(in.getShort());
        if (in.remaining() < length) throw new IOException("NPY header truncated");
        byte[] text = new byte[length];
        in.get(text);
        String dict = new String(text, StandardCharsets.US_ASCII);
        Matcher m = DICT.matcher(dict);
        if (!m.matches()) throw new IOException("unreadable NPY header " + dict.strip());
        if (m.group(2).equals("True")) throw new IOException("Fortran-order arrays are not read");
        List<Integer> shape = new ArrayList<>();
        for (String d : m.group(3).split(",")) {
            if (!d.isBlank()) shape.add(Integer.parseInt(d.strip()));
        }
        try {
            return new NpyHeader(m.group(1), shape);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
