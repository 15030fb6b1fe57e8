package org.neuroprior.architectures.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sger;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.neuroprior.architectures.HostArrays;

/**
 * Single-precision matrix products of dense row-major ND4J arrays through the same OpenBLAS ND4J calls
 * ({@code cblas_sgemm} of {@code openblas_nolapack}, what nd4j-native's {@code Nd4j.gemm} ends in), without ND4J's
 * checks and bookkeeping around it: 10 to 35 us less per product, which is most of a product of DDPG's sizes
 * (BENCHMARKS.md, updates against PyTorch). Also a bias added to every row and the sum of the rows, through BLAS level
 * 2 (2 to 5 times as fast as a Java loop over rows of 64 values, which the JIT does not vectorise well).
 */
public final class Gemm {
    private Gemm() {
    }

    /**
     * {@code c = op(a) op(b)}, where {@code op(x)} is {@code x} or its transpose: {@code op(a)} is [m, k], {@code op(b)}
     * [k, n] and {@code c} [m, n]. All three must be dense row-major float arrays of rank 2 ({@link HostArrays#dense}),
     * and {@code c} must not overlap the others.
     *
     * @throws IllegalArgumentException if an array is not dense or the shapes do not fit
     */
    public static void multiply(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c) {
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2 || !HostArrays.dense(a) || !HostArrays.dense(b) || !HostArrays.dense(c)) {
            throw new IllegalArgumentException("Gemm takes dense row-major float matrices");
        }
        int m = (int) c.size(0);
        int n = (int) c.size(1);
        int k = (int) (transposeA ? a.size(0) : a.size(1));
        if ((transposeA ? a.size(1) : a.size(0)) != m || (transposeB ? b.size(1) : b.size(0)) != k || (transposeB ? b.size(0) : b.size(1)) != n) {
            throw new IllegalArgumentException("cannot multiply " + java.util.Arrays.toString(a.shape()) + (transposeA ? "^T" : "") + " by "
                    + java.util.Arrays.toString(b.shape()) + (transposeB ? "^T" : "") + " into " + java.util.Arrays.toString(c.shape()));
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, m, n, k, 1f,
                HostArrays.pointer(a), (int) a.size(1), HostArrays.pointer(b), (int) b.size(1), 0f, HostArrays.pointer(c), n);
    }

    /**
     * {@code c[r] += row} for every row r of {@code c} ([m, n]), given {@code row} ([n] values) and {@code ones} (m
     * ones): the rank-one update {@code c += ones row^T}.
     */
    public static void addToRows(INDArray c, INDArray ones, INDArray row) {
        int m = (int) c.size(0);
        int n = (int) c.size(1);
        check(c, m * (long) n, ones, m, row, n);
        cblas_sger(CblasRowMajor, m, n, 1f, HostArrays.pointer(ones), 1, HostArrays.pointer(row), 1, HostArrays.pointer(c), n);
    }

    /** {@code sums = sum_r a[r]}, the sum of the rows of {@code a} ([m, n]), given {@code ones} (m ones): {@code a^T ones}. */
    public static void sumRows(INDArray a, INDArray ones, INDArray sums) {
        int m = (int) a.size(0);
        int n = (int) a.size(1);
        check(a, m * (long) n, ones, m, sums, n);
        cblas_sgemv(CblasRowMajor, CblasTrans, m, n, 1f, HostArrays.pointer(a), n, HostArrays.pointer(ones), 1, 0f, HostArrays.pointer(sums), 1);
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c} on native row-major float matrices without gaps between rows (the leading
     * dimensions are the row lengths): {@code op(a)} is [m, k], {@code op(b)} [k, n], {@code c} [m, n]. The caller
     * guarantees the sizes ({@code a} holds m k floats, {@code b} k n, {@code c} m n) and that {@code c} overlaps
     * neither of the others; a pointer's {@code position()} is not read (each starts at its address).
     *
     * @throws IllegalArgumentException if a size is negative
     */
    public static void multiply(FloatPointer a, boolean transposeA, FloatPointer b, boolean transposeB, FloatPointer c,
                                int m, int n, int k, float alpha, float beta) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative size " + m + " x " + k + " x " + n);
        if (m == 0 || n == 0) return;
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, m, n, k, alpha,
                a, transposeA ? m : k, b, transposeB ? k : n, beta, c, n);
    }

    /** Native copies of the float[] products' operands, per thread, grown as needed. */
    private static final class Scratch {
        final FloatPointer[] buffers = new FloatPointer[3];

        FloatPointer get(int which, long floats) {
            FloatPointer p = buffers[which];
            if (p == null || p.capacity() < floats) {
                if (p != null) p.close();
                p = new FloatPointer(Math.max(floats, 1));
                buffers[which] = p;
            }
            return p;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * {@code c = op(a) op(b)}, or {@code c += op(a) op(b)} if {@code accumulate}, on Java arrays: {@code op(a)} is
     * [m, k], {@code op(b)} [k, n], {@code c} [m, n], each dense row-major from its offset ({@code a} is stored
     * [k, m] when transposed, {@code b} [n, k]). Only those regions are copied to and from native memory (per-thread
     * scratch that grows to the largest product, kept for the thread's life), not the whole arrays as JavaCPP's
     * {@code float[]} overloads of {@code cblas_sgemm} would. The arrays may be the same array at disjoint regions.
     *
     * @throws IllegalArgumentException if a size is negative or a region does not fit in its array
     */
    public static void multiply(int m, int n, int k, float[] a, int aAt, boolean transposeA, float[] b, int bAt, boolean transposeB,
                                float[] c, int cAt, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative size " + m + " x " + k + " x " + n);
        fits("a", a, aAt, (long) m * k);
        fits("b", b, bAt, (long) k * n);
        fits("c", c, cAt, (long) m * n);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) java.util.Arrays.fill(c, cAt, cAt + m * n, 0f);
            return;
        }
        Scratch s = SCRATCH.get();
        FloatPointer pa = s.get(0, (long) m * k);
        FloatPointer pb = s.get(1, (long) k * n);
        FloatPointer pc = s.get(2, (long) m * n);
        pa.put(a, aAt, m * k);
        pb.put(b, bAt, k * n);
        if (accumulate) pc.put(c, cAt, m * n);
        multiply(pa, transposeA, pb, transposeB, pc, m, n, k, 1f, accumulate ? 1f : 0f);
        pc.get(c, cAt, m * n);
    }

    private static void fits(String name, float[] array, int at, long size) {
        if (at < 0 || at + size > array.length) {
            throw new IllegalArgumentException(name + ": " + size + " floats from " + at + " do not fit in an array of " + array.length);
        }
    }

    private static void check(INDArray matrix, long size, INDArray ones, int m, INDArray vector, int n) {
        if (matrix.rank() != 2 || !HostArrays.dense(matrix) || !HostArrays.dense(ones) || !HostArrays.dense(vector)
                || ones.length() != m || vector.length() != n || matrix.length() != size) {
            throw new IllegalArgumentException("expected a dense [m, n] float matrix, m ones and n values");
        }
    }
}
