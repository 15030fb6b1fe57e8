package org.neuroprior.agents;

import org.neuroprior.architectures.Network;
import org.neuroprior.envs.wrappers.RunningMeanStd;

/**
 * A deterministic controller: optional observation normalisation (frozen statistics), a network, and clipping to
 * the action range [-1, 1]. Used for test episodes, evaluation and rollouts. Not thread-safe: {@link #copy()}.
 */
public final class Policy {
    /** Normalised observations are clipped to +-this many standard deviations. */
    public static final double OBSERVATION_CLIP = 10;

    private final Network network;
    private final RunningMeanStd normalizer; // null: the network reads raw observations
    private final double[] normalized;

    /** @param normalization frozen observation statistics, or null for none */
    public Policy(Network network, RunningMeanStd.Stats normalization) {
        this.network = network;
        if (normalization == null) {
            this.normalizer = null;
        } else {
            this.normalizer = new RunningMeanStd(network.inputSize());
            normalizer.restore(normalization);
        }
        this.normalized = new double[network.inputSize()];
    }

    public Network network() {
        return network;
    }

    /** The observation statistics the policy normalises with, or null. */
    public RunningMeanStd.Stats normalization() {
        return normalizer == null ? null : normalizer.stats();
    }

    /** Writes the action for {@code observation}: the network's output clipped to [-1, 1]. Allocation-free. */
    public void act(double[] observation, double[] action) {
        double[] input = observation;
        if (normalizer != null) {
            normalizer.normalize(observation, normalized, OBSERVATION_CLIP);
            input = normalized;
        }
        network.forward(input, action);
        for (int i = 0; i < action.length; i++) action[i] = Math.max(-1, Math.min(1, action[i]));
    }

    public Policy copy() {
        return new Policy(network.copy(), normalization());
    }
}
