package org.neuroprior.architectures.kernels;

import org.neuroprior.architectures.LayerNorm;

/**
 * {@link LayerNorm} (Ba, Kiros and Hinton 2016) of each row of {@code width} values, forward and backward, in plain
 * Java for the fused passes: {@code y = g (x - mean) / sqrt(var + LayerNorm.EPSILON) + b}, with the row's mean and
 * its variance with divisor {@code width} (the biased estimator) computed from the centred values, the epsilon
 * (1e-5) added before the square root, as the definition ({@link LayerNorm#define}) computes it. A row of near-equal
 * values (spread far below sqrt(1e-5)) therefore normalises to about 0 ({@code y} about {@code b}) and its dL/dx
 * stays bounded. A channel LayerNorm of channels-last images is this with one row per pixel; so is a transformer's.
 *
 * <p>Arrays are row-major floats read from an offset, so that one array can hold many tensors: {@code x}, {@code y}
 * and their gradients {@code [rows][width]}, gain {@code g} and bias {@code b} {@code [width]}. Stateless: the backward
 * pass recomputes the statistics from the {@code x} it is given. One instance per thread.
 */
public final class LayerNormKernel {
    private final int rows;
    private final int width;
    private final float[] normalised;

    /**
     * @param rows  rows per call
     * @param width values per row (normalised together)
     * @throws IllegalArgumentException if a size is below 1
     */
    public LayerNormKernel(int rows, int width) {
        if (rows < 1 || width < 1) throw new IllegalArgumentException("LayerNorm sizes must be >= 1, got " + rows + " rows of " + width);
        this.rows = rows;
        this.width = width;
        this.normalised = new float[width];
    }

    /**
     * {@code y = g (x - mean) / sqrt(var + EPSILON) + b}, row by row.
     *
     * @param g gain {@code [width]} from {@code gAt}, or null for ones
     * @param b bias {@code [width]} from {@code bAt}, or null for zeros
     * @param y receives the output from {@code yAt} (overwritten; may be {@code x} at the same offset)
     * @throws IndexOutOfBoundsException if an array is too short for its tensor
     */
    public void forward(float[] x, int xAt, float[] g, int gAt, float[] b, int bAt, float[] y, int yAt) {
        for (int r = 0; r < rows; r++) {
            int xr = xAt + r * width;
            int yr = yAt + r * width;
            float mean = mean(x, xr);
            float inverse = inverseDeviation(x, xr, mean);
            for (int i = 0; i < width; i++) {
                float v = (x[xr + i] - mean) * inverse;
                if (g != null) v *= g[gAt + i];
                if (b != null) v += b[bAt + i];
                y[yr + i] = v;
            }
        }
    }

    /**
     * Back-propagates {@code dy} (dL/dy of {@link #forward} at the same {@code x} and {@code g}).
     *
     * @param g  the gain of the forward pass from {@code gAt}, or null for ones
     * @param dg dL/dg is ADDED into it from {@code dgAt}, unless it is null
     * @param db dL/db is ADDED into it from {@code dbAt}, unless it is null
     * @param dx receives dL/dx from {@code dxAt} (overwritten; may be {@code dy} at the same offset), unless it is null
     * @throws IndexOutOfBoundsException if an array is too short for its tensor
     */
    public void backward(float[] x, int xAt, float[] g, int gAt, float[] dy, int dyAt,
                         float[] dg, int dgAt, float[] db, int dbAt, float[] dx, int dxAt) {
        float[] xHat = normalised;
        for (int r = 0; r < rows; r++) {
            int xr = xAt + r * width;
            int dr = dyAt + r * width;
            float mean = mean(x, xr);
            float inverse = inverseDeviation(x, xr, mean);
            // With s = sqrt(var + EPSILON), xHat = (x - mean) / s and d = dL/dxHat = g dy:
            // dL/dx = (d - mean(d) - xHat mean(d xHat)) / s (the epsilon does not change the form).
            float sumD = 0;
            float sumDx = 0;
            for (int i = 0; i < width; i++) {
                float h = (x[xr + i] - mean) * inverse;
                xHat[i] = h;
                float d = dy[dr + i];
                if (dg != null) dg[dgAt + i] += d * h;
                if (db != null) db[dbAt + i] += d;
                if (g != null) d *= g[gAt + i];
                sumD += d;
                sumDx += d * h;
            }
            if (dx == null) continue;
            int to = dxAt + r * width;
            float meanD = sumD / width;
            float meanDx = sumDx / width;
            for (int i = 0; i < width; i++) {
                float d = dy[dr + i];
                if (g != null) d *= g[gAt + i];
                dx[to + i] = (d - meanD - xHat[i] * meanDx) * inverse;
            }
        }
    }

    private float mean(float[] x, int at) {
        float sum = 0;
        for (int i = 0; i < width; i++) sum += x[at + i];
        return sum / width;
    }

    /** 1 / sqrt(var + EPSILON) of the row, var its biased variance (summed in float, as the definition's float graph). */
    private float inverseDeviation(float[] x, int at, float mean) {
        float sum = 0;
        for (int i = 0; i < width; i++) {
            float c = x[at + i] - mean;
            sum += c * c;
        }
        return (float) (1 / Math.sqrt((double) sum / width + LayerNorm.EPSILON));
    }
}
