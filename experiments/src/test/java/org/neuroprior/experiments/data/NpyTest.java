package org.neuroprior.experiments.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.envs.whisker.data.FileDigest;
import org.neuroprior.envs.whisker.data.NpyHeader;
import org.neuroprior.envs.whisker.data.NpyReader;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void headerIsNumpysVersionOneFormatPaddedTo64Bytes() {
        byte[] h = NpyHeader.float32(3, 110, 35, 6).encode();
        assertEquals(0, h.length % 64);
        assertEquals((byte) 0x93, h[0]);
        assertEquals("NUMPY", new String(h, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, h[6]);
        assertEquals(0, h[7]);
        assertEquals(h.length - 10, (h[8] & 0xff) | (h[9] & 0xff) << 8);
        String dict = new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
        assertTrue(dict.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 110, 35, 6), }"), dict);
        assertTrue(dict.endsWith(" \n"), dict);
        byte[] l = NpyHeader.int64(7).encode();
        assertEquals(128, l.length, "56 characters of dict + 11 bytes do not fit in 64");
        String labels = new String(l, 10, l.length - 10, StandardCharsets.US_ASCII);
        assertTrue(labels.startsWith("{'descr': '<i8', 'fortran_order': False, 'shape': (7,), }"), labels);
    }

    @Test
    void headerReadsBackWhateverItsLength() throws IOException {
        for (NpyHeader h : List.of(NpyHeader.float32(0, 110, 35, 6), NpyHeader.float32(123456, 110, 35, 6), NpyHeader.int64(9),
                NpyHeader.int64(), NpyHeader.float32(1, 2))) {
            ByteBuffer bytes = ByteBuffer.wrap(h.encode());
            assertEquals(h, NpyHeader.decode(bytes));
            assertEquals(h.encode().length, bytes.position(), "the data starts right after the header");
        }
    }

    @Test
    void refusesWhatItDoesNotWrite() {
        assertThrows(IllegalArgumentException.class, () -> new NpyHeader("<f8", List.of(2)));
        byte[] h = NpyHeader.float32(2).encode();
        h[0] = 'x';
        assertThrows(IOException.class, () -> NpyHeader.decode(ByteBuffer.wrap(h)));
        byte[] fortran = NpyHeader.float32(2).encode();
        String text = new String(fortran, StandardCharsets.US_ASCII).replace("False", "True ");
        assertThrows(IOException.class, () -> NpyHeader.decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void streamedArraysReadBackThroughNd4jAndOurReader() throws IOException {
        Path data = dir.resolve("data.npy");
        Path labels = dir.resolve("labels.npy");
        float[][] rows = new float[3][2 * 5 * 4];
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < rows[r].length; k++) rows[r][k] = (float) Math.sin(r * 100 + k) * (k % 7 == 0 ? 1e6f : 1f);
        }
        rows[1][3] = -0.0f;
        rows[2][5] = Float.MIN_VALUE;
        try (NpyWriter w = new NpyWriter(data, NpyHeader.float32(3, 2, 5, 4))) {
            for (float[] row : rows) w.write(row);
            FileDigest digest = w.finish();
            assertEquals(FileDigest.of(data), digest, "the digest computed while writing is the file's");
        }
        try (NpyWriter w = new NpyWriter(labels, NpyHeader.int64(3))) {
            w.write(4, 0);
            w.write(Long.MAX_VALUE);
            w.finish();
        }

        INDArray x = Nd4j.createFromNpyFile(data.toFile());
        assertEquals(DataType.FLOAT, x.dataType());
        assertArrayEquals(new long[]{3, 2, 5, 4}, x.shape());
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < rows[r].length; k++) {
                float v = x.getFloat(r, k / 20, k / 4 % 5, k % 4);
                assertEquals(Float.floatToRawIntBits(rows[r][k]), Float.floatToRawIntBits(v), "element " + r + "," + k);
            }
        }
        INDArray y = Nd4j.createFromNpyFile(labels.toFile());
        assertEquals(DataType.LONG, y.dataType());
        assertArrayEquals(new long[]{3}, y.shape());
        assertArrayEquals(new long[]{4, 0, Long.MAX_VALUE}, y.toLongVector());

        float[] flat = NpyReader.readFloat32(data);
        for (int r = 0; r < 3; r++) for (int k = 0; k < rows[r].length; k++) assertEquals(rows[r][k], flat[r * rows[r].length + k]);
        assertArrayEquals(new long[]{4, 0, Long.MAX_VALUE}, NpyReader.readInt64(labels));
    }

    @Test
    void anArrayWithTooFewOrTooManyElementsIsNotFinished() throws IOException {
        try (NpyWriter w = new NpyWriter(dir.resolve("a.npy"), NpyHeader.float32(2, 3))) {
            w.write(new float[]{1, 2, 3});
            assertThrows(IllegalStateException.class, w::finish);
            assertThrows(IllegalStateException.class, () -> w.write(new float[4]));
            assertThrows(IllegalArgumentException.class, () -> w.write(1L));
        }
    }

    @Test
    void aTruncatedFileIsRecognised() throws IOException {
        Path file = dir.resolve("a.npy");
        try (NpyWriter w = new NpyWriter(file, NpyHeader.float32(4, 100))) {
            w.write(new float[400]);
            w.finish();
        }
        assertEquals(128 + 1600, Files.size(file));
        assertEquals(NpyHeader.float32(4, 100), NpyReader.layout(file).header());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(1000);
        }
        IOException e = assertThrows(IOException.class, () -> NpyReader.layout(file));
        assertTrue(e.getMessage().contains("1000 bytes") && e.getMessage().contains("1728"), e.getMessage());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(30);
        }
        assertThrows(IOException.class, () -> NpyReader.layout(file));
    }
}
