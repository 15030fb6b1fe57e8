package org.neuroprior.architectures.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neuroprior.architectures.kernels.KernelArrays.*;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ConvKernel} computes what SameDiff's {@code conv2d} (NHWC images, YXIO weights), which it replaces, computes:
 * outputs and the gradients of the loss {@code sum(y r)} for a random {@code r} (in double, the kernel in float), on odd
 * shapes: stride 1 and 2, SAME with odd and even kernels, VALID, 1 x 1 kernels, images one pixel wide, with and
 * without a bias; read from and written to offsets in longer arrays, the parameter gradients added to what is there.
 */
class ConvKernelTest {
    static Stream<Arguments> shapes() {
        return Stream.of(
                // images, height, width, in, out, kernel, stride, padding, bias
                Arguments.of(3, 5, 7, 4, 6, 3, 1, ConvKernel.Padding.SAME, true),
                Arguments.of(3, 5, 7, 4, 6, 3, 2, ConvKernel.Padding.SAME, false),
                Arguments.of(2, 3, 4, 5, 3, 2, 1, ConvKernel.Padding.SAME, true),
                Arguments.of(2, 5, 7, 3, 4, 2, 2, ConvKernel.Padding.SAME, true),
                Arguments.of(2, 4, 5, 3, 2, 4, 1, ConvKernel.Padding.SAME, true),
                Arguments.of(2, 5, 7, 3, 4, 1, 2, ConvKernel.Padding.SAME, false),
                Arguments.of(2, 4, 1, 3, 2, 3, 1, ConvKernel.Padding.SAME, true),
                Arguments.of(2, 3, 4, 2, 3, 3, 2, ConvKernel.Padding.SAME, true),
                Arguments.of(2, 5, 7, 3, 4, 3, 1, ConvKernel.Padding.VALID, true),
                Arguments.of(2, 6, 7, 3, 4, 3, 2, ConvKernel.Padding.VALID, true),
                Arguments.of(2, 5, 7, 3, 4, 1, 1, ConvKernel.Padding.VALID, true),
                Arguments.of(2, 5, 1, 3, 2, 1, 1, ConvKernel.Padding.VALID, false),
                Arguments.of(1, 6, 3, 2, 2, 3, 1, ConvKernel.Padding.VALID, true));
    }

    @ParameterizedTest(name = "{0} images {1} x {2} x {3} -> {4}, kernel {5}, stride {6}, {7}, bias {8}")
    @MethodSource("shapes")
    void matchesSameDiffsConv2d(int images, int height, int width, int in, int out, int k, int stride, ConvKernel.Padding padding, boolean withBias) {
        SplittableRandom rng = new SplittableRandom(images * 1000 + height * 100 + k * 10 + stride);
        double[] x = gaussian(rng, images * height * width * in);
        double[] w = gaussian(rng, k * k * in * out);
        double[] b = gaussian(rng, out);

        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.var("x", Nd4j.create(x, new long[] {images, height, width, in}, DataType.DOUBLE));
        SDVariable wv = sd.var("W", Nd4j.create(w, new long[] {k, k, in, out}, DataType.DOUBLE));
        SDVariable bv = sd.var("b", Nd4j.create(b, new long[] {out}, DataType.DOUBLE));
        Conv2DConfig config = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).dH(1).dW(1)
                .paddingMode(padding == ConvKernel.Padding.SAME ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NHWC).weightsFormat(WeightsFormat.YXIO).build();
        SDVariable y = withBias ? sd.cnn.conv2d(xv, wv, bv, config) : sd.cnn.conv2d(xv, wv, config);
        INDArray expectedY = y.eval();
        long[] shape = expectedY.shape();
        double[] r = gaussian(rng, (int) expectedY.length());
        SDVariable loss = y.mul(sd.constant(Nd4j.create(r, shape, DataType.DOUBLE))).sum();
        loss.markAsLoss();
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), withBias ? new String[] {"x", "W", "b"} : new String[] {"x", "W"});

        ConvKernel kernel = new ConvKernel(images, height, width, in, out, k, stride, padding);
        assertEquals(shape[1], kernel.outHeight(), "output height");
        assertEquals(shape[2], kernel.outWidth(), "output width");
        float[] xf = embedded(x, 3, 2, 9f);
        float[] wf = embedded(w, 5, 1, 9f);
        float[] bf = embedded(b, 2, 1, 9f);
        float[] yf = embedded(new double[r.length], 4, 3, 7f);
        try (kernel) {
            kernel.forward(xf, 3, wf, 5, withBias ? bf : null, 2, yf, 4);
            close("y", doubles(expectedY), yf, 4, 0);
            assertEquals(7f, yf[3]);
            assertEquals(7f, yf[4 + r.length]);

            float[] dy = embedded(r, 1, 1, 9f);
            float[] dw = embedded(halves(w.length), 2, 1, 9f);   // gradients add to what is there
            float[] db = embedded(halves(out), 1, 1, 9f);
            float[] dx = embedded(new double[x.length], 6, 2, 7f);     // the input gradient overwrites
            kernel.backward(xf, 3, wf, 5, dy, 1, dw, 2, withBias ? db : null, 1, dx, 6);
            close("dW", doubles(grads.get("W")), dw, 2, 0.5);
            if (withBias) close("db", doubles(grads.get("b")), db, 1, 0.5);
            close("dx", doubles(grads.get("x")), dx, 6, 0);
            assertEquals(7f, dx[5]);
            assertEquals(7f, dx[6 + x.length]);

            // Without the input gradient, and a second call (the scratch reused): the same parameter gradients again.
            kernel.backward(xf, 3, wf, 5, dy, 1, dw, 2, null, 0, null, 0);
            double[] twice = doubles(grads.get("W").mul(2));
            close("dW twice", twice, dw, 2, 0.5);

            // backwardAfterForward reuses the forward's patches and weights: bit for bit backward's results, also
            // when the patches are gone (a backward with the input gradient in between) and must be built again.
            float[] dwA = embedded(halves(w.length), 2, 1, 9f);
            float[] dbA = embedded(halves(out), 1, 1, 9f);
            float[] dxA = embedded(new double[x.length], 6, 2, 7f);
            float[] dwB = dwA.clone();
            float[] dbB = dbA.clone();
            float[] dxB = dxA.clone();
            kernel.backward(xf, 3, wf, 5, dy, 1, dwB, 2, withBias ? dbB : null, 1, dxB, 6);
            kernel.forward(xf, 3, wf, 5, withBias ? bf : null, 2, yf, 4);
            kernel.backwardAfterForward(xf, 3, wf, 5, dy, 1, dwA, 2, withBias ? dbA : null, 1, dxA, 6);
            assertArrayEquals(dwB, dwA, "dW after forward");
            assertArrayEquals(dbB, dbA, "db after forward");
            assertArrayEquals(dxB, dxA, "dx after forward");
            kernel.backwardAfterForward(xf, 3, wf, 5, dy, 1, dwA, 2, withBias ? dbA : null, 1, dxA, 6);
            kernel.backward(xf, 3, wf, 5, dy, 1, dwB, 2, withBias ? dbB : null, 1, dxB, 6);
            assertArrayEquals(dwB, dwA, "dW after forward and a backward");
            assertArrayEquals(dxB, dxA, "dx after forward and a backward");
        }
    }
}
