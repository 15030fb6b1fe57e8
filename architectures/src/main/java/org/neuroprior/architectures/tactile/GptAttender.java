package org.neuroprior.architectures.tactile;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.LayerNorm;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.ParameterSpec.Initializer;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;

/**
 * The GPT attender of Chung et al. (2025): a causal transformer over an encoder's sequence (GPT-2's pre-norm
 * blocks, as minGPT writes them). Input {@code [T, in]}, output {@code [T, width]}: step t sees steps 0..t only.
 *
 * <p>A dense layer maps each step to {@code width} and a learned position embedding [T, width] is added; then
 * {@code layers} blocks of {@code x += proj(attention(LN(x)))}, {@code x += fc2(gelu(fc(LN(x))))} (hidden width
 * 4 x width), and a final LayerNorm (every LN is {@link LayerNorm}, epsilon 1e-5 as GPT-2's). Attention has {@code heads} heads of {@code width / heads} channels, written
 * from batched matrix products: {@code softmax(q k^T / sqrt(width / heads) + mask) v} with the additive constant
 * mask -1e9 above the diagonal (SameDiff's {@code multiHeadDotProductAttention} takes only a key mask, so it cannot
 * express causality). Initialisation as GPT-2: weights N(0, 0.02), the residual projections N(0, 0.02 /
 * sqrt(2 layers)), biases 0, LayerNorm gains 1. GELU: {@link Gelu}, the sigmoid approximation x sigmoid(1.702 x).
 * Dropout (0.1 in the paper) is left out: the model core has no training mode.
 *
 * <p>It trains through {@link GptAttenderPass}, the same function in plain Java (checked against this definition by
 * ModelContractTest and SequenceFusedPassTest).
 */
public final class GptAttender implements Part {
    /** The additive mask of the attention logits above the diagonal. */
    static final double MASKED = -1e9;

    private final String name;
    private final int steps;
    private final int in;
    private final int layers;
    private final int heads;
    private final int width;

    /**
     * @param inputShape {@code [T, in]}
     * @throws IllegalArgumentException if the input is not a sequence, a size is < 1 or {@code heads} does not divide
     *                                  {@code width}
     */
    public GptAttender(String name, int[] inputShape, int layers, int heads, int width) {
        if (inputShape.length != 2) throw new IllegalArgumentException("the GPT attender reads a sequence [T, d], not " + java.util.Arrays.toString(inputShape));
        if (layers < 1 || heads < 1 || width < 1 || width % heads != 0) {
            throw new IllegalArgumentException("the GPT attender needs layers, heads, width >= 1 with heads dividing width, got "
                    + layers + ", " + heads + ", " + width);
        }
        this.name = name;
        this.steps = inputShape[0];
        this.in = inputShape[1];
        this.layers = layers;
        this.heads = heads;
        this.width = width;
    }

    @Override
    public String name() {
        return name;
    }

    /** Attention heads (each reads {@code width / heads} channels). */
    public int heads() {
        return heads;
    }

    @Override
    public int[] inputShape() {
        return new int[] {steps, in};
    }

    @Override
    public int[] outputShape() {
        return new int[] {steps, width};
    }

    @Override
    public List<ParameterSpec> parameters() {
        Initializer weight = Initializer.normal(0.02);
        Initializer residual = Initializer.normal(0.02 / Math.sqrt(2.0 * layers));
        Initializer zero = Initializer.constant(0);
        Initializer one = Initializer.constant(1);
        List<ParameterSpec> specs = new ArrayList<>();
        specs.add(new ParameterSpec("in/W", new int[] {in, width}, weight));
        specs.add(new ParameterSpec("in/b", new int[] {width}, zero));
        specs.add(new ParameterSpec("position", new int[] {steps, width}, weight));
        for (int l = 0; l < layers; l++) {
            String p = "layer" + (l + 1) + "/";
            specs.add(new ParameterSpec(p + "ln1/g", new int[] {width}, one));
            specs.add(new ParameterSpec(p + "ln1/b", new int[] {width}, zero));
            specs.add(new ParameterSpec(p + "qkv/W", new int[] {width, 3 * width}, weight));
            specs.add(new ParameterSpec(p + "qkv/b", new int[] {3 * width}, zero));
            specs.add(new ParameterSpec(p + "proj/W", new int[] {width, width}, residual));
            specs.add(new ParameterSpec(p + "proj/b", new int[] {width}, zero));
            specs.add(new ParameterSpec(p + "ln2/g", new int[] {width}, one));
            specs.add(new ParameterSpec(p + "ln2/b", new int[] {width}, zero));
            specs.add(new ParameterSpec(p + "fc/W", new int[] {width, 4 * width}, weight));
            specs.add(new ParameterSpec(p + "fc/b", new int[] {4 * width}, zero));
            specs.add(new ParameterSpec(p + "fc2/W", new int[] {4 * width, width}, residual));
            specs.add(new ParameterSpec(p + "fc2/b", new int[] {width}, zero));
        }
        specs.add(new ParameterSpec("ln_f/g", new int[] {width}, one));
        specs.add(new ParameterSpec("ln_f/b", new int[] {width}, zero));
        return specs;
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SameDiff sd = scope.sd();
        int head = width / heads;
        double[][] m = new double[steps][steps];
        for (int t = 0; t < steps; t++) for (int s = t + 1; s < steps; s++) m[t][s] = MASKED;
        SDVariable mask = sd.constant(Nd4j.createFromArray(m).castTo(scope.dataType()));
        SDVariable x = linear(scope, input.reshape(-1, in), "in");                               // [B T, w]
        x = x.reshape(-1, steps, width).add(scope.parameter("position")).reshape(-1, width);
        for (int l = 0; l < layers; l++) {
            String p = "layer" + (l + 1) + "/";
            SDVariable qkv = linear(scope, norm(scope, x, p + "ln1"), p + "qkv")                  // [B T, 3 w]
                    .reshape(-1, steps, 3, heads, head).permute(2, 0, 3, 1, 4).reshape(3, -1, steps, head);
            SDVariable[] qkvs = sd.unstack(qkv, 0, 3);                                             // [B H, T, head] each
            SDVariable logits = sd.mmul(qkvs[0], qkvs[1], false, true, false).mul(1.0 / Math.sqrt(head)).add(mask);
            SDVariable attended = sd.mmul(sd.nn.softmax(logits, 2), qkvs[2])                         // [B H, T, head]
                    .reshape(-1, heads, steps, head).permute(0, 2, 1, 3).reshape(-1, width);
            x = x.add(linear(scope, attended, p + "proj"));
            x = x.add(linear(scope, Gelu.define(sd, linear(scope, norm(scope, x, p + "ln2"), p + "fc")), p + "fc2"));
        }
        return new Output(norm(scope, x, "ln_f").reshape(-1, steps, width), null);
    }

    /** Its definition in plain Java over batches of {@code batch} sequences ({@link GptAttenderPass}). */
    @Override
    public FusedPass fusedPass(int batch) {
        return new GptAttenderPass(this, batch, steps, in, width, heads, layers);
    }

    private static SDVariable linear(PartScope scope, SDVariable x, String layer) {
        return GraphOps.linear(x, scope.parameter(layer + "/W"), scope.parameter(layer + "/b"));
    }

    private static SDVariable norm(PartScope scope, SDVariable x, String layer) {
        return LayerNorm.define(scope.sd(), x, scope.parameter(layer + "/g"), scope.parameter(layer + "/b"), false);
    }
}
