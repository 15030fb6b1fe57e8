package org.neuroprior.architectures;

import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One piece of a {@link Model} (tonic's encoder, torso and head are made of them): a differentiable function of a
 * sample, with trainable parameters and, for recurrent parts, a state carried from one time step to the next.
 *
 * <p>{@link #define} is the part's one definition: a SameDiff graph, from which every gradient comes. A part may
 * also offer faster ways to compute the same thing, {@link #javaStep} (plain Java, one sample: rollouts and
 * evolution strategies) and {@link #fusedPass} (a whole batch forward and backward without a SameDiff session:
 * training). They are optimisations only: {@code ModelContractTest} checks both against the definition for every
 * registered architecture and every variant of its options, so a part that offers one must compute the same
 * function and gradients (up to float rounding).
 *
 * <p>A part is an immutable description; the objects that compute (steps, passes) are made per thread.
 */
public interface Part {

    /** Unique within its model, e.g. {@code dense0}; prefixes its parameter blocks' names. */
    String name();

    /** Shape of one input sample, e.g. {@code [24]} or {@code [30, 5, 7]}. */
    int[] inputShape();

    /** Shape of one output sample. */
    int[] outputShape();

    /** Floats of recurrent state per sample; 0 for a stateless part. A new episode starts from zeros. */
    default int stateSize() {
        return 0;
    }

    /** The trainable parameter blocks, in flat order. */
    List<ParameterSpec> parameters();

    /**
     * Adds the part to a graph for one time step (the definition).
     *
     * @param scope gives the graph and the part's parameter variables by block name
     * @param input [batch, inputShape...]
     * @param state [batch, stateSize] for a recurrent part, null otherwise
     * @return the output [batch, outputShape...] and, for a recurrent part, the next state [batch, stateSize]
     */
    Output define(PartScope scope, SDVariable input, SDVariable state);

    /** What {@link #define} returns: the output and the next state (null for a stateless part). */
    record Output(SDVariable output, SDVariable state) {
    }

    /** A plain-Java evaluator of one sample, or null if the part has none (the model then uses its graph). */
    default JavaStep javaStep() {
        return null;
    }

    /**
     * A fused forward and backward pass over batches of exactly {@code batch} samples, or null if the part has none
     * (stateless parts only; a model whose parts all have one trains through them instead of a SameDiff session).
     */
    default FusedPass fusedPass(int batch) {
        return null;
    }

    /** Plain-Java evaluation of one sample of a part; each instance owns its buffers (one per thread). */
    interface JavaStep {
        /**
         * Writes the part's output for one sample.
         *
         * @param parameters  the model's parameters (read {@link Parameters#array()} from {@code base} on)
         * @param base        index of this part's first parameter in the flat vector
         * @param input       the sample, flattened row-major
         * @param state       the model's state vector: this part's slice starts at {@code stateOffset}; it is
         *                    read and overwritten with the next state
         * @param stateOffset where this part's state starts
         * @param output      receives the output, flattened
         */
        void step(Parameters parameters, int base, float[] input, float[] state, int stateOffset, float[] output);
    }

    /** A stateless part's forward and backward pass over a fixed batch size, on buffers allocated once. */
    interface FusedPass extends AutoCloseable {
        /**
         * The outputs for {@code input} ([batch, inputShape...], float): an array owned by the pass, valid until the
         * next call.
         */
        INDArray forward(Parameters parameters, int base, INDArray input);

        /**
         * Back-propagates {@code outputGradient} (dL/d output of the last {@link #forward}): writes dL/d parameters
         * into the part's block of {@code gradient}, from {@code base}, which holds zeros on entry (unless
         * {@code gradient} is null: they are not wanted, and a pass may skip them), and, if {@code wantInput}, returns
         * dL/d input (owned by the pass), else null.
         */
        INDArray backward(INDArray outputGradient, float[] gradient, int base, boolean wantInput);

        @Override
        void close();
    }
}
