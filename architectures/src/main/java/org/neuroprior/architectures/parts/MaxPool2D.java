package org.neuroprior.architectures.parts;

import java.util.Arrays;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;

/**
 * Max pooling over non-overlapping {@code size x size} windows of every channel (PyTorch's {@code nn.MaxPool2d(size)}):
 * input {@code [C, H, W]}, output {@code [C, H / size, W / size]} (rounded down: rows and columns that do not fill a
 * window are dropped). No parameters. The gradient goes to the first largest value of each window (row-major), as in
 * libnd4j; where several are equal it makes no difference after a ReLU, whose zeros get no gradient.
 *
 * @param name       the part's name
 * @param inputShape {@code [C, H, W]}
 * @param size       the window's side and stride
 */
public record MaxPool2D(String name, int[] inputShape, int size) implements Part {

    /** @throws IllegalArgumentException if the input is not {@code [C, H, W]} or smaller than one window */
    public MaxPool2D {
        inputShape = inputShape.clone();
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("pooling " + name + " reads images [channels, height, width], not " + Arrays.toString(inputShape));
        }
        if (size < 1 || size > inputShape[1] || size > inputShape[2]) {
            throw new IllegalArgumentException("pooling " + name + ": a " + size + " x " + size + " window does not fit in a "
                    + inputShape[1] + " x " + inputShape[2] + " image");
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {inputShape[0], inputShape[1] / size, inputShape[2] / size};
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SDVariable x = input.reshape(-1, inputShape[0], inputShape[1], inputShape[2]);
        Pooling2DConfig config = Pooling2DConfig.builder().kH(size).kW(size).sH(size).sW(size).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).type(Pooling2D.Pooling2DType.MAX).isNHWC(false).build();
        return new Output(scope.sd().cnn.maxPooling2d(x, config), null);
    }

    /**
     * Pools one sample: writes the maxima into {@code output} and, if {@code argmax} is not null, the index in
     * {@code input} of each one (the first of equal values).
     */
    private void pool(float[] input, int inOffset, float[] output, int outOffset, int[] argmax) {
        int c = inputShape[0];
        int h = inputShape[1];
        int w = inputShape[2];
        int oh = h / size;
        int ow = w / size;
        int k = outOffset;
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++, k++) {
                    int best = inOffset + ch * h * w + y * size * w + x * size;
                    for (int i = 0; i < size; i++) {
                        int row = inOffset + ch * h * w + (y * size + i) * w + x * size;
                        for (int j = 0; j < size; j++) if (input[row + j] > input[best]) best = row + j;
                    }
                    output[k] = input[best];
                    if (argmax != null) argmax[k] = best;
                }
            }
        }
    }

    private int outputSize() {
        return inputShape[0] * (inputShape[1] / size) * (inputShape[2] / size);
    }

    @Override
    public JavaStep javaStep() {
        return (parameters, base, input, state, stateOffset, output) -> pool(input, 0, output, 0, null);
    }

    @Override
    public FusedPass fusedPass(int batch) {
        int in = inputShape[0] * inputShape[1] * inputShape[2];
        int out = outputSize();
        int[] argmax = new int[batch * out];
        return new HostPass(batch, inputShape, out) {
            @Override
            protected void compute(Parameters parameters, int base) {
                for (int b = 0; b < rows; b++) pool(input, b * in, output, b * out, argmax);
            }

            @Override
            protected void differentiate(float[] gradient, int base, float[] inputGradient) {
                if (inputGradient == null) return;
                Arrays.fill(inputGradient, 0f);
                for (int k = 0; k < argmax.length; k++) inputGradient[argmax[k]] += outputGradient[k];
            }
        };
    }
}
