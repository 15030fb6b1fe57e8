package org.neuroprior.experiments.tactile;

/**
 * SimCLR's contrastive loss, InfoNCE over 2N views ("NT-Xent", Chen et al. 2020, eq. 1), with its gradient, in double
 * precision.
 *
 * <p>Rows {@code 0 .. n-1} are the first views of n samples and rows {@code n .. 2n-1} their second views, in the same
 * order: the positive of row {@code i} is row {@code (i + n) mod 2n}; every other row is a negative. With
 * {@code z_i = h_i / max(|h_i|, 1e-12)} and {@code s_ik = z_i . z_k / temperature}, row i's loss is
 * {@code -s_ip + log sum_{k != i} exp(s_ik)} and the loss is their mean over the 2n rows.
 *
 * <p>Scores: row i is a top-1 hit when its positive has the highest similarity among the 2n - 1 other rows, a top-5
 * hit when fewer than 5 other rows score above it (ties count for the positive).
 */
public final class InfoNce {
    private static final double EPSILON = 1e-12;

    private InfoNce() {
    }

    /**
     * @param loss     the mean over the 2n rows (nats)
     * @param gradient dL/dh, [2n * d], row-major
     * @param top1     rows whose positive is the nearest
     * @param top5     rows whose positive is among the 5 nearest
     */
    public record Result(double loss, double[] gradient, int top1, int top5) {
    }

    /**
     * The loss of {@code 2n} projections.
     *
     * @param h           [2n * d] row-major, from {@code offset}
     * @param n           samples (at least 1)
     * @param d           projection size
     * @param temperature above 0
     * @throws IllegalArgumentException if n, d or the temperature is out of range or {@code h} too short
     */
    public static Result of(float[] h, int offset, int n, int d, double temperature) {
        if (n < 1 || d < 1) throw new IllegalArgumentException("InfoNCE needs n >= 1 samples of d >= 1 values, got n " + n + ", d " + d);
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be above 0, got " + temperature);
        int m = 2 * n;
        if (h.length - offset < m * d) throw new IllegalArgumentException(m + " rows of " + d + " values need " + m * d + " floats");
        double[] z = new double[m * d];
        double[] norm = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += (double) h[offset + i * d + j] * h[offset + i * d + j];
            norm[i] = Math.max(Math.sqrt(s), EPSILON);
            for (int j = 0; j < d; j++) z[i * d + j] = h[offset + i * d + j] / norm[i];
        }
        double[] sim = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int k = i; k < m; k++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += z[i * d + j] * z[k * d + j];
                sim[i * m + k] = s / temperature;
                sim[k * m + i] = s / temperature;
            }
        }
        // g[i][k] = dL/ds_ik = (softmax_i(k) - [k = p(i)]) / m over k != i
        double[] g = new double[m * m];
        double loss = 0;
        int top1 = 0, top5 = 0;
        for (int i = 0; i < m; i++) {
            int p = (i + n) % m;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < m; k++) if (k != i) max = Math.max(max, sim[i * m + k]);
            double sum = 0;
            for (int k = 0; k < m; k++) if (k != i) sum += Math.exp(sim[i * m + k] - max);
            double logSum = max + Math.log(sum);
            loss += logSum - sim[i * m + p];
            int above = 0;
            for (int k = 0; k < m; k++) {
                if (k == i) continue;
                g[i * m + k] = (Math.exp(sim[i * m + k] - logSum) - (k == p ? 1 : 0)) / m;
                if (sim[i * m + k] > sim[i * m + p]) above++;
            }
            if (above == 0) top1++;
            if (above < 5) top5++;
        }
        // dL/dz_i = sum_k (g_ik + g_ki) z_k / T; dL/dh_i = (dL/dz_i - z_i (z_i . dL/dz_i)) / |h_i|
        double[] gradient = new double[m * d];
        double[] dz = new double[d];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(dz, 0);
            for (int k = 0; k < m; k++) {
                double w = (g[i * m + k] + g[k * m + i]) / temperature;
                if (w == 0) continue;
                for (int j = 0; j < d; j++) dz[j] += w * z[k * d + j];
            }
            double dot = 0;
            for (int j = 0; j < d; j++) dot += dz[j] * z[i * d + j];
            for (int j = 0; j < d; j++) gradient[i * d + j] = (dz[j] - z[i * d + j] * dot) / norm[i];
        }
        return new Result(loss / m, gradient, top1, top5);
    }
}
