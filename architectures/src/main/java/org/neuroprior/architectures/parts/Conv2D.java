package org.neuroprior.architectures.parts;

import java.util.Arrays;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;

/**
 * A 2-D convolution with stride 1 and no padding, then an activation (PyTorch's {@code nn.Conv2d(in, out, kernel)}
 * followed by an activation), on images with their channels last: input {@code [H, W, C]}, output
 * {@code [H - kernel + 1, W - kernel + 1, channels]} ({@link ChannelsLast} turns PyTorch's {@code [C, H, W]} into
 * that). The function is PyTorch's; only the memory layout differs.
 *
 * <p>Parameters: {@code W} {@code [kernel, kernel, C, channels]} (ND4J's default weight layout, YXIO: element
 * {@code [i][j][c][o]} at {@code ((i * kernel + j) * C + c) * channels + o}) and {@code b} {@code [channels]}, both
 * uniform in +-1/sqrt(C kernel^2), PyTorch's default initialisation of {@code nn.Conv2d}.
 *
 * <p>Its plain-Java step convolves one sample directly; its fused pass ({@link ConvPass}) computes the batch as
 * matrix products with BLAS (im2col), on buffers allocated once.
 *
 * @param name       the part's name
 * @param inputShape {@code [H, W, C]}
 * @param channels   output channels
 * @param kernel     side of the square kernel
 * @param activation applied to every output
 */
public record Conv2D(String name, int[] inputShape, int channels, int kernel, Activation activation) implements Part {

    /**
     * @throws IllegalArgumentException if the input is not {@code [C, H, W]}, or the kernel does not fit in it
     */
    public Conv2D {
        inputShape = inputShape.clone();
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("convolution " + name + " reads images [height, width, channels], not " + Arrays.toString(inputShape));
        }
        if (channels < 1 || kernel < 1) throw new IllegalArgumentException("convolution " + name + " needs channels and kernel >= 1");
        if (kernel > inputShape[0] || kernel > inputShape[1]) {
            throw new IllegalArgumentException("convolution " + name + ": a " + kernel + " x " + kernel + " kernel does not fit in a "
                    + inputShape[0] + " x " + inputShape[1] + " image");
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {inputShape[0] - kernel + 1, inputShape[1] - kernel + 1, channels};
    }

    @Override
    public List<ParameterSpec> parameters() {
        ParameterSpec.Initializer init = ParameterSpec.Initializer.uniformFanIn(inputShape[2] * kernel * kernel);
        return List.of(new ParameterSpec("W", new int[] {kernel, kernel, inputShape[2], channels}, init),
                new ParameterSpec("b", new int[] {channels}, init));
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        Conv2DConfig config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NHWC).weightsFormat(WeightsFormat.YXIO).build();
        SDVariable x = input.reshape(-1, inputShape[0], inputShape[1], inputShape[2]);
        SDVariable y = scope.sd().cnn.conv2d(x, scope.parameter("W"), scope.parameter("b"), config);
        return new Output(activation.apply(scope.sd(), y), null);
    }

    @Override
    public JavaStep javaStep() {
        int h = inputShape[0];
        int w = inputShape[1];
        int c = inputShape[2];
        int oh = h - kernel + 1;
        int ow = w - kernel + 1;
        int n = oh * ow * channels;
        return (parameters, base, input, state, stateOffset, output) -> {
            float[] p = parameters.array();
            int bias = base + kernel * kernel * c * channels;
            for (int pos = 0; pos < oh * ow; pos++) System.arraycopy(p, bias, output, pos * channels, channels);
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int out = (y * ow + x) * channels;
                    for (int i = 0; i < kernel; i++) {
                        for (int j = 0; j < kernel; j++) {
                            int in = ((y + i) * w + x + j) * c;
                            int row = base + (i * kernel + j) * c * channels;
                            for (int ci = 0; ci < c; ci++) {
                                float v = input[in + ci];
                                if (v == 0f) continue;   // images are mostly zeros (and so are ReLU outputs)
                                int r = row + ci * channels;
                                for (int o = 0; o < channels; o++) output[out + o] += v * p[r + o];
                            }
                        }
                    }
                }
            }
            activation.apply(output, 0, n);
        };
    }

    @Override
    public FusedPass fusedPass(int batch) {
        return new ConvPass(this, batch);
    }
}
