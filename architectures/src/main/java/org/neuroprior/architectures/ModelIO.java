package org.neuroprior.architectures;

import java.util.Arrays;

/**
 * What a model is asked to be: what it reads and what it writes.
 *
 * @param inputShape  shape of one observation, as the environment's observation space declares it ({@code [24]},
 *                    {@code [110, 35, 6]}, ...)
 * @param outputSize  number of outputs (action dimensions, logits, Q values, 1 for a value)
 * @param output      what the outputs are
 */
public record ModelIO(int[] inputShape, int outputSize, Output output) {

    /** The range of a model's outputs. */
    public enum Output {
        /** Action means or deterministic actions in [-1, 1] (a tanh head for an MLP; NCAP's muscles by design). */
        BOUNDED,
        /** Unbounded real numbers: logits, values, Q values. */
        LINEAR
    }

    public ModelIO {
        inputShape = inputShape.clone();
        if (inputShape.length == 0) throw new IllegalArgumentException("a model needs an input shape");
        for (int d : inputShape) if (d < 1) throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape) + " has a dimension < 1");
        if (outputSize < 1) throw new IllegalArgumentException("a model needs at least one output, got " + outputSize);
        if (output == null) throw new IllegalArgumentException("output kind is null");
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Values in one observation (the product of the shape). Allocates nothing: evaluators call it per sample. */
    public int inputSize() {
        return Model.product(inputShape);
    }

    /** A flat vector input of {@code size} values. */
    public static ModelIO vector(int size, int outputSize, Output output) {
        return new ModelIO(new int[] {size}, outputSize, output);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelIO m && Arrays.equals(inputShape, m.inputShape) && outputSize == m.outputSize && output == m.output;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(inputShape) * 31 + outputSize * 7 + output.hashCode();
    }

    @Override
    public String toString() {
        return Arrays.toString(inputShape) + " -> " + outputSize + " (" + output.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
