package org.neuroprior.envs.whisker.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * A file's length and CRC-32 (the zlib/PNG polynomial, so Python's {@code zlib.crc32} computes the same value): what the
 * manifest stores for each shard file, so a resumed run can tell an intact shard from a damaged or foreign one.
 *
 * @param bytes the file's length
 * @param crc32 the CRC-32 of its whole content, 8 lowercase hex digits
 */
public record FileDigest(long bytes, String crc32) implements java.io.Serializable {
    public FileDigest {
        if (bytes < 0) throw new IllegalArgumentException("negative length");
        if (!crc32.matches("[0-9a-f]{8}")) throw new IllegalArgumentException("crc32 must be 8 lowercase hex digits: " + crc32);
    }

    public static FileDigest of(long bytes, CRC32 crc) {
        return new FileDigest(bytes, String.format("%08x", crc.getValue()));
    }

    /** Reads the whole file. */
    public static FileDigest of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    /** Reads the stream to its end (and leaves it open). */
    public static FileDigest of(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        long bytes = 0;
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            crc.update(buffer, 0, n);
            bytes += n;
        }
        return of(bytes, crc);
    }
}
