package org.neuroprior.architectures.tactile;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The GELU of the tactile parts (Hendrycks and Gimpel 2016, its sigmoid approximation {@code x sigmoid(1.702 x)},
 * the function of SameDiff's {@code sd.nn.gelu}): its definition as SameDiff ops ({@link #define}), which the parts'
 * graphs use, and the same on float arrays for their fused passes, which ModelContractTest compares with it.
 */
final class Gelu {
    private static final float K = 1.702f;

    private Gelu() {
    }

    /**
     * {@code x sigmoid(1.702 x)} as SameDiff ops, any shape. Not {@code sd.nn.gelu}: the same function, but its
     * backward (libnd4j's {@code gelu_bp}, ND4J 1.0.0-M2.1) returns NaN for large positive inputs (in float at 60, 100
     * and 1e4, not at 10; in double at 1e4), which the S4 encoder's first layer reaches on whisker forces of 1e4; the
     * sigmoid's backward is finite everywhere.
     */
    static SDVariable define(SameDiff sd, SDVariable x) {
        return x.mul(sd.nn.sigmoid(x.mul(K)));
    }

    /** {@code y[at + i] = gelu(x[at + i])} for i in [0, n); {@code y} may be {@code x}. */
    static void forward(float[] x, float[] y, int at, int n) {
        for (int i = at; i < at + n; i++) {
            float v = x[i];
            y[i] = v / (1f + (float) Math.exp(-K * v));
        }
    }

    /**
     * {@code g[at + i] *= gelu'(x[at + i])}, the derivative {@code s + 1.702 x s (1 - s)} with {@code s = sigmoid(1.702
     * x)}, given the GELU's inputs {@code x}.
     */
    static void multiplyByDerivative(float[] x, float[] g, int at, int n) {
        for (int i = at; i < at + n; i++) {
            float v = x[i];
            float s = 1f / (1f + (float) Math.exp(-K * v));
            g[i] *= s + K * v * s * (1f - s);
        }
    }
}
