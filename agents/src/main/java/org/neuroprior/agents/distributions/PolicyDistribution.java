package org.neuroprior.agents.distributions;

import java.util.SplittableRandom;

/**
 * A stochastic policy's action distribution, parameterised by a model's outputs for one observation (and, for some,
 * trainable values of its own, such as a learned log-std): what on-policy agents sample from and differentiate.
 * Rows are addressed by offsets into flat arrays: {@code outputs[o .. o + outputs())},
 * {@code action[a .. a + width())}.
 */
public interface PolicyDistribution {

    /** Model outputs per observation. */
    int outputs();

    /** Numbers per stored action. */
    int width();

    /** The distribution's own trainable values (e.g. a log-std per action dimension); may be empty. */
    float[] parameters();

    /** Draws an action into {@code action[a ..]}. */
    void sample(float[] outputs, int o, SplittableRandom rng, double[] action, int a);

    /** log pi(action | outputs). */
    double logProb(float[] outputs, int o, double[] action, int a);

    /**
     * Adds {@code scale * d log pi(action | outputs) / d outputs} into {@code dOutputs[o ..]} and
     * {@code scale * d log pi / d parameters()} into {@code dParameters}.
     */
    void addLogProbGradient(float[] outputs, int o, double[] action, int a, double scale, float[] dOutputs, float[] dParameters);

    /** The entropy of the distribution at these outputs (nats). */
    double entropy(float[] outputs, int o);

    /** Statistics of the distribution's own parameters to log (e.g. {@code actor/std}); empty by default. */
    default java.util.Map<String, Double> statistics() {
        return java.util.Map.of();
    }
}
