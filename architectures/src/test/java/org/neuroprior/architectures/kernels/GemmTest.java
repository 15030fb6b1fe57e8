package org.neuroprior.architectures.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link Gemm}'s product of Java arrays is the textbook product, for each transposition, set or accumulated. */
class GemmTest {
    @Test
    void arrayProductsAreTheTextbookProduct() {
        SplittableRandom rng = new SplittableRandom(2);
        int[][] sizes = {{3, 4, 5}, {1, 7, 2}, {6, 1, 3}, {5, 3, 1}, {40, 30, 20}};
        for (int[] size : sizes) {
            int m = size[0], n = size[1], k = size[2];
            for (int variant = 0; variant < 8; variant++) {
                boolean ta = (variant & 1) != 0, tb = (variant & 2) != 0, accumulate = (variant & 4) != 0;
                float[] a = new float[3 + m * k];
                float[] b = new float[1 + k * n + 2];
                float[] c = new float[2 + m * n + 1];
                for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextGaussian();
                for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextGaussian();
                for (int i = 0; i < c.length; i++) c[i] = (float) rng.nextGaussian();
                float[] before = c.clone();
                Gemm.multiply(m, n, k, a, 3, ta, b, 1, tb, c, 2, accumulate);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = accumulate ? before[2 + i * n + j] : 0;
                        for (int l = 0; l < k; l++) sum += a[3 + (ta ? l * m + i : i * k + l)] * (double) b[1 + (tb ? j * k + l : l * n + j)];
                        assertEquals(sum, c[2 + i * n + j], 1e-4 * (1 + Math.abs(sum)), m + "x" + k + "x" + n + " variant " + variant);
                    }
                }
                assertEquals(before[0], c[0]);
                assertEquals(before[1], c[1]);
                assertEquals(before[c.length - 1], c[c.length - 1]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Gemm.multiply(2, 2, 2, new float[3], 0, false, new float[4], 0, false, new float[4], 0, false));
    }
}
