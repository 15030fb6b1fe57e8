package org.neuroprior.agents.distributions;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A diagonal Gaussian around the model's outputs (the action means) with a standard deviation that is either fixed
 * (NCAP's 0.1 in the paper) or learned as one state-independent log-std per dimension (tonic's and CleanRL's MLP
 * actors): {@code log pi(a) = -1/2 sum_i (z_i^2 + 2 log std_i + log 2 pi)}, {@code z_i = (a_i - mean_i) / std_i}.
 * Actions are sampled unclipped (the environment receives them clipped to [-1, 1]).
 */
public final class Gaussian implements PolicyDistribution {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private final int size;
    private final boolean learned;
    private final float[] logStd;
    private final float fixedLogStd;
    /** exp(-log std) per dimension, and the log-std values it was computed from (PPO's Adam changes them in place). */
    private final double[] inverseStd;
    private final float[] cachedLogStd;

    /**
     * @param size        action dimensions
     * @param fixedStd    the std if > 0; 0 means learned
     * @param initialLogStd the learned log-std's start (ignored when fixed)
     */
    public Gaussian(int size, double fixedStd, double initialLogStd) {
        if (!(fixedStd >= 0)) throw new IllegalArgumentException("fixed std must be >= 0 (0 = learned), got " + fixedStd);
        this.size = size;
        this.learned = fixedStd == 0;
        this.logStd = new float[learned ? size : 0];
        Arrays.fill(logStd, (float) initialLogStd);
        this.fixedLogStd = learned ? 0 : (float) Math.log(fixedStd);
        this.inverseStd = new double[size];
        this.cachedLogStd = new float[size];
        for (int i = 0; i < size; i++) {
            cachedLogStd[i] = logStd(i);
            inverseStd[i] = Math.exp(-cachedLogStd[i]);
        }
    }

    /** exp(-log std_i), recomputed only when the log-std has changed (an exp per dimension and sample was PPO's cost). */
    private double[] inverseStd() {
        if (learned && !Arrays.equals(logStd, cachedLogStd)) {
            for (int i = 0; i < size; i++) {
                cachedLogStd[i] = logStd[i];
                inverseStd[i] = Math.exp(-logStd[i]);
            }
        }
        return inverseStd;
    }

    private float logStd(int i) {
        return learned ? logStd[i] : fixedLogStd;
    }

    /** The current std of dimension {@code i}. */
    public double std(int i) {
        return Math.exp(logStd(i));
    }

    @Override
    public int outputs() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }

    @Override
    public float[] parameters() {
        return logStd;
    }

    @Override
    public void sample(float[] outputs, int o, SplittableRandom rng, double[] action, int a) {
        for (int i = 0; i < size; i++) action[a + i] = outputs[o + i] + Math.exp(logStd(i)) * rng.nextGaussian();
    }

    @Override
    public double logProb(float[] outputs, int o, double[] action, int a) {
        double[] inverse = inverseStd();
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double z = (action[a + i] - outputs[o + i]) * inverse[i];
            sum += z * z + 2 * logStd(i) + LOG_2PI;
        }
        return -0.5 * sum;
    }

    @Override
    public void addLogProbGradient(float[] outputs, int o, double[] action, int a, double scale, float[] dOutputs,
                                   float[] dParameters) {
        double[] inverse = inverseStd();
        for (int i = 0; i < size; i++) {
            double inv = inverse[i];
            double z = (action[a + i] - outputs[o + i]) * inv;
            dOutputs[o + i] += (float) (scale * z * inv);           // d/d mean = z / std
            if (learned) dParameters[i] += (float) (scale * (z * z - 1)); // d/d log std = z^2 - 1
        }
    }

    /** The first dimension's std as {@code actor/std} (tonic's column). */
    @Override
    public java.util.Map<String, Double> statistics() {
        return java.util.Map.of("actor/std", std(0));
    }

    @Override
    public double entropy(float[] outputs, int o) {
        double sum = 0;
        for (int i = 0; i < size; i++) sum += logStd(i) + 0.5 * Math.log(2 * Math.PI * Math.E);
        return sum;
    }
}
