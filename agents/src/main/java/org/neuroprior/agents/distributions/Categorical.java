package org.neuroprior.agents.distributions;

import java.util.SplittableRandom;

/**
 * A categorical distribution over n actions with the model's outputs as logits:
 * {@code pi(a) = softmax(logits)_a}. A stored action is its index (one number).
 */
public final class Categorical implements PolicyDistribution {
    private final int n;
    private final double[] p;

    public Categorical(int n) {
        if (n < 1) throw new IllegalArgumentException("a categorical distribution needs n >= 1, got " + n);
        this.n = n;
        this.p = new double[n];
    }

    @Override
    public int outputs() {
        return n;
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public float[] parameters() {
        return new float[0];
    }

    /** Softmax of {@code logits[o .. o + n)} into {@link #p}; returns log sum exp. */
    private double softmax(float[] logits, int o) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, logits[o + i]);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logits[o + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) p[i] /= sum;
        return max + Math.log(sum);
    }

    @Override
    public void sample(float[] outputs, int o, SplittableRandom rng, double[] action, int a) {
        softmax(outputs, o);
        double u = rng.nextDouble();
        int chosen = n - 1;
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += p[i];
            if (u < cumulative) {
                chosen = i;
                break;
            }
        }
        action[a] = chosen;
    }

    @Override
    public double logProb(float[] outputs, int o, double[] action, int a) {
        return outputs[o + (int) action[a]] - softmax(outputs, o);
    }

    @Override
    public void addLogProbGradient(float[] outputs, int o, double[] action, int a, double scale, float[] dOutputs,
                                   float[] dParameters) {
        softmax(outputs, o);
        int chosen = (int) action[a];
        for (int i = 0; i < n; i++) dOutputs[o + i] += (float) (scale * ((i == chosen ? 1 : 0) - p[i])); // onehot - softmax
    }

    @Override
    public double entropy(float[] outputs, int o) {
        softmax(outputs, o);
        double h = 0;
        for (int i = 0; i < n; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
        return h;
    }
}
