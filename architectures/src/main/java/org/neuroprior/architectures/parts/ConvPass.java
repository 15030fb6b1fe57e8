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
 * (col2im) for the input gradient. libnd4j's own {@code conv2d}/{@code conv2d_bp} kernels, which SameDiff runs for the
 * definition, were 6 and 50 times slower than BLAS on the same products (BENCHMARKS.md, the conv encoder).
 *
 * <p>Layouts: inputs and outputs are NCHW (the definition's); a patch row {@code (n, y, x)} holds input
 * {@code [n][c][y + i][x + j]} at column {@code (i * kernel + j) * C + c}, the weight layout's row order (YXIO).
 */
final class ConvPass extends HostPass {
    private final Conv2D part;
    private final Activation activation;
    private final int c;
    private final int h;
    private final int w;
    private final int k;
    private final int outH;
    private final int outW;
    private final int positions;
    private final int patch;
    private final int channels;
    private final float[] cols;
    private final float[] products;
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
        this.part = part;
        this.activation = part.activation();
        int[] in = part.inputShape();
        this.c = in[0];
        this.h = in[1];
        this.w = in[2];
        this.k = part.kernel();
        this.outH = h - k + 1;
        this.outW = w - k + 1;
        this.positions = outH * outW;
        this.patch = k * k * c;
        this.channels = part.channels();
        this.cols = new float[batch * positions * patch];
        this.products = new float[batch * positions * channels];
        this.bias = new float[channels];
        this.weightGradient = new float[patch * channels];
        this.colsArray = Nd4j.create(DataType.FLOAT, (long) batch * positions, patch);
        this.weightArray = Nd4j.create(DataType.FLOAT, patch, channels);
        this.productArray = Nd4j.create(DataType.FLOAT, (long) batch * positions, channels);
        this.weightGradientArray = Nd4j.create(DataType.FLOAT, patch, channels);
        this.colsGradientArray = Nd4j.create(DataType.FLOAT, (long) batch * positions, patch);
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
        int plane = h * w;
        int sample = c * plane;
        for (int n = 0; n < rows; n++) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    int row = ((n * outH + y) * outW + x) * patch;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            int at = row + (i * k + j) * c;
                            int from = n * sample + (y + i) * w + x + j;
                            for (int ch = 0; ch < c; ch++) cols[at + ch] = input[from + ch * plane];
                        }
                    }
                }
            }
        }
        pointer(colsArray).put(cols, 0, cols.length);
        Nd4j.gemm(colsArray, weightArray, productArray, false, false, 1.0, 0.0);
        pointer(productArray).get(products, 0, products.length);
        for (int n = 0; n < rows; n++) {
            for (int pos = 0; pos < positions; pos++) {
                int from = (n * positions + pos) * channels;
                int to = n * channels * positions + pos;
                for (int o = 0; o < channels; o++) output[to + o * positions] = activation.apply(products[from + o] + bias[o]);
            }
        }
    }

    @Override
    protected void differentiate(float[] gradient, int base, float[] inputGradient) {
        // delta = dL/d(pre-activation), in the patch rows' layout [n, position, channel]; products is reused for it.
        float[] delta = products;
        int biasAt = base + patch * channels;
        for (int n = 0; n < rows; n++) {
            for (int pos = 0; pos < positions; pos++) {
                int to = (n * positions + pos) * channels;
                int from = n * channels * positions + pos;
                for (int o = 0; o < channels; o++) {
                    int at = from + o * positions;
                    float d = outputGradient[at] * activation.derivativeFromOutput(output[at]);
                    delta[to + o] = d;
                    gradient[biasAt + o] += d;
                }
            }
        }
        pointer(productArray).put(delta, 0, delta.length);
        Nd4j.gemm(colsArray, productArray, weightGradientArray, true, false, 1.0, 0.0);
        pointer(weightGradientArray).get(weightGradient, 0, weightGradient.length);
        for (int i = 0; i < weightGradient.length; i++) gradient[base + i] += weightGradient[i];
        if (inputGradient == null) return;
        Nd4j.gemm(productArray, weightArray, colsGradientArray, false, true, 1.0, 0.0);
        pointer(colsGradientArray).get(cols, 0, cols.length); // the patches are no longer needed: reuse their buffer
        java.util.Arrays.fill(inputGradient, 0f);
        int plane = h * w;
        int sample = c * plane;
        for (int n = 0; n < rows; n++) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    int row = ((n * outH + y) * outW + x) * patch;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            int at = row + (i * k + j) * c;
                            int to = n * sample + (y + i) * w + x + j;
                            for (int ch = 0; ch < c; ch++) inputGradient[to + ch * plane] += cols[at + ch];
                        }
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

    @Override
    public String toString() {
        return "ConvPass(" + part.name() + ")";
    }
}
