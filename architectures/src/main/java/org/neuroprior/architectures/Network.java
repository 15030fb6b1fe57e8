package org.neuroprior.architectures;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A network with trainable parameters, usable two ways that compute the same function:
 * <ul>
 *   <li>{@link #forward} in plain Java on one input, without allocating: the fast path for rollouts and
 *       evolution strategies;</li>
 *   <li>{@link #define} as part of a SameDiff graph, for gradients (PPO, DDPG); {@link #pull} copies the trained
 *       values back.</li>
 * </ul>
 * Parameters are also exposed as one flat vector (ES perturbs it; checkpoints store it) in a fixed order.
 */
public interface Network {

    /** What it is: "mlp", "ncap", ... */
    String kind();

    int inputSize();

    int outputSize();

    /** Number of trainable scalars. */
    long parameterCount();

    /** All trainable parameters, flattened in a fixed, documented order (a copy). */
    double[] parameters();

    /** Sets all trainable parameters from a vector of {@link #parameterCount()} values. */
    void setParameters(double[] values);

    /** The network's output for one input, written into {@code output}. Allocation-free. */
    void forward(double[] input, double[] output);

    /**
     * Adds this network to {@code sd}: creates its trainable variables named {@code prefix + "/..."} (in the data type
     * of {@code input}), initialised from the current parameters, and returns the output for a batch
     * {@code input} of shape [batch, inputSize]: shape [batch, outputSize].
     */
    SDVariable define(SameDiff sd, String prefix, SDVariable input);

    /** Reads the current values of the variables {@link #define} created under {@code prefix} into this network. */
    void pull(SameDiff sd, String prefix);

    /** An independent copy with the same parameters (for another thread). */
    Network copy();
}
