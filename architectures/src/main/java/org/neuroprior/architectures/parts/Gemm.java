package org.neuroprior.architectures.parts;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.neuroprior.architectures.HostArrays;

/**
 * Single-precision matrix products of dense row-major ND4J arrays through the same OpenBLAS function ND4J calls
 * ({@code cblas_sgemm} of {@code openblas_nolapack}, what nd4j-native's {@code Nd4j.gemm} ends in), without ND4J's
 * checks and bookkeeping around it: 10 to 35 us less per product, which is most of a product of DDPG's sizes
 * (BENCHMARKS.md, updates against PyTorch).
 */
final class Gemm {
    private Gemm() {
    }

    /**
     * {@code c = op(a) op(b)}, where {@code op(x)} is {@code x} or its transpose: {@code op(a)} is [m, k], {@code op(b)}
     * [k, n] and {@code c} [m, n]. All three must be dense row-major float arrays of rank 2 ({@link HostPass#dense}),
     * and {@code c} must not overlap the others.
     *
     * @throws IllegalArgumentException if an array is not dense or the shapes do not fit
     */
    static void multiply(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c) {
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
}
