package org.neuroprior.architectures.parts;

import java.util.Arrays;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;
import org.neuroprior.architectures.kernels.HostPass;

/**
 * Moves an image's channels last: input {@code [C, H, W]} (PyTorch's layout, as environments declare images), output
 * {@code [H, W, C]} (the layout of {@link Conv2D} and {@link MaxPool2D}, whose plain-Java passes read a pixel's channels
 * as one contiguous run). No parameters.
 *
 * @param name       the part's name
 * @param inputShape {@code [C, H, W]}
 */
public record ChannelsLast(String name, int[] inputShape) implements Part {

    /** @throws IllegalArgumentException if the input is not {@code [C, H, W]} */
    public ChannelsLast {
        inputShape = inputShape.clone();
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(name + " reads images [channels, height, width], not " + Arrays.toString(inputShape));
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {inputShape[1], inputShape[2], inputShape[0]};
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        return new Output(input.reshape(-1, inputShape[0], inputShape[1], inputShape[2]).permute(0, 2, 3, 1), null);
    }

    /** Copies sample {@code from[fromOffset ..]} into {@code to[toOffset ..]}, channels last ({@code back}: first). */
    private void move(float[] from, int fromOffset, float[] to, int toOffset, boolean back) {
        int c = inputShape[0];
        int plane = inputShape[1] * inputShape[2];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < plane; p++) {
                if (back) to[toOffset + ch * plane + p] = from[fromOffset + p * c + ch];
                else to[toOffset + p * c + ch] = from[fromOffset + ch * plane + p];
            }
        }
    }

    @Override
    public JavaStep javaStep() {
        return (parameters, base, input, state, stateOffset, output) -> move(input, 0, output, 0, false);
    }

    @Override
    public FusedPass fusedPass(int batch) {
        int size = inputShape[0] * inputShape[1] * inputShape[2];
        return new HostPass(batch, inputShape, size) {
            @Override
            protected void compute(Parameters parameters, int base) {
                for (int b = 0; b < rows; b++) move(input, b * size, output, b * size, false);
            }

            @Override
            protected void differentiate(float[] gradient, int base, float[] inputGradient) {
                if (inputGradient == null) return;
                for (int b = 0; b < rows; b++) move(outputGradient, b * size, inputGradient, b * size, true);
            }
        };
    }
}
