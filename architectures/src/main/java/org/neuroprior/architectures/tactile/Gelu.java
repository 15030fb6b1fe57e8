package org.neuroprior.architectures.tactile;

/**
 * SameDiff's GELU ({@code sd.nn.gelu}, libnd4j's sigmoid approximation {@code x sigmoid(1.702 x)}) on float arrays,
 * for the tactile parts' fused passes; their definitions call {@code sd.nn.gelu}, which ModelContractTest compares
 * these with.
 */
final class Gelu {
    private static final float K = 1.702f;

    private Gelu() {
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
