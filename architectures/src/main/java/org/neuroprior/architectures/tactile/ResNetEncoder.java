package org.neuroprior.architectures.tactile;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.neuroprior.architectures.LayerNorm;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.ParameterSpec.Initializer;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;

/**
 * The feedforward baseline of Chung et al. (2025): a ResNet (He et al. 2016, basic blocks as in ResNet-18) applied
 * to each {@link TactileGrid} image on its own. Input {@code [F, 35, 6]} whisker frames, output {@code [T, d]} with
 * {@code d} the last stage's width: the image's features, averaged over the grid, at each of the {@code T = F / 5}
 * steps. Nothing carries over from one step to the next.
 *
 * <p>Stem: a 3 x 3 convolution (stride 1, "same") to {@code widths[0]} channels, norm, ReLU (no max pool: the grid is
 * only 5 x 7). Then one stage per width of {@code blocks} basic blocks; the first block of every stage but the first
 * has stride 2 (5 x 7 -> 3 x 4 -> 2 x 2 -> 1 x 1) and a 1 x 1 projection (stride 2, then norm) on its shortcut
 * whenever the shape changes. A basic block: {@code relu(shortcut(x) + norm(conv(relu(norm(conv(x))))))} with 3 x 3
 * convolutions without bias. ResNet-18 is {@code widths = [64, 128, 256, 512]}, {@code blocks = 2}.
 *
 * <p>Norm: {@link LayerNorm} over the channels at each grid position (gain 1, bias 0), not ResNet's batch norm, whose
 * running statistics and training mode the model core does not have. Convolution weights are uniform in
 * +-1/sqrt(fan_in) (PyTorch's default). All steps of all samples go through the network as one batch.
 *
 * <p>Training runs through its fused pass ({@link ResNetPass}: the whole encoder in Java on the project's convolution
 * and LayerNorm kernels, checked against this definition by {@code ModelContractTest} on Gaussian inputs and by
 * {@code WhiskerLikeInputsTest} on whisker-like ones) rather than SameDiff's, whose {@code layer_norm_bp} and
 * {@code conv2d_bp} kernels bounded the step (BENCHMARKS.md, tactile models against PyTorch).
 */
public final class ResNetEncoder implements Part {
    private final String name;
    private final int[] inputShape;
    private final int steps;
    private final List<Integer> widths;
    private final int blocks;

    /**
     * @param widths channels of each stage (at least one)
     * @param blocks basic blocks per stage (at least one)
     * @throws IllegalArgumentException for another input shape, no stage or a size < 1
     */
    public ResNetEncoder(String name, int[] inputShape, List<Integer> widths, int blocks) {
        this.name = name;
        this.inputShape = inputShape.clone();
        this.steps = TactileGrid.steps(inputShape);
        if (widths.isEmpty() || blocks < 1) throw new IllegalArgumentException("a ResNet needs at least one stage of at least one block");
        for (int w : widths) if (w < 1) throw new IllegalArgumentException("ResNet widths must be >= 1, got " + widths);
        this.widths = List.copyOf(widths);
        this.blocks = blocks;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {steps, widths.get(widths.size() - 1)};
    }

    /** One 3 x 3 (or 1 x 1) convolution and the norm after it. */
    record ConvNorm(String name, int kernel, int in, int out, int stride) {
        /** Floats of its parameters: weights {@code [kernel, kernel, in, out]}, then gain and bias {@code [out]}. */
        int size() {
            return kernel * kernel * in * out + 2 * out;
        }

        void specs(List<ParameterSpec> into) {
            into.add(new ParameterSpec(name + "/W", new int[] {kernel, kernel, in, out}, Initializer.uniformFanIn(in * kernel * kernel)));
            into.add(new ParameterSpec(name + "/g", new int[] {out}, Initializer.constant(1)));
            into.add(new ParameterSpec(name + "/b", new int[] {out}, Initializer.constant(0)));
        }

        SDVariable define(PartScope scope, SDVariable x) {
            SDVariable y = GraphOps.conv(scope.sd(), x, scope.parameter(name + "/W"), null, kernel, stride, true);
            return LayerNorm.define(scope.sd(), y, scope.parameter(name + "/g"), scope.parameter(name + "/b"), true);
        }
    }

    /** A basic block: two 3 x 3 convolutions and the shortcut (a projection when the shape changes, else null). */
    record Block(ConvNorm first, ConvNorm second, ConvNorm projection) {
    }

    ConvNorm stem() {
        return new ConvNorm("stem", 3, TactileGrid.CHANNELS, widths.get(0), 1);
    }

    List<Block> layout() {
        List<Block> out = new ArrayList<>();
        int in = widths.get(0);
        for (int s = 0; s < widths.size(); s++) {
            int w = widths.get(s);
            for (int b = 0; b < blocks; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                String p = "stage" + (s + 1) + "/block" + (b + 1);
                ConvNorm projection = stride != 1 || in != w ? new ConvNorm(p + "/shortcut", 1, in, w, stride) : null;
                out.add(new Block(new ConvNorm(p + "/conv1", 3, in, w, stride), new ConvNorm(p + "/conv2", 3, w, w, 1), projection));
                in = w;
            }
        }
        return out;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        stem().specs(specs);
        for (Block b : layout()) {
            b.first().specs(specs);
            b.second().specs(specs);
            if (b.projection() != null) b.projection().specs(specs);
        }
        return specs;
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SameDiff sd = scope.sd();
        SDVariable x = sd.nn.relu(stem().define(scope, TactileGrid.images(input, steps)), 0.0); // [T B, w0, 5, 7]
        for (Block b : layout()) {
            SDVariable y = b.second().define(scope, sd.nn.relu(b.first().define(scope, x), 0.0));
            SDVariable shortcut = b.projection() == null ? x : b.projection().define(scope, x);
            x = sd.nn.relu(y.add(shortcut), 0.0);
        }
        int d = widths.get(widths.size() - 1);
        SDVariable features = x.mean(2, 3);                                   // [T B, d]
        SDVariable sequence = features.reshape(steps, -1, d).permute(1, 0, 2); // [B, T, d]
        return new Output(sequence, null);
    }

    /** The whole encoder forward and backward in Java on the project's kernels ({@link ResNetPass}). */
    @Override
    public FusedPass fusedPass(int batch) {
        return new ResNetPass(this, batch);
    }
}
