package org.neuroprior.architectures.tactile;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.kernels.Gemm;
import org.neuroprior.architectures.kernels.HostPass;
import org.neuroprior.architectures.kernels.LayerNormKernel;

/**
 * The fused pass of a {@link GptAttender}: its definition's forward and backward over a batch in plain Java, the
 * token-wise dense layers as BLAS products over all {@code batch * T} tokens at once ({@link Gemm}), the LayerNorms
 * through {@link LayerNormKernel}, the causal attention and the GELU as Java loops (a head's products are T x T x
 * head, too small for BLAS calls to pay). ModelContractTest checks it against {@link GptAttender#define}.
 *
 * <p>Tokens are rows {@code r * T + t} (sample r, step t), the input's and output's own order. The qkv row of a
 * token holds q, k, v one after the other, each head's {@code head} channels consecutive (the definition's reshape
 * to [B, T, 3, H, head]); the attended row holds the heads in order (its permute back to [B, T, H, head]).
 * The forward keeps every layer's activations for the backward; masked logits (-1e9 in the definition, whose
 * softmax gives exact zeros in float) are skipped.
 */
final class GptAttenderPass extends HostPass {
    private final int steps;
    private final int in;
    private final int width;
    private final int heads;
    private final int head;
    private final int layers;
    private final int tokens;
    private final LayerNormKernel norm;

    /** Offsets in the part's parameter block. */
    private final int inW;
    private final int inB;
    private final int position;
    private final int[] ln1g, ln1b, qkvW, qkvB, projW, projB, ln2g, ln2b, fcW, fcB, fc2W, fc2B;
    private final int lnFg;
    private final int lnFb;

    /** The part's parameters as of the last forward (the backward differentiates that function). */
    private final float[] p;

    /** The residual stream before layer l's first LayerNorm, l = 0 .. layers (the last is the final LayerNorm's input). */
    private final float[][] stream;
    /** The residual stream before layer l's second LayerNorm. */
    private final float[][] middle;
    private final float[][] norm1;
    private final float[][] qkv;
    /** Softmax of the logits, [batch][heads][T][T], zeros above the diagonal. */
    private final float[][] probabilities;
    private final float[][] attended;
    private final float[][] norm2;
    /** The MLP's hidden layer before the GELU, and after it. */
    private final float[][] hidden;
    private final float[][] activated;

    private final float[] dStream;
    private final float[] dNormed;
    private final float[] dResidual;
    private final float[] dAttended;
    private final float[] dQkv;
    private final float[] dHidden;
    private final float[] logits;

    GptAttenderPass(GptAttender part, int batch, int steps, int in, int width, int heads, int layers) {
        super(batch, part.inputShape(), steps * width);
        this.steps = steps;
        this.in = in;
        this.width = width;
        this.heads = heads;
        this.head = width / heads;
        this.layers = layers;
        this.tokens = batch * steps;
        this.norm = new LayerNormKernel(tokens, width);

        Map<String, Integer> at = new HashMap<>();
        int size = 0;
        for (ParameterSpec s : part.parameters()) {
            at.put(s.name(), size);
            size += s.size();
        }
        this.p = new float[size];
        inW = at.get("in/W");
        inB = at.get("in/b");
        position = at.get("position");
        ln1g = new int[layers]; ln1b = new int[layers]; qkvW = new int[layers]; qkvB = new int[layers];
        projW = new int[layers]; projB = new int[layers]; ln2g = new int[layers]; ln2b = new int[layers];
        fcW = new int[layers]; fcB = new int[layers]; fc2W = new int[layers]; fc2B = new int[layers];
        for (int l = 0; l < layers; l++) {
            String q = "layer" + (l + 1) + "/";
            ln1g[l] = at.get(q + "ln1/g"); ln1b[l] = at.get(q + "ln1/b");
            qkvW[l] = at.get(q + "qkv/W"); qkvB[l] = at.get(q + "qkv/b");
            projW[l] = at.get(q + "proj/W"); projB[l] = at.get(q + "proj/b");
            ln2g[l] = at.get(q + "ln2/g"); ln2b[l] = at.get(q + "ln2/b");
            fcW[l] = at.get(q + "fc/W"); fcB[l] = at.get(q + "fc/b");
            fc2W[l] = at.get(q + "fc2/W"); fc2B[l] = at.get(q + "fc2/b");
        }
        lnFg = at.get("ln_f/g");
        lnFb = at.get("ln_f/b");

        int n = tokens * width;
        stream = new float[layers + 1][n];
        middle = new float[layers][n];
        norm1 = new float[layers][n];
        qkv = new float[layers][3 * n];
        probabilities = new float[layers][batch * heads * steps * steps];
        attended = new float[layers][n];
        norm2 = new float[layers][n];
        hidden = new float[layers][4 * n];
        activated = new float[layers][4 * n];
        dStream = new float[n];
        dNormed = new float[n];
        dResidual = new float[n];
        dAttended = new float[n];
        dQkv = new float[3 * n];
        dHidden = new float[4 * n];
        logits = new float[steps];
    }

    @Override
    protected void compute(Parameters parameters, int base) {
        System.arraycopy(parameters.array(), base, p, 0, p.length);
        float[] x = stream[0];
        Gemm.multiply(tokens, width, in, input, 0, false, p, inW, false, x, 0, false);
        for (int r = 0, o = 0; r < rows; r++) {
            for (int t = 0; t < steps; t++) {
                int pos = position + t * width;
                for (int j = 0; j < width; j++, o++) x[o] += p[inB + j] + p[pos + j];
            }
        }
        for (int l = 0; l < layers; l++) {
            norm.forward(stream[l], 0, p, ln1g[l], p, ln1b[l], norm1[l], 0);
            Gemm.multiply(tokens, 3 * width, width, norm1[l], 0, false, p, qkvW[l], false, qkv[l], 0, false);
            addToRows(qkv[l], qkvB[l], 3 * width);
            attend(qkv[l], probabilities[l], attended[l]);
            float[] m = middle[l];
            System.arraycopy(stream[l], 0, m, 0, m.length);
            Gemm.multiply(tokens, width, width, attended[l], 0, false, p, projW[l], false, m, 0, true);
            addToRows(m, projB[l], width);
            norm.forward(m, 0, p, ln2g[l], p, ln2b[l], norm2[l], 0);
            Gemm.multiply(tokens, 4 * width, width, norm2[l], 0, false, p, fcW[l], false, hidden[l], 0, false);
            addToRows(hidden[l], fcB[l], 4 * width);
            Gelu.forward(hidden[l], activated[l], 0, hidden[l].length);
            float[] next = stream[l + 1];
            System.arraycopy(m, 0, next, 0, m.length);
            Gemm.multiply(tokens, width, 4 * width, activated[l], 0, false, p, fc2W[l], false, next, 0, true);
            addToRows(next, fc2B[l], width);
        }
        norm.forward(stream[layers], 0, p, lnFg, p, lnFb, output, 0);
    }

    /** {@code y[row] += p[bias ..]} for every token row of {@code columns} values. */
    private void addToRows(float[] y, int bias, int columns) {
        for (int o = 0; o < tokens * columns; o += columns) {
            for (int j = 0; j < columns; j++) y[o + j] += p[bias + j];
        }
    }

    /** {@code sums[at + j] += sum over token rows of d[row][j]}. */
    private void addRowSums(float[] d, int columns, float[] sums, int at) {
        for (int o = 0; o < tokens * columns; o += columns) {
            for (int j = 0; j < columns; j++) sums[at + j] += d[o + j];
        }
    }

    /** Causal softmax attention of every sample and head: fills {@code probabilities} and {@code attended}. */
    private void attend(float[] qkv, float[] probabilities, float[] attended) {
        float scale = (float) (1.0 / Math.sqrt(head));
        int row = 3 * width;
        Arrays.fill(attended, 0f);
        for (int r = 0; r < rows; r++) {
            for (int h = 0; h < heads; h++) {
                int pAt = (r * heads + h) * steps * steps;
                for (int t = 0; t < steps; t++) {
                    int q = (r * steps + t) * row + h * head;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        int k = (r * steps + s) * row + width + h * head;
                        float dot = 0;
                        for (int d = 0; d < head; d++) dot += qkv[q + d] * qkv[k + d];
                        logits[s] = dot * scale;
                        max = Math.max(max, logits[s]);
                    }
                    float sum = 0;
                    for (int s = 0; s <= t; s++) {
                        logits[s] = (float) Math.exp(logits[s] - max);
                        sum += logits[s];
                    }
                    int pt = pAt + t * steps;
                    int a = (r * steps + t) * width + h * head;
                    for (int s = 0; s < steps; s++) {
                        float weight = s <= t ? logits[s] / sum : 0f;
                        probabilities[pt + s] = weight;
                        if (s > t) continue;
                        int v = (r * steps + s) * row + 2 * width + h * head;
                        for (int d = 0; d < head; d++) attended[a + d] += weight * qkv[v + d];
                    }
                }
            }
        }
    }

    /** Back-propagates {@code dAttended} through {@link #attend}: writes dL/d qkv into {@code dQkv}. */
    private void attendBackward(float[] qkv, float[] probabilities, float[] dAttended, float[] dQkv) {
        float scale = (float) (1.0 / Math.sqrt(head));
        int row = 3 * width;
        Arrays.fill(dQkv, 0f);
        float[] dp = logits;
        for (int r = 0; r < rows; r++) {
            for (int h = 0; h < heads; h++) {
                int pAt = (r * heads + h) * steps * steps;
                for (int t = 0; t < steps; t++) {
                    int pt = pAt + t * steps;
                    int a = (r * steps + t) * width + h * head;
                    float weighted = 0;
                    for (int s = 0; s <= t; s++) {
                        int v = (r * steps + s) * row + 2 * width + h * head;
                        float weight = probabilities[pt + s];
                        float dot = 0;
                        for (int d = 0; d < head; d++) {
                            dot += dAttended[a + d] * qkv[v + d];
                            dQkv[v + d] += weight * dAttended[a + d];
                        }
                        dp[s] = dot;
                        weighted += weight * dot;
                    }
                    int q = (r * steps + t) * row + h * head;
                    for (int s = 0; s <= t; s++) {
                        float dLogit = probabilities[pt + s] * (dp[s] - weighted) * scale;
                        int k = (r * steps + s) * row + width + h * head;
                        for (int d = 0; d < head; d++) {
                            dQkv[q + d] += dLogit * qkv[k + d];
                            dQkv[k + d] += dLogit * qkv[q + d];
                        }
                    }
                }
            }
        }
    }

    @Override
    protected void differentiate(float[] gradient, int base, float[] inputGradient) {
        float[] dx = dStream;
        int n = tokens * width;
        norm.backward(stream[layers], 0, p, lnFg, outputGradient, 0, gradient, base + lnFg, gradient, base + lnFb, dx, 0);
        for (int l = layers - 1; l >= 0; l--) {
            // stream[l + 1] = middle + gelu(LN2(middle) fc) fc2
            Gemm.multiply(4 * width, width, tokens, activated[l], 0, true, dx, 0, false, gradient, base + fc2W[l], true);
            addRowSums(dx, width, gradient, base + fc2B[l]);
            Gemm.multiply(tokens, 4 * width, width, dx, 0, false, p, fc2W[l], true, dHidden, 0, false);
            Gelu.multiplyByDerivative(hidden[l], dHidden, 0, dHidden.length);
            Gemm.multiply(width, 4 * width, tokens, norm2[l], 0, true, dHidden, 0, false, gradient, base + fcW[l], true);
            addRowSums(dHidden, 4 * width, gradient, base + fcB[l]);
            Gemm.multiply(tokens, width, 4 * width, dHidden, 0, false, p, fcW[l], true, dNormed, 0, false);
            norm.backward(middle[l], 0, p, ln2g[l], dNormed, 0, gradient, base + ln2g[l], gradient, base + ln2b[l], dResidual, 0);
            for (int i = 0; i < n; i++) dx[i] += dResidual[i];
            // middle = stream[l] + attention(LN1(stream[l])) proj
            Gemm.multiply(width, width, tokens, attended[l], 0, true, dx, 0, false, gradient, base + projW[l], true);
            addRowSums(dx, width, gradient, base + projB[l]);
            Gemm.multiply(tokens, width, width, dx, 0, false, p, projW[l], true, dAttended, 0, false);
            attendBackward(qkv[l], probabilities[l], dAttended, dQkv);
            Gemm.multiply(width, 3 * width, tokens, norm1[l], 0, true, dQkv, 0, false, gradient, base + qkvW[l], true);
            addRowSums(dQkv, 3 * width, gradient, base + qkvB[l]);
            Gemm.multiply(tokens, width, 3 * width, dQkv, 0, false, p, qkvW[l], true, dNormed, 0, false);
            norm.backward(stream[l], 0, p, ln1g[l], dNormed, 0, gradient, base + ln1g[l], gradient, base + ln1b[l], dResidual, 0);
            for (int i = 0; i < n; i++) dx[i] += dResidual[i];
        }
        // stream[0] = input in/W + in/b + position
        addRowSums(dx, width, gradient, base + inB);
        for (int r = 0, o = 0; r < rows; r++) {
            for (int t = 0; t < steps; t++) {
                int pos = base + position + t * width;
                for (int j = 0; j < width; j++, o++) gradient[pos + j] += dx[o];
            }
        }
        Gemm.multiply(in, width, tokens, input, 0, true, dx, 0, false, gradient, base + inW, true);
        if (inputGradient != null) Gemm.multiply(tokens, in, width, dx, 0, false, p, inW, true, inputGradient, 0, false);
    }
}
