package org.neuroprior.envs.whisker.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads NPY files of the kinds the dataset writer writes ({@link NpyHeader}: float32 or int64, C order, version 1.0):
 * the header alone (a cheap shape check, and where the data starts for a memory mapping, as {@link WhiskerDataset}
 * does) or the whole array (labels, checks and tests). It refuses files whose length does not match their header (a
 * truncated shard).
 */
public final class NpyReader {
    private NpyReader() {
    }

    /** A file's header and where its data starts. */
    public record Layout(NpyHeader header, int dataOffset, long fileBytes) {
    }

    /**
     * Reads and checks the header.
     *
     * @throws IOException if the file is not a readable NPY file or its length is not header + elements x item size
     */
    public static Layout layout(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return layout(file.toString(), channel.size(), java.nio.channels.Channels.newInputStream(channel));
        }
    }

    /**
     * As {@link #layout(Path)}, for a file of {@code size} bytes read from {@code in} (e.g. on a Hadoop filesystem),
     * named {@code name} in messages; reads only the header.
     */
    public static Layout layout(String name, long size, java.io.InputStream in) throws IOException {
        ByteBuffer start = ByteBuffer.wrap(in.readNBytes((int) Math.min(size, NpyHeader.maxBytes())));
        NpyHeader header;
        try {
            header = NpyHeader.decode(start);
        } catch (IOException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
        int offset = start.position();
        long expected = offset + header.elementCount() * header.bytesPerElement();
        if (size != expected) {
            throw new IOException(name + " has " + size + " bytes, its header " + header.dtype() + " " + header.shape()
                    + " needs " + expected + " (truncated or overlong)");
        }
        return new Layout(header, offset, size);
    }

    public static float[] readFloat32(Path file) throws IOException {
        Layout layout = layout(file);
        requireType(file, layout, NpyHeader.FLOAT32);
        float[] values = new float[Math.toIntExact(layout.header().elementCount())];
        data(file, layout).asFloatBuffer().get(values);
        return values;
    }

    public static long[] readInt64(Path file) throws IOException {
        Layout layout = layout(file);
        requireType(file, layout, NpyHeader.INT64);
        long[] values = new long[Math.toIntExact(layout.header().elementCount())];
        data(file, layout).asLongBuffer().get(values);
        return values;
    }

    private static void requireType(Path file, Layout layout, String dtype) throws IOException {
        if (!layout.header().dtype().equals(dtype)) throw new IOException(file + " holds " + layout.header().dtype() + ", not " + dtype);
    }

    private static ByteBuffer data(Path file, Layout layout) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(layout.fileBytes() - layout.dataOffset()));
            channel.position(layout.dataOffset());
            while (data.hasRemaining() && channel.read(data) > 0) {
                // fill
            }
            if (data.hasRemaining()) throw new IOException(file + " changed while read");
            return data.flip().order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
