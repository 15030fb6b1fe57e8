package org.neuroprior.architectures.parts;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.Parameters;

/**
 * The fused pass of a {@link Conv2D} as matrix products: the batch's patches are unrolled into the rows of a matrix
 * (im2col, in Java), multiplied by the {@code [kernel * kernel * C, channels]} weight matrix with BLAS, and folded back
 * (col2im) for the input gradient. The products call BLAS directly ({@link Gemm}: ND4J's {@code Nd4j.gemm} runs them as
 * a custom op, 10 to 30% slower on these shapes, BENCHMARKS.md). With channels last, the product's rows are the output pixels in order, so the
 * output needs no transposition. libnd4j's own {@code conv2d}/{@code conv2d_bp} kernels, which SameDiff runs for the
 * definition, were 6 and 50 times slower than BLAS on the same products (BENCHMARKS.md, the conv encoder).
 *
 * <p>A patch row {@code (n, y, x)} holds input {@code [n][y + i][x + j][c]} at column {@code (i * kernel + j) * C + c},
 * the weight layout's row order (YXIO).
 */
final class ConvPass extends HostPass {
    private final Activation activation;
    private final int h;
    private final int w;
    private final int c;
    private final int k;
    private final int outH;
    private final int outW;
    private final int patch;
    private final int channels;
    private final float[] cols;
    private final float[] bias;
    private final float[] weightGradient;
    private final INDArray colsArray;
    private final INDArray weightArray;
    private final INDArray productArray;
    private final INDArray weightGradientArray;
    private final INDArray colsGradientArray;
    private Parameters synced;
    private long version = Long.MIN_VALUE;

    ConvPass(Conv2D part, int batch) {
        super(batch, part.inputShape(), size(part.outputShape()));
        this.activation = part.activation();
        int[] in = part.inputShape();
        this.h = in[0];
        this.w = in[1];
        this.c = in[2];
        this.k = part.kernel();
        this.outH = h - k + 1;
        this.outW = w - k + 1;
        this.patch = k * k * c;
        this.channels = part.channels();
        int pixels = batch * outH * outW;
        this.cols = new float[pixels * patch];
        this.bias = new float[channels];
        this.weightGradient = new float[patch * channels];
        this.colsArray = Nd4j.create(DataType.FLOAT, pixels, patch);
        this.weightArray = Nd4j.create(DataType.FLOAT, patch, channels);
        this.productArray = Nd4j.create(DataType.FLOAT, pixels, channels);
        this.weightGradientArray = Nd4j.create(DataType.FLOAT, patch, channels);
        this.colsGradientArray = Nd4j.create(DataType.FLOAT, pixels, patch);
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    private static FloatPointer pointer(INDArray a) {
        return (FloatPointer) a.data().pointer();
    }

    /** The weight matrix and bias: a cache of the parameters, refreshed when they change. */
    private void sync(Parameters parameters, int base) {
        if (parameters == synced && parameters.version() == version) return;
        float[] p = parameters.array();
        pointer(weightArray).put(p, base, patch * channels);
        System.arraycopy(p, base + patch * channels, bias, 0, channels);
        synced = parameters;
        version = parameters.version();
    }

    @Override
    protected void compute(Parameters parameters, int base) {
        sync(parameters, base);
        int row = 0;
        for (int n = 0; n < rows; n++) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++, row += patch) {
                    for (int i = 0; i < k; i++) {
                        System.arraycopy(input, ((n * h + y + i) * w + x) * c, cols, row + i * k * c, k * c); // k pixels of a row
                    }
                }
            }
        }
        pointer(colsArray).put(cols, 0, cols.length);
        Gemm.multiply(colsArray, false, weightArray, false, productArray);
        pointer(productArray).get(output, 0, output.length);
        for (int at = 0; at < output.length; at += channels) {
            for (int o = 0; o < channels; o++) output[at + o] += bias[o];
        }
        activation.apply(output, 0, output.length);
    }

    @Override
    protected void differentiate(float[] gradient, int base, float[] inputGradient) {
        // dL/d(pre-activation), in place in the output gradient's buffer (read again only by the next backward's copy).
        float[] delta = outputGradient;
        activation.multiplyByDerivative(output, delta, 0, delta.length);
        int biasAt = base + patch * channels;
        for (int at = 0; at < delta.length; at += channels) {
            for (int o = 0; o < channels; o++) gradient[biasAt + o] += delta[at + o];
        }
        pointer(productArray).put(delta, 0, delta.length);
        Gemm.multiply(colsArray, true, productArray, false, weightGradientArray);
        pointer(weightGradientArray).get(weightGradient, 0, weightGradient.length);
        for (int i = 0; i < weightGradient.length; i++) gradient[base + i] += weightGradient[i];
        if (inputGradient == null) return;
        Gemm.multiply(productArray, false, weightArray, true, colsGradientArray);
        pointer(colsGradientArray).get(cols, 0, cols.length); // the patches live on in colsArray: reuse the Java buffer
        java.util.Arrays.fill(inputGradient, 0f);
        int row = 0;
        for (int n = 0; n < rows; n++) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++, row += patch) {
                    for (int i = 0; i < k; i++) {
                        int to = ((n * h + y + i) * w + x) * c;
                        int from = row + i * k * c;
                        for (int e = 0; e < k * c; e++) inputGradient[to + e] += cols[from + e];
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        super.close();
        for (INDArray a : new INDArray[] {colsArray, weightArray, productArray, weightGradientArray, colsGradientArray}) a.close();
    }
}
