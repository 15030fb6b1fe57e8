package org.neuroprior.experiments.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

import org.neuroprior.envs.whisker.data.FileDigest;
import org.neuroprior.envs.whisker.data.NpyHeader;

/**
 * Writes one NPY array to a file as a stream: the header first, then the elements in C order as they come, so a shard
 * never has to be held in memory as a whole. The file is checksummed while written ({@link FileDigest}), and
 * {@link #finish} refuses to complete an array that did not get exactly as many elements as its shape says.
 */
public final class NpyWriter implements AutoCloseable {
    private final Path file;
    private final NpyHeader header;
    private final FileChannel channel;
    private final CRC32 crc = new CRC32();
    private final ByteBuffer buffer;
    private long elements;
    private long bytes;
    private boolean finished;

    /** Creates (or truncates) {@code file} and writes the header. */
    public NpyWriter(Path file, NpyHeader header) throws IOException {
        this(file, header, true);
    }

    /**
     * Creates (or truncates) {@code file} for the elements of {@code header}'s shape without the header itself: a run of
     * consecutive rows of a larger array, to be concatenated behind that array's header (a piece of a shard).
     */
    public static NpyWriter body(Path file, NpyHeader header) throws IOException {
        return new NpyWriter(file, header, false);
    }

    private NpyWriter(Path file, NpyHeader header, boolean withHeader) throws IOException {
        this.file = file;
        this.header = header;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (withHeader) buffer.put(header.encode());
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Appends float32 elements (the header's dtype must be {@code <f4}). */
    public void write(float[] values) throws IOException {
        requireType(NpyHeader.FLOAT32, values.length);
        for (float v : values) {
            if (buffer.remaining() < Float.BYTES) flush();
            buffer.putFloat(v);
        }
        elements += values.length;
    }

    /** Appends int64 elements (the header's dtype must be {@code <i8}). */
    public void write(long... values) throws IOException {
        requireType(NpyHeader.INT64, values.length);
        for (long v : values) {
            if (buffer.remaining() < Long.BYTES) flush();
            buffer.putLong(v);
        }
        elements += values.length;
    }

    private void requireType(String dtype, int count) {
        if (finished) throw new IllegalStateException(file + " is already finished");
        if (!header.dtype().equals(dtype)) throw new IllegalArgumentException(file + " holds " + header.dtype() + ", not " + dtype);
        if (elements + count > header.elementCount()) {
            throw new IllegalStateException(file + ": more elements than its shape " + header.shape() + " holds");
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        crc.update(buffer.duplicate());
        bytes += buffer.remaining();
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
    }

    /**
     * Completes the file: checks the element count, writes what is buffered and forces it to the disk (so a file
     * renamed into place afterwards survives a power cut whole), then closes it.
     */
    public FileDigest finish() throws IOException {
        if (elements != header.elementCount()) {
            throw new IllegalStateException(file + ": " + elements + " elements written, shape " + header.shape() + " holds "
                    + header.elementCount());
        }
        flush();
        channel.force(true);
        channel.close();
        finished = true;
        return FileDigest.of(bytes, crc);
    }

    /** Closes the file; an unfinished one stays incomplete (its caller deletes it). */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
