package org.neuroprior.architectures.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arrays the kernel tests feed a kernel and compare against SameDiff: random inputs in double, embedded at an
 * offset in a longer float array (the kernels read and write from offsets), and a comparison on the expected
 * values' own scale.
 */
final class KernelArrays {
    private KernelArrays() {}

    /** n standard normal draws. */
    static double[] gaussian(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
        return v;
    }

    /** {@code values} written into a longer float array from {@code at}, the rest filled with {@code fill}. */
    static float[] embedded(double[] values, int at, int extra, float fill) {
        float[] a = new float[at + values.length + extra];
        Arrays.fill(a, fill);
        for (int i = 0; i < values.length; i++) a[at + i] = (float) values[i];
        return a;
    }

    /** n values of 0.5 (what an accumulating gradient holds before the kernel adds to it). */
    static double[] halves(int n) {
        double[] v = new double[n];
        Arrays.fill(v, 0.5);
        return v;
    }

    /** An ND4J array's values in row-major order, as doubles. */
    static double[] doubles(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /**
     * Asserts {@code actual[at + i] == expected[i] + plus} for every i, within 2e-5 of the largest |expected| (at
     * least 1): float kernels against double-precision references.
     */
    static void close(String what, double[] expected, float[] actual, int at, double plus) {
        double scale = 1;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] + plus, actual[at + i], 2e-5 * scale, what + " element " + i);
        }
    }
}
