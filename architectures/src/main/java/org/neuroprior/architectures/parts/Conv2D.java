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
 * followed by an activation): input {@code [C, H, W]}, output {@code [channels, H - kernel + 1, W - kernel + 1]}.
 *
 * <p>Parameters: {@code W} {@code [kernel, kernel, C, channels]} (ND4J's default weight layout, YXIO: element
 * {@code [i][j][c][o]} at {@code ((i * kernel + j) * C + c) * channels + o}) and {@code b} {@code [channels]}, both
 * uniform in +-1/sqrt(C kernel^2), PyTorch's default initialisation of {@code nn.Conv2d}.
 *
 * <p>Its plain-Java step convolves one sample directly; its fused pass ({@link ConvPass}) computes the batch as
 * matrix products with BLAS (im2col), on buffers allocated once.
 *
 * @param name       the part's name
 * @param inputShape {@code [C, H, W]}
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
            throw new IllegalArgumentException("convolution " + name + " reads images [channels, height, width], not " + Arrays.toString(inputShape));
        }
        if (channels < 1 || kernel < 1) throw new IllegalArgumentException("convolution " + name + " needs channels and kernel >= 1");
        if (kernel > inputShape[1] || kernel > inputShape[2]) {
            throw new IllegalArgumentException("convolution " + name + ": a " + kernel + " x " + kernel + " kernel does not fit in a "
                    + inputShape[1] + " x " + inputShape[2] + " image");
        }
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {channels, inputShape[1] - kernel + 1, inputShape[2] - kernel + 1};
    }

    @Override
    public List<ParameterSpec> parameters() {
        ParameterSpec.Initializer init = ParameterSpec.Initializer.uniformFanIn(inputShape[0] * kernel * kernel);
        return List.of(new ParameterSpec("W", new int[] {kernel, kernel, inputShape[0], channels}, init),
                new ParameterSpec("b", new int[] {channels}, init));
    }

    /** The op's settings: NCHW data, YXIO weights, stride 1, no padding. */
    Conv2DConfig config() {
        return Conv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build();
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SDVariable x = input.reshape(-1, inputShape[0], inputShape[1], inputShape[2]);
        SDVariable y = scope.sd().cnn.conv2d(x, scope.parameter("W"), scope.parameter("b"), config());
        return new Output(activation.apply(scope.sd(), y), null);
    }

    @Override
    public JavaStep javaStep() {
        int c = inputShape[0];
        int h = inputShape[1];
        int w = inputShape[2];
        int oh = h - kernel + 1;
        int ow = w - kernel + 1;
        float[] acc = new float[oh * ow * channels]; // [y][x][o]: the inner loop runs along a weight row
        return (parameters, base, input, state, stateOffset, output) -> {
            float[] p = parameters.array();
            int bias = base + kernel * kernel * c * channels;
            for (int pos = 0; pos < oh * ow; pos++) System.arraycopy(p, bias, acc, pos * channels, channels);
            for (int i = 0; i < kernel; i++) {
                for (int j = 0; j < kernel; j++) {
                    for (int ci = 0; ci < c; ci++) {
                        int row = base + ((i * kernel + j) * c + ci) * channels;
                        for (int y = 0; y < oh; y++) {
                            int in = ci * h * w + (y + i) * w + j;
                            for (int x = 0; x < ow; x++) {
                                float v = input[in + x];
                                if (v == 0f) continue;
                                int a = (y * ow + x) * channels;
                                for (int o = 0; o < channels; o++) acc[a + o] += v * p[row + o];
                            }
                        }
                    }
                }
            }
            for (int o = 0; o < channels; o++) {
                for (int pos = 0; pos < oh * ow; pos++) output[o * oh * ow + pos] = activation.apply(acc[pos * channels + o]);
            }
        };
    }

    @Override
    public FusedPass fusedPass(int batch) {
        return new ConvPass(this, batch);
    }
}
