package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The Java forms of the activations: tanh's approximation is exact to float rounding, and the array forms agree. */
class ActivationTest {

    @Test
    void tanhIsWithinFloatRoundingOfTheExactValue() {
        double worst = 0;
        for (float x = -12f; x <= 12f; x += 1e-4f) {
            float t = Activation.tanh(x);
            worst = Math.max(worst, Math.abs(t - Math.tanh(x)));
            assertTrue(Math.abs(t) <= 1f, "|tanh(" + x + ")| = " + t);
            assertEquals(-t, Activation.tanh(-x), 0f, "odd at " + x);
        }
        assertTrue(worst < 4e-7, "largest error " + worst);
        assertEquals(1e-30f, Activation.tanh(1e-30f), 1e-36f);
        assertEquals(1f, Activation.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, Activation.tanh(-1e30f));
        assertTrue(Float.isNaN(Activation.tanh(Float.NaN)));
    }

    @Test
    void arrayFormsAgreeWithTheScalarFormAndTheDerivatives() {
        SplittableRandom rng = new SplittableRandom(2);
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) x[i] = (float) (3 * rng.nextGaussian());
        x[0] = 0f;
        x[1] = Float.MIN_VALUE; // the smallest subnormal: relu's derivative is 1 there
        x[2] = -Float.MIN_VALUE;
        for (Activation a : Activation.values()) {
            float[] y = x.clone();
            a.apply(y, 0, y.length);
            float[] g = new float[x.length];
            java.util.Arrays.fill(g, 2f);
            a.multiplyByDerivative(y, g, 0, g.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(a.apply(x[i]), y[i], 0f, a + " at " + x[i]);
                float h = 1e-3f;
                double slope = x[i] == 0 || Math.abs(x[i]) < h ? Double.NaN : (a.apply(x[i] + h) - a.apply(x[i] - h)) / (2.0 * h);
                if (!Double.isNaN(slope)) assertEquals(2 * slope, g[i], 2e-2, a + "' at " + x[i]);
            }
            if (a == Activation.RELU) {
                assertEquals(0f, g[0], a + "' at 0 (SameDiff: strictly above 0)");
                assertEquals(2f, g[1], a + "' at the smallest subnormal");
                assertEquals(0f, g[2]);
            }
        }
    }
}
