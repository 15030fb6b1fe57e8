package org.neuroprior.architectures.kernels;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A 2-D convolution (cross-correlation, as in every deep-learning library) of a batch of channels-last float images,
 * forward and backward, as matrix products: the patches are unrolled into the rows of a matrix (im2col), multiplied by
 * the {@code [kernel * kernel * in, out]} weight matrix with BLAS ({@link Gemm}), and folded back (col2im) for the input
 * gradient. libnd4j's own {@code conv2d}/{@code conv2d_bp} kernels, which SameDiff runs for a graph's convolutions,
 * were 6 and 50 times slower than BLAS on the same products (BENCHMARKS.md, the conv encoder).
 *
 * <p>Layouts (all row-major float, each array read from an offset so that one array can hold many tensors):
 * <ul>
 *   <li>input {@code x}: {@code [images][height][width][in]};</li>
 *   <li>weights: {@code [kernel][kernel][in][out]} (YXIO, ND4J's default and the project's layout): element
 *       {@code [i][j][c][o]} at {@code ((i * kernel + j) * in + c) * out + o};</li>
 *   <li>bias {@code [out]} (optional);</li>
 *   <li>output {@code y}: {@code [images][outHeight][outWidth][out]}.</li>
 * </ul>
 * A patch row {@code (n, y, x)} holds input {@code [n][y s + i - top][x s + j - left][c]} (zero outside the image) at
 * column {@code (i * kernel + j) * in + c}, the weights' row order, so that the product's rows are the output pixels in
 * order and the output needs no transposition.
 *
 * <p>Stateless between calls apart from its scratch buffers: {@link #backward} recomputes the patches from the
 * {@code x} it is given, so a recurrent pass may call {@link #forward} once per time step and back-propagate the steps
 * in reverse order by passing each step's saved input; a stateless pass, whose backward follows its forward at the
 * same input, calls {@link #backwardAfterForward}, which reuses the forward's patches. One instance per thread;
 * {@link #close} frees the native scratch.
 */
public final class ConvKernel implements AutoCloseable {
    /**
     * How the image is padded.
     * <ul>
     *   <li>{@code VALID}: not at all; the output is {@code floor((size - kernel) / stride) + 1} pixels a side;</li>
     *   <li>{@code SAME}: SameDiff's / TensorFlow's "same": output {@code ceil(size / stride)}, the image padded with
     *       {@code max((output - 1) stride + kernel - size, 0)} zeros a side, half of them (rounded down) before and
     *       the rest after (bottom and right), as libnd4j's {@code conv2d} does.</li>
     * </ul>
     */
    public enum Padding { VALID, SAME }

    private final int images;
    private final int height;
    private final int width;
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int outHeight;
    private final int outWidth;
    private final int top;
    private final int left;
    private final int patch;
    private final int pixels;
    /** The patches are the input itself (1 x 1, stride 1): no unrolling. */
    private final boolean identityPatches;
    /** Native scratch: the patches [pixels, patch] (backward: then dL/d patches), weights, products, weight gradient. */
    private final FloatPointer cols;
    private final FloatPointer weightMatrix;
    private final FloatPointer product;
    private final FloatPointer weightProduct;
    /**
     * The patches built in Java (one bulk copy into {@link #cols} then, not one small native copy per kernel row),
     * and backward dL/d patches copied back for col2im: [pixels, patch]. Null for 1 x 1 stride-1 kernels.
     */
    private final float[] patches;
    private final float[] weightGradient;
    /** Whether {@link #cols} and {@link #weightMatrix} hold the last {@link #forward}'s patches and weights. */
    private boolean forwardOperands;

    /**
     * @param images  images per call
     * @param height  rows of an image
     * @param width   columns of an image
     * @param in      input channels
     * @param out     output channels
     * @param kernel  side of the square kernel
     * @param stride  step between patches, both directions
     * @param padding {@link Padding#VALID} or {@link Padding#SAME}
     * @throws IllegalArgumentException if a size is below 1, or a VALID kernel does not fit in the image
     */
    public ConvKernel(int images, int height, int width, int in, int out, int kernel, int stride, Padding padding) {
        if (images < 1 || height < 1 || width < 1 || in < 1 || out < 1 || kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("convolution sizes must be >= 1: images " + images + ", " + height + " x " + width + " x " + in
                    + " -> " + out + ", kernel " + kernel + ", stride " + stride);
        }
        if (padding == Padding.VALID && (kernel > height || kernel > width)) {
            throw new IllegalArgumentException("a " + kernel + " x " + kernel + " kernel does not fit in a " + height + " x " + width + " image without padding");
        }
        this.images = images;
        this.height = height;
        this.width = width;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        if (padding == Padding.SAME) {
            outHeight = (height + stride - 1) / stride;
            outWidth = (width + stride - 1) / stride;
            top = Math.max((outHeight - 1) * stride + kernel - height, 0) / 2;
            left = Math.max((outWidth - 1) * stride + kernel - width, 0) / 2;
        } else {
            outHeight = (height - kernel) / stride + 1;
            outWidth = (width - kernel) / stride + 1;
            top = 0;
            left = 0;
        }
        this.patch = kernel * kernel * in;
        long pixelCount = (long) images * outHeight * outWidth;
        if (pixelCount * Math.max(patch, out) > Integer.MAX_VALUE) throw new IllegalArgumentException("convolution too large for one call: " + pixelCount + " pixels");
        this.pixels = (int) pixelCount;
        this.identityPatches = kernel == 1 && stride == 1;
        this.cols = new FloatPointer((long) pixels * patch);
        this.weightMatrix = new FloatPointer((long) patch * out);
        this.product = new FloatPointer((long) pixels * out);
        this.weightProduct = new FloatPointer((long) patch * out);
        this.patches = identityPatches ? null : new float[pixels * patch];
        this.weightGradient = new float[patch * out];
    }

    /** Rows of an output image. */
    public int outHeight() {
        return outHeight;
    }

    /** Columns of an output image. */
    public int outWidth() {
        return outWidth;
    }

    /**
     * {@code y = conv(x, weights) + bias}.
     *
     * @param x       {@code [images][height][width][in]} from {@code xAt}
     * @param weights {@code [kernel][kernel][in][out]} from {@code wAt}
     * @param bias    {@code [out]} from {@code bAt}, or null for none
     * @param y       receives {@code [images][outHeight][outWidth][out]} from {@code yAt} (overwritten)
     * @throws IndexOutOfBoundsException if an array is too short for its tensor
     */
    public void forward(float[] x, int xAt, float[] weights, int wAt, float[] bias, int bAt, float[] y, int yAt) {
        unroll(x, xAt);
        weightMatrix.put(weights, wAt, patch * out);
        forwardOperands = true;
        Gemm.multiply(cols, false, weightMatrix, false, product, pixels, out, patch, 1f, 0f);
        product.get(y, yAt, pixels * out);
        if (bias == null) return;
        for (int at = yAt, end = yAt + pixels * out; at < end; at += out) {
            for (int o = 0; o < out; o++) y[at + o] += bias[bAt + o];
        }
    }

    /**
     * Back-propagates {@code dy} (dL/dy of {@link #forward} at the same {@code x} and {@code weights}).
     *
     * @param dWeights dL/d weights are ADDED into it from {@code dwAt} ({@code [kernel][kernel][in][out]})
     * @param dBias    dL/d bias is ADDED into it from {@code dbAt}, unless it is null
     * @param dx       receives dL/dx from {@code dxAt} ({@code [images][height][width][in]}, overwritten), unless it
     *                 is null
     * @throws IndexOutOfBoundsException if an array is too short for its tensor
     */
    public void backward(float[] x, int xAt, float[] weights, int wAt, float[] dy, int dyAt,
                         float[] dWeights, int dwAt, float[] dBias, int dbAt, float[] dx, int dxAt) {
        forwardOperands = false;
        unroll(x, xAt);
        if (dx != null) weightMatrix.put(weights, wAt, patch * out);
        differentiate(dy, dyAt, dWeights, dwAt, dBias, dbAt, dx, dxAt);
    }

    /**
     * {@link #backward} at the input and weights of the last {@link #forward}, which the caller guarantees have not
     * changed since (a stateless pass's backward after its forward): reuses that call's patches and weight matrix
     * while the kernel still holds them (no {@code backward} computing {@code dx} since, which overwrites the
     * patches), else builds them again from {@code x} and {@code weights}. The results are those of
     * {@link #backward}, bit for bit.
     */
    public void backwardAfterForward(float[] x, int xAt, float[] weights, int wAt, float[] dy, int dyAt,
                                     float[] dWeights, int dwAt, float[] dBias, int dbAt, float[] dx, int dxAt) {
        if (!forwardOperands) {
            backward(x, xAt, weights, wAt, dy, dyAt, dWeights, dwAt, dBias, dbAt, dx, dxAt);
            return;
        }
        differentiate(dy, dyAt, dWeights, dwAt, dBias, dbAt, dx, dxAt);
    }

    /** The backward pass from the patches in {@link #cols} and, if {@code dx} is wanted, the weights in {@link #weightMatrix}. */
    private void differentiate(float[] dy, int dyAt, float[] dWeights, int dwAt, float[] dBias, int dbAt, float[] dx, int dxAt) {
        product.put(dy, dyAt, pixels * out);
        if (dBias != null) {
            for (int at = dyAt, end = dyAt + pixels * out; at < end; at += out) {
                for (int o = 0; o < out; o++) dBias[dbAt + o] += dy[at + o];
            }
        }
        Gemm.multiply(cols, true, product, false, weightProduct, patch, out, pixels, 1f, 0f);
        weightProduct.get(weightGradient, 0, weightGradient.length);
        for (int i = 0; i < weightGradient.length; i++) dWeights[dwAt + i] += weightGradient[i];
        if (dx == null) return;
        // dL/d patches overwrite the patches, which the weight gradient no longer needs.
        forwardOperands = false;
        Gemm.multiply(product, false, weightMatrix, true, cols, pixels, patch, out, 1f, 0f);
        if (identityPatches) {
            cols.get(dx, dxAt, pixels * in);
            return;
        }
        cols.get(patches, 0, pixels * patch);
        java.util.Arrays.fill(dx, dxAt, dxAt + images * height * width * in, 0f);
        int row = 0;
        for (int n = 0; n < images; n++) {
            for (int oy = 0; oy < outHeight; oy++) {
                for (int ox = 0; ox < outWidth; ox++, row += patch) {
                    for (int i = 0; i < kernel; i++) {
                        int iy = oy * stride + i - top;
                        if (iy < 0 || iy >= height) continue;
                        int first = Math.max(0, left - ox * stride);                  // kernel columns inside the image
                        int last = Math.min(kernel, width + left - ox * stride);
                        if (first >= last) continue;
                        int to = dxAt + ((n * height + iy) * width + ox * stride + first - left) * in;
                        int from = row + (i * kernel + first) * in;
                        for (int e = 0, len = (last - first) * in; e < len; e++) dx[to + e] += patches[from + e];
                    }
                }
            }
        }
    }

    /** im2col: the patches of {@code x} into {@link #cols}, zeros where they reach over the border. */
    private void unroll(float[] x, int xAt) {
        if (identityPatches) {
            cols.put(x, xAt, pixels * in);
            return;
        }
        int row = 0;
        for (int n = 0; n < images; n++) {
            for (int oy = 0; oy < outHeight; oy++) {
                for (int ox = 0; ox < outWidth; ox++, row += patch) {
                    int first = Math.max(0, left - ox * stride);
                    int last = Math.min(kernel, width + left - ox * stride);
                    for (int i = 0; i < kernel; i++) {
                        int at = row + i * kernel * in;
                        int iy = oy * stride + i - top;
                        if (iy < 0 || iy >= height || first >= last) {
                            java.util.Arrays.fill(patches, at, at + kernel * in, 0f);
                            continue;
                        }
                        if (first > 0) java.util.Arrays.fill(patches, at, at + first * in, 0f);
                        int from = xAt + ((n * height + iy) * width + ox * stride + first - left) * in;
                        int to = at + first * in;
                        int len = (last - first) * in;
                        if (len <= 8) {     // a few channels (an image's first layer): a loop beats arraycopy's call
                            for (int e = 0; e < len; e++) patches[to + e] = x[from + e];
                        } else {
                            System.arraycopy(x, from, patches, to, len);
                        }
                        if (last < kernel) java.util.Arrays.fill(patches, at + last * in, at + kernel * in, 0f);
                    }
                }
            }
        }
        cols.put(patches, 0, pixels * patch);
    }

    @Override
    public void close() {
        cols.close();
        weightMatrix.close();
        product.close();
        weightProduct.close();
    }
}
