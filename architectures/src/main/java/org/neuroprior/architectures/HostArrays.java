package org.neuroprior.architectures;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies between ND4J arrays and Java float arrays, for passes and agents that compute in Java around ND4J's matrix
 * products. The copies are native bulk copies (JavaCPP's {@code FloatPointer.get/put}), without allocating when an
 * array is dense, row-major and float (the usual case): several times faster than a loop through the buffer's indexer
 * or {@code data().asFloat()}, which also allocates (BENCHMARKS.md, NCAP on the model core).
 */
public final class HostArrays {
    private HostArrays() {
    }

    /** Float, its elements row-major and contiguous in memory (from its strides, read without allocating). */
    public static boolean dense(INDArray a) {
        if (a.dataType() != DataType.FLOAT) return false;
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            long size = a.size(d);
            if (size != 1 && a.stride(d) != expected) return false;
            expected *= size;
        }
        return true;
    }

    /**
     * Copies the values of {@code a} (row-major) into {@code into}.
     *
     * @throws IllegalArgumentException if {@code a} does not have {@code into.length} values
     */
    public static void read(INDArray a, float[] into) {
        if (a.length() != into.length) {
            throw new IllegalArgumentException("expected an array of " + into.length + " values, got " + a.length() + " "
                    + java.util.Arrays.toString(a.shape()));
        }
        read(a, into, 0);
    }

    /**
     * Copies the values of {@code a} (row-major) into {@code into[offset .. offset + a.length())}.
     *
     * @throws IllegalArgumentException if they do not fit there
     */
    public static void read(INDArray a, float[] into, int offset) {
        long n = a.length();
        if (offset < 0 || offset + n > into.length) {
            throw new IllegalArgumentException(n + " values do not fit into " + into.length + " from " + offset);
        }
        if (dense(a)) {
            pointer(a).get(into, offset, (int) n);
            return;
        }
        try (INDArray copy = Nd4j.createUninitialized(DataType.FLOAT, a.shape(), 'c').assign(a)) { // a view or another type
            pointer(copy).get(into, offset, (int) n);
        }
    }

    /**
     * Writes {@code values} into {@code a}.
     *
     * @throws IllegalArgumentException if {@code a} is not a dense row-major float array of as many values
     */
    public static void write(float[] values, INDArray a) {
        write(values, 0, values.length, a);
    }

    /**
     * Writes {@code values[offset .. offset + length)} into {@code a}.
     *
     * @throws IllegalArgumentException if {@code a} is not a dense row-major float array of {@code length} values
     */
    public static void write(float[] values, int offset, int length, INDArray a) {
        if (a.length() != length || !dense(a) || offset < 0 || offset + length > values.length) {
            throw new IllegalArgumentException("cannot write " + length + " values from " + offset + " of " + values.length + " into "
                    + java.util.Arrays.toString(a.shape()) + " " + a.dataType() + (dense(a) ? "" : " (not dense row-major)"));
        }
        pointer(a).put(values, offset, length);
    }

    /** The native memory of a float array's first element ({@code pointer()} allocates nothing but ignores offsets). */
    public static FloatPointer pointer(INDArray a) {
        DataBuffer d = a.data();
        return (FloatPointer) (d.offset() == 0 ? d.pointer() : d.addressPointer());
    }
}
