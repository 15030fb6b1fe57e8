package org.neuroprior.architectures.tactile;

import java.util.ArrayList;
import java.util.List;

import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.kernels.ConvKernel;
import org.neuroprior.architectures.kernels.HostPass;
import org.neuroprior.architectures.kernels.LayerNormKernel;

/**
 * The fused pass of a {@link ResNetEncoder}: the whole encoder forward and backward in Java, its convolutions on
 * {@link ConvKernel} (im2col and BLAS) and its channel LayerNorms on {@link LayerNormKernel}, on buffers allocated
 * once, in place of libnd4j's {@code conv2d_bp} and {@code layer_norm_bp}, which bound the graph's training step
 * (BENCHMARKS.md, tactile models against PyTorch).
 *
 * <p>Images are channels last ({@code [N, h, w, c]}, which makes each pixel's channels one LayerNorm row) and
 * sample-major: image {@code b T + t} is step {@code t} of sample {@code b} ({@link TactileGrid#image}), so that the
 * features {@code [N, d]} are the output {@code [B, T, d]} as they stand. The graph orders them time-major; the images
 * are independent, so the order changes nothing but the layout.
 */
final class ResNetPass extends HostPass {
    /** A convolution without bias, then a LayerNorm, with the buffers kept for the backward pass. */
    private static final class ConvNorm implements AutoCloseable {
        final ConvKernel conv;
        final LayerNormKernel norm;
        /** Offsets in the part's parameter block: weights, gain, bias. */
        final int weights;
        final int gain;
        final int bias;
        /** The convolution's output (the norm's input) and the norm's output, [N, outHeight, outWidth, out]. */
        final float[] convolved;
        final float[] normalised;
        final int height;
        final int width;

        ConvNorm(ResNetEncoder.ConvNorm spec, int images, int height, int width, int offset) {
            this.conv = new ConvKernel(images, height, width, spec.in(), spec.out(), spec.kernel(), spec.stride(), ConvKernel.Padding.SAME);
            this.height = conv.outHeight();
            this.width = conv.outWidth();
            this.norm = new LayerNormKernel(images * this.height * this.width, spec.out());
            this.weights = offset;
            this.gain = offset + spec.kernel() * spec.kernel() * spec.in() * spec.out();
            this.bias = gain + spec.out();
            this.convolved = new float[images * this.height * this.width * spec.out()];
            this.normalised = new float[convolved.length];
        }

        void forward(float[] p, int base, float[] x) {
            conv.forward(x, 0, p, base + weights, null, 0, convolved, 0);
            norm.forward(convolved, 0, p, base + gain, p, base + bias, normalised, 0);
        }

        /**
         * From dL/d its output in {@code d} (overwritten: dL/d the convolution's output): adds the parameters'
         * gradients and writes dL/dx into {@code dx} unless it is null.
         */
        void backward(float[] p, int base, float[] x, float[] d, float[] gradient, int gradientBase, float[] dx) {
            norm.backward(convolved, 0, p, base + gain, d, 0, gradient, gradientBase + gain, gradient, gradientBase + bias, d, 0);
            conv.backward(x, 0, p, base + weights, d, 0, gradient, gradientBase + weights, null, 0, dx, 0);
        }

        @Override
        public void close() {
            conv.close();
        }
    }

    /**
     * A basic block: {@code output} is relu(second + shortcut), {@code first.normalised} holds relu(first); the
     * gradients: dL/d output, its copy the second norm overwrites, dL/d relu(first), dL/d input through the projection.
     */
    private static final class Block {
        final ConvNorm first;
        final ConvNorm second;
        final ConvNorm projection;
        final float[] output;
        final float[] outputGradient;
        final float[] secondGradient;
        final float[] scratch;
        final float[] shortcutGradient;

        Block(ConvNorm first, ConvNorm second, ConvNorm projection, int inputSize) {
            this.first = first;
            this.second = second;
            this.projection = projection;
            this.output = new float[second.normalised.length];
            this.outputGradient = new float[output.length];
            this.secondGradient = new float[output.length];
            this.scratch = new float[first.normalised.length];
            this.shortcutGradient = projection == null ? null : new float[inputSize];
        }
    }

    private final int images;
    private final int features;
    private final int pixels;
    private final float[] imageBatch;
    private final float[] imageGradient;
    private final ConvNorm stem;
    private final float[] stemGradient;
    private final List<Block> blocks = new ArrayList<>();
    private float[] parameters;
    private int base;

    ResNetPass(ResNetEncoder part, int batch) {
        super(batch, part.inputShape(), part.outputShape()[0] * part.outputShape()[1]);
        int steps = part.outputShape()[0];
        this.features = part.outputShape()[1];
        this.images = batch * steps;
        this.imageBatch = new float[images * TactileGrid.STEP_SIZE];
        this.imageGradient = new float[imageBatch.length];
        int offset = 0;
        ResNetEncoder.ConvNorm stemSpec = part.stem();
        this.stem = new ConvNorm(stemSpec, images, TactileGrid.ROWS, TactileGrid.COLUMNS, offset);
        offset += stemSpec.size();
        this.stemGradient = new float[stem.normalised.length];
        int height = stem.height;
        int width = stem.width;
        int inputSize = stem.normalised.length;
        for (ResNetEncoder.Block b : part.layout()) {
            ConvNorm first = new ConvNorm(b.first(), images, height, width, offset);
            offset += b.first().size();
            ConvNorm second = new ConvNorm(b.second(), images, first.height, first.width, offset);
            offset += b.second().size();
            ConvNorm projection = null;
            if (b.projection() != null) {
                projection = new ConvNorm(b.projection(), images, height, width, offset);
                offset += b.projection().size();
            }
            Block block = new Block(first, second, projection, inputSize);
            blocks.add(block);
            height = second.height;
            width = second.width;
            inputSize = block.output.length;
        }
        this.pixels = height * width;
    }

    private float[] blockInput(int b) {
        return b == 0 ? stem.normalised : blocks.get(b - 1).output;
    }

    private float[] blockInputGradient(int b) {
        return b == 0 ? stemGradient : blocks.get(b - 1).outputGradient;
    }

    private static void relu(float[] x) {
        for (int i = 0; i < x.length; i++) if (x[i] < 0) x[i] = 0;
    }

    /** {@code g} where {@code y > 0}, else 0: dL/d a ReLU's input from its output {@code y} and dL/d output {@code g}. */
    private static void reluBackward(float[] y, float[] g) {
        for (int i = 0; i < g.length; i++) if (!(y[i] > 0)) g[i] = 0;
    }

    @Override
    protected void compute(Parameters parameters, int base) {
        float[] p = parameters.array();
        this.parameters = p;
        this.base = base;
        for (int n = 0; n < images; n++) TactileGrid.image(input, n * TactileGrid.STEP_SIZE, imageBatch, n * TactileGrid.STEP_SIZE);
        stem.forward(p, base, imageBatch);
        relu(stem.normalised);
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            float[] x = blockInput(b);
            block.first.forward(p, base, x);
            relu(block.first.normalised);
            block.second.forward(p, base, block.first.normalised);
            float[] shortcut = x;
            if (block.projection != null) {
                block.projection.forward(p, base, x);
                shortcut = block.projection.normalised;
            }
            float[] y = block.second.normalised;
            for (int i = 0; i < y.length; i++) block.output[i] = Math.max(y[i] + shortcut[i], 0f);
        }
        // The mean over the grid: output [N, d] is [B, T, d].
        float[] last = blocks.get(blocks.size() - 1).output;
        java.util.Arrays.fill(output, 0f);
        for (int n = 0; n < images; n++) {
            for (int q = 0; q < pixels; q++) {
                int from = (n * pixels + q) * features;
                for (int o = 0; o < features; o++) output[n * features + o] += last[from + o];
            }
            for (int o = 0; o < features; o++) output[n * features + o] /= pixels;
        }
    }

    @Override
    protected void differentiate(float[] gradient, int gradientBase, float[] inputGradient) {
        float[] p = parameters;
        float[] dLast = blocks.get(blocks.size() - 1).outputGradient;
        for (int n = 0; n < images; n++) {
            for (int q = 0; q < pixels; q++) {
                int to = (n * pixels + q) * features;
                for (int o = 0; o < features; o++) dLast[to + o] = outputGradient[n * features + o] / pixels;
            }
        }
        for (int b = blocks.size() - 1; b >= 0; b--) {
            Block block = blocks.get(b);
            float[] x = blockInput(b);
            float[] dx = blockInputGradient(b);
            float[] d = block.outputGradient;
            reluBackward(block.output, d);                     // now dL/d(second + shortcut)
            System.arraycopy(d, 0, block.secondGradient, 0, d.length); // the norm's backward overwrites it; the shortcut reads d
            block.second.backward(p, base, block.first.normalised, block.secondGradient, gradient, gradientBase, block.scratch);
            reluBackward(block.first.normalised, block.scratch);
            block.first.backward(p, base, x, block.scratch, gradient, gradientBase, dx);
            if (block.projection != null) {
                block.projection.backward(p, base, x, d, gradient, gradientBase, block.shortcutGradient);
                for (int i = 0; i < dx.length; i++) dx[i] += block.shortcutGradient[i];
            } else {
                for (int i = 0; i < dx.length; i++) dx[i] += d[i];
            }
        }
        reluBackward(stem.normalised, stemGradient);
        stem.backward(p, base, imageBatch, stemGradient, gradient, gradientBase, inputGradient == null ? null : imageGradient);
        if (inputGradient == null) return;
        for (int n = 0; n < images; n++) TactileGrid.frames(imageGradient, n * TactileGrid.STEP_SIZE, inputGradient, n * TactileGrid.STEP_SIZE);
    }

    @Override
    public void close() {
        super.close();
        stem.close();
        for (Block b : blocks) {
            b.first.close();
            b.second.close();
            if (b.projection != null) b.projection.close();
        }
    }
}
