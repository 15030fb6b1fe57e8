package org.neuroprior.experiments.tactile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** InfoNCE (NT-Xent) against a value worked by hand on a tiny batch, and its gradient against finite differences. */
class InfoNceTest {

    @Test
    void aTinyBatchHasTheHandComputedLossAndHits() {
        // n = 2 samples, views (rows) 0, 1 and their positives 2, 3; temperature 0.5, so s = 2 cos.
        // cos: (0,1) 0, (0,2) 1/sqrt2, (0,3) -1, (1,2) 1/sqrt2, (1,3) 0, (2,3) -1/sqrt2. With r = sqrt 2:
        // row 0: -r + log(e^0 + e^r + e^-2); row 1: log(e^0 + e^r + e^0) (its positive 3 scores 0);
        // row 2: -r + log(2 e^r + e^-r); row 3: log(e^-2 + e^0 + e^-r). Mean 0.774359154256405.
        float[] h = {1, 0, 0, 1, 3, 3, -2, 0}; // lengths do not matter: rows are normalised
        InfoNce.Result r = InfoNce.of(h, 0, 2, 2, 0.5);
        double root2 = Math.sqrt(2);
        double byHand = (-root2 + Math.log(1 + Math.exp(root2) + Math.exp(-2)) + Math.log(2 + Math.exp(root2))
                - root2 + Math.log(2 * Math.exp(root2) + Math.exp(-root2)) + Math.log(Math.exp(-2) + 1 + Math.exp(-root2))) / 4;
        assertEquals(0.774359154256405, byHand, 1e-14);
        assertEquals(byHand, r.loss(), 1e-12);
        // row 1's positive scores 0, below row 2's sqrt 2: the only miss; row 2's positive ties row 1 (ties count for it)
        assertEquals(3, r.top1());
        assertEquals(4, r.top5());
    }

    @Test
    void theGradientAgreesWithFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 3, d = 4;
        float[] h = new float[2 * n * d];
        // multiples of 1/64, so that h +- 2^-7 is exact in float
        for (int i = 0; i < h.length; i++) h[i] = (rng.nextInt(129) - 64) / 64f;
        double temperature = 0.1;
        InfoNce.Result r = InfoNce.of(h, 0, n, d, temperature);
        float eps = 1f / 128;
        double worst = 0;
        for (int i = 0; i < h.length; i++) {
            float keep = h[i];
            h[i] = keep + eps;
            double up = InfoNce.of(h, 0, n, d, temperature).loss();
            h[i] = keep - eps;
            double down = InfoNce.of(h, 0, n, d, temperature).loss();
            h[i] = keep;
            double numeric = (up - down) / (2 * eps);
            worst = Math.max(worst, Math.abs(numeric - r.gradient()[i]));
            assertEquals(numeric, r.gradient()[i], 2e-3 * Math.max(1, Math.abs(numeric)), "dL/dh[" + i + "]");
        }
        assertEquals(true, worst > 0 || r.loss() > 0, "a non-trivial case");
        // the loss is invariant to each row's length, so its gradient is orthogonal to the row
        for (int row = 0; row < 2 * n; row++) {
            double dot = 0;
            for (int j = 0; j < d; j++) dot += r.gradient()[row * d + j] * h[row * d + j];
            assertEquals(0, dot, 1e-9, "row " + row);
        }
    }
}
