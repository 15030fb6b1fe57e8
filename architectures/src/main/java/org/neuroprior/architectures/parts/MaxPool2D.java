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
import org.neuroprior.architectures.kernels.HostPass;

/**
 * Max pooling over non-overlapping {@code size x size} windows of every channel (PyTorch's {@code nn.MaxPool2d(size)}),
 * on images with their channels last: input {@code [H, W, C]}, output {@code [H / size, W / size, C]} (rounded down:
 * rows and columns that do not fill a window are dropped). No parameters. The gradient goes to the first largest value
 * of each window (row-major), as in libnd4j; where several are equal it makes no difference after a ReLU, whose zeros
 * get no gradient.
 *
 * @param name       the part's name
 * @param inputShape {@code [H, W, C]}
 * @param size       the window's side and stride
 */
public record MaxPool2D(String name, int[] inputShape, int size) implements Part {

    /** @throws IllegalArgumentException if the input is not {@code [C, H, W]} or smaller than one window */
    public MaxPool2D {
        inputShape = inputShape.clone();
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("pooling " + name + " reads images [height, width, channels], not " + Arrays.toString(inputShape));
        }
        if (size < 1 || size > inputShape[0] || size > inputShape[1]) {
            throw new IllegalArgumentException("pooling " + name + ": a " + size + " x " + size + " window does not fit in a "
                    + inputShape[0] + " x " + inputShape[1] + " image");
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {inputShape[0] / size, inputShape[1] / size, inputShape[2]};
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SDVariable x = input.reshape(-1, inputShape[0], inputShape[1], inputShape[2]);
        Pooling2DConfig config = Pooling2DConfig.builder().kH(size).kW(size).sH(size).sW(size).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).type(Pooling2D.Pooling2DType.MAX).isNHWC(true).build();
        return new Output(scope.sd().cnn.maxPooling2d(x, config), null);
    }

    /**
     * Pools one sample: writes the maximum of each window into {@code output}, channel by channel in runs of
     * {@code c} contiguous values (a loop the JIT compiles to vector instructions; the earlier compare-and-branch
     * per value mispredicted on ReLU outputs). For inputs without NaN the maxima are those of a scan that keeps the
     * first largest value.
     */
    private void pool(float[] input, int inOffset, float[] output, int outOffset) {
        int w = inputShape[1];
        int c = inputShape[2];
        int oh = inputShape[0] / size;
        int ow = w / size;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int out = outOffset + (y * ow + x) * c;
                int first = inOffset + (y * size * w + x * size) * c;
                System.arraycopy(input, first, output, out, c);
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) {
                        if (i == 0 && j == 0) continue;
                        int at = inOffset + ((y * size + i) * w + x * size + j) * c;
                        for (int ch = 0; ch < c; ch++) output[out + ch] = Math.max(output[out + ch], input[at + ch]);
                    }
                }
            }
        }
    }

    /**
     * Adds each window's output gradient to its first largest input (row-major window order), as libnd4j does: the
     * first position whose input equals the window's maximum, found by scanning the window backwards with
     * conditional moves instead of unpredictable branches. {@code inputGradient} must be zero on entry.
     */
    private void unpool(float[] input, int inOffset, float[] output, float[] outputGradient, int outOffset, float[] inputGradient) {
        int w = inputShape[1];
        int c = inputShape[2];
        int oh = inputShape[0] / size;
        int ow = w / size;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int out = outOffset + (y * ow + x) * c;
                int first = inOffset + (y * size * w + x * size) * c;
                for (int ch = 0; ch < c; ch++) {
                    float max = output[out + ch];
                    int argmax = first + ch;
                    for (int i = size - 1; i >= 0; i--) {
                        for (int j = size - 1; j >= 0; j--) {
                            int at = inOffset + ((y * size + i) * w + x * size + j) * c + ch;
                            argmax = input[at] == max ? at : argmax;
                        }
                    }
                    inputGradient[argmax] += outputGradient[out + ch];
                }
            }
        }
    }

    private int outputSize() {
        return (inputShape[0] / size) * (inputShape[1] / size) * inputShape[2];
    }

    @Override
    public JavaStep javaStep() {
        return (parameters, base, input, state, stateOffset, output) -> pool(input, 0, output, 0);
    }

    @Override
    public FusedPass fusedPass(int batch) {
        int in = inputShape[0] * inputShape[1] * inputShape[2];
        int out = outputSize();
        return new HostPass(batch, inputShape, out) {
            @Override
            protected void compute(Parameters parameters, int base) {
                for (int b = 0; b < rows; b++) pool(input, b * in, output, b * out);
            }

            @Override
            protected void differentiate(float[] gradient, int base, float[] inputGradient) {
                if (inputGradient == null) return;
                Arrays.fill(inputGradient, 0f);
                for (int b = 0; b < rows; b++) unpool(input, b * in, output, outputGradient, b * out, inputGradient);
            }
        };
    }
}
