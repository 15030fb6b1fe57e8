package org.neuroprior.architectures;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's forward and backward pass over a batch of {@link #batch()} sequences of {@link #window()} time steps
 * (training). Rows are ordered sequence by sequence: row {@code b * window + t} is step t of sequence b. A stateless
 * model treats the rows as independent samples.
 *
 * <p><b>State across windows</b> (truncated backpropagation through time): each sequence starts from the state the
 * caller gives (the state the model had when that step was collected; no gradient flows into it), and the state is
 * reset to zeros before every row marked as an episode start. Gradients flow through the state within a window and
 * stop at its edges.
 *
 * <p>Arrays handed out are owned by the pass and valid until its next call. Not thread-safe.
 */
public interface BatchPass extends AutoCloseable {

    int batch();

    int window();

    /**
     * The outputs for a batch.
     *
     * @param inputs       [batch * window, inputShape...], float, prepared by {@link Model#prepare}
     * @param initialState [batch, stateSize], each sequence's state before its first row; null for a stateless model
     * @param starts       [batch * window], 1 where a new episode starts (the state is zeroed before that row), 0
     *                     elsewhere; null for a stateless model
     * @return [batch * window, outputSize]
     */
    INDArray forward(INDArray inputs, INDArray initialState, INDArray starts);

    /** The latent z of the last {@link #forward}: [batch * window, latentSize]. */
    INDArray latent();

    /**
     * The gradient of a loss with respect to the model's parameters (flat order, owned by the pass), given its
     * gradients with respect to the outputs and, optionally, the latents of the last {@link #forward}.
     *
     * @param outputGradient [batch * window, outputSize]
     * @param latentGradient [batch * window, latentSize], or null if the loss does not read the latent
     */
    float[] backward(INDArray outputGradient, INDArray latentGradient);

    /** dL/d inputs of the last {@link #backward}, if the pass was made to compute it: [batch * window, inputShape...]. */
    INDArray inputGradient();

    /**
     * dL/d inputs alone, for a pass made with input gradients: back-propagates {@code outputGradient} (no latent
     * gradient) through the last {@link #forward}, leaving out the parameters' gradients where the pass can (DDPG's
     * actor step differentiates through its critic, whose own gradients it does not use).
     *
     * @param outputGradient [batch * window, outputSize]
     * @return [batch * window, inputShape...], owned by the pass; {@link #inputGradient()} returns it too
     * @throws IllegalStateException if the pass was made without input gradients
     */
    default INDArray backwardToInput(INDArray outputGradient) {
        backward(outputGradient, null);
        return inputGradient();
    }

    @Override
    void close();
}
