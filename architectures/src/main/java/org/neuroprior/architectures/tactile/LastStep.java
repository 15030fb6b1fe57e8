package org.neuroprior.architectures.tactile;

import java.util.List;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;
import org.neuroprior.architectures.kernels.HostPass;

/**
 * The last step of a sequence: input {@code [T, d]}, output {@code [d]} (what a decoder "on the last step" reads).
 * No parameters. Its fused pass copies the last step of each sample (and, backward, its gradient into a zero
 * sequence).
 *
 * @param name       the part's name
 * @param inputShape {@code [T, d]}
 */
public record LastStep(String name, int[] inputShape) implements Part {

    /** @throws IllegalArgumentException if the input is not a sequence {@code [T, d]} */
    public LastStep {
        inputShape = inputShape.clone();
        if (inputShape.length != 2) throw new IllegalArgumentException("the last step of a sequence [T, d], not of " + java.util.Arrays.toString(inputShape));
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {inputShape[1]};
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        // A slice of the flattened sequence: SameDiff M2.1's strided_slice_bp fails on a point index of [B, 22, d]
        // ("begin index should be <= corresponding dimension"), while a rank-2 interval trains.
        int t = inputShape[0], d = inputShape[1];
        return new Output(input.reshape(-1, (long) t * d).get(SDIndex.all(), SDIndex.interval((long) (t - 1) * d, (long) t * d)), null);
    }

    @Override
    public FusedPass fusedPass(int batch) {
        int t = inputShape[0], d = inputShape[1];
        return new HostPass(batch, inputShape, d) {
            @Override
            protected void compute(Parameters parameters, int base) {
                for (int r = 0; r < rows; r++) System.arraycopy(input, (r * t + t - 1) * d, output, r * d, d);
            }

            @Override
            protected void differentiate(float[] gradient, int base, float[] inputGradient) {
                if (inputGradient == null) return;
                java.util.Arrays.fill(inputGradient, 0f);
                for (int r = 0; r < rows; r++) System.arraycopy(outputGradient, r * d, inputGradient, (r * t + t - 1) * d, d);
            }
        };
    }
}
