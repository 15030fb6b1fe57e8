package org.neuroprior.architectures.tactile;

import java.util.HashMap;
import java.util.Map;

import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.kernels.Gemm;
import org.neuroprior.architectures.kernels.HostPass;
import org.neuroprior.architectures.kernels.LayerNormKernel;

/**
 * The fused pass of a {@link StateSpaceEncoder}: its definition's forward and backward over a batch in plain Java.
 * The dense layers are BLAS products over all {@code batch * T} tokens ({@link Gemm}), the LayerNorms
 * {@link LayerNormKernel}; the S4D kernels, the causal convolution over time (T x T / 2 multiply-adds per channel and
 * sample) and the GELU are Java loops. ModelContractTest checks it against {@link StateSpaceEncoder#define}.
 *
 * <p>Tokens are rows {@code r * T + t} (sample r, step t; the definition runs time-major, but every op other than the
 * convolution is token-wise, and the output is batch-major [B, T, d] as here). Step t of a sample is its frames
 * {@code 5t .. 5t + 4}, contiguous in the input: the input dense layer reads them in that order through a copy of
 * {@code in/W} with its rows permuted from the image order (channel {@code 6 f + c}, then grid cell) to the frames'
 * (frame f, cell, signal c), so the input itself is never rearranged.
 */
final class StateSpaceEncoderPass extends HostPass {
    private static final int CELLS = TactileGrid.CELLS;
    private static final int PIXELS = TactileGrid.STEP_SIZE; // one step's values: 5 frames x 35 cells x 6 signals

    private final int steps;
    private final int width;
    private final int layers;
    private final int states;
    private final int tokens;
    private final LayerNormKernel norm;

    private final int inW;
    private final int inB;
    private final int[] logDt, logA, c, d, outW, outB, normG, normB;

    /** The part's parameters as of the last forward. */
    private final float[] p;
    /** {@code in/W} with its rows in the frames' order ({@link #frameRow}). */
    private final float[] inputWeight;
    /** {@code frameRow[i]}: the row of frame-order input value i (of a step's 1050) in {@code in/W}'s image order. */
    private final int[] frameRow;
    /** Every layer's convolution kernel, [T lags][d] (lag-major, so the convolution's inner loop runs over channels). */
    private final float[][] kernel;

    /** The blocks' inputs u, l = 0 .. layers (the last is the output). */
    private final float[][] stream;
    /** y = K * u + D u, before the GELU. */
    private final float[][] convolved;
    private final float[][] activated;
    /** u + W gelu(y) + b, the LayerNorm's input. */
    private final float[][] residual;

    private final float[] dStream;
    private final float[] dResidual;
    private final float[] dConvolved;
    private final float[] dKernel;
    private final float[] inputWeightGradient;

    StateSpaceEncoderPass(StateSpaceEncoder part, int batch, int steps, int width, int layers, int states) {
        super(batch, part.inputShape(), steps * width);
        this.steps = steps;
        this.width = width;
        this.layers = layers;
        this.states = states;
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
        logDt = new int[layers]; logA = new int[layers]; c = new int[layers]; d = new int[layers];
        outW = new int[layers]; outB = new int[layers]; normG = new int[layers]; normB = new int[layers];
        for (int l = 0; l < layers; l++) {
            String q = "layer" + (l + 1) + "/";
            logDt[l] = at.get(q + "log_dt"); logA[l] = at.get(q + "log_a"); c[l] = at.get(q + "C"); d[l] = at.get(q + "D");
            outW[l] = at.get(q + "out/W"); outB[l] = at.get(q + "out/b");
            normG[l] = at.get(q + "norm/g"); normB[l] = at.get(q + "norm/b");
        }

        frameRow = new int[PIXELS];
        for (int f = 0, i = 0; f < TactileGrid.FRAMES_PER_STEP; f++) {
            for (int cell = 0; cell < CELLS; cell++) {
                for (int signal = 0; signal < TactileGrid.FEATURES; signal++, i++) {
                    frameRow[i] = (f * TactileGrid.FEATURES + signal) * CELLS + cell;
                }
            }
        }
        inputWeight = new float[PIXELS * width];
        inputWeightGradient = new float[PIXELS * width];
        kernel = new float[layers][steps * width];
        int n = tokens * width;
        stream = new float[layers + 1][n];
        convolved = new float[layers][n];
        activated = new float[layers][n];
        residual = new float[layers][n];
        dStream = new float[n];
        dResidual = new float[n];
        dConvolved = new float[n];
        dKernel = new float[steps * width];
    }

    @Override
    protected void compute(Parameters parameters, int base) {
        System.arraycopy(parameters.array(), base, p, 0, p.length);
        for (int i = 0; i < PIXELS; i++) System.arraycopy(p, inW + frameRow[i] * width, inputWeight, i * width, width);
        float[] u = stream[0];
        Gemm.multiply(tokens, width, PIXELS, input, 0, false, inputWeight, 0, false, u, 0, false);
        addToRows(u, inB);
        for (int l = 0; l < layers; l++) {
            makeKernel(l);
            float[] y = convolved[l];
            convolve(kernel[l], d[l], stream[l], y);
            Gelu.forward(y, activated[l], 0, y.length);
            float[] z = residual[l];
            System.arraycopy(stream[l], 0, z, 0, z.length);
            Gemm.multiply(tokens, width, width, activated[l], 0, false, p, outW[l], false, z, 0, true);
            addToRows(z, outB[l]);
            norm.forward(z, 0, p, normG[l], p, normB[l], stream[l + 1], 0);
        }
        System.arraycopy(stream[layers], 0, output, 0, output.length);
    }

    /** {@code K[k][h] = sum_n C_hn (exp(dt_h A_hn) - 1) / A_hn exp(dt_h A_hn k)} of layer l, in double, into {@link #kernel}. */
    private void makeKernel(int l) {
        float[] k = kernel[l];
        for (int h = 0; h < width; h++) {
            double dt = Math.exp(p[logDt[l] + h]);
            for (int lag = 0; lag < steps; lag++) {
                double sum = 0;
                for (int n = 0; n < states; n++) {
                    int at = h * states + n;
                    double a = -Math.exp(p[logA[l] + at]);
                    double dtA = dt * a;
                    sum += p[c[l] + at] * Math.expm1(dtA) / a * Math.exp(dtA * lag);
                }
                k[lag * width + h] = (float) sum;
            }
        }
    }

    /** {@code y[r, t] = sum_{s <= t} K[t - s] u[r, s] + D u[r, t]}, channel by channel. */
    private void convolve(float[] k, int dAt, float[] u, float[] y) {
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < steps; t++) {
                int yt = (r * steps + t) * width;
                for (int h = 0; h < width; h++) y[yt + h] = p[dAt + h] * u[yt + h];
                for (int s = 0; s <= t; s++) {
                    int us = (r * steps + s) * width;
                    int kl = (t - s) * width;
                    for (int h = 0; h < width; h++) y[yt + h] += k[kl + h] * u[us + h];
                }
            }
        }
    }

    private void addToRows(float[] y, int bias) {
        for (int o = 0; o < tokens * width; o += width) {
            for (int j = 0; j < width; j++) y[o + j] += p[bias + j];
        }
    }

    private void addRowSums(float[] dy, float[] sums, int at) {
        for (int o = 0; o < tokens * width; o += width) {
            for (int j = 0; j < width; j++) sums[at + j] += dy[o + j];
        }
    }

    @Override
    protected void differentiate(float[] gradient, int base, float[] inputGradient) {
        float[] du = dStream;
        System.arraycopy(outputGradient, 0, du, 0, du.length);
        for (int l = layers - 1; l >= 0; l--) {
            // stream[l + 1] = LN(stream[l] + gelu(y) W + b), y = K * stream[l] + D stream[l]
            float[] dz = dResidual;
            norm.backward(residual[l], 0, p, normG[l], du, 0, gradient, base + normG[l], gradient, base + normB[l], dz, 0);
            Gemm.multiply(width, width, tokens, activated[l], 0, true, dz, 0, false, gradient, base + outW[l], true);
            addRowSums(dz, gradient, base + outB[l]);
            float[] dy = dConvolved;
            Gemm.multiply(tokens, width, width, dz, 0, false, p, outW[l], true, dy, 0, false);
            Gelu.multiplyByDerivative(convolved[l], dy, 0, dy.length);
            // du = dz (the residual) + K^T dy + D dy; dK[k] = sum dy[t] u[t - k]; dD = sum dy u
            float[] u = stream[l];
            float[] k = kernel[l];
            java.util.Arrays.fill(dKernel, 0f);
            int dAt = base + d[l];
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < steps; t++) {
                    int yt = (r * steps + t) * width;
                    for (int h = 0; h < width; h++) {
                        gradient[dAt + h] += dy[yt + h] * u[yt + h];
                        dz[yt + h] += p[d[l] + h] * dy[yt + h];
                    }
                    for (int s = 0; s <= t; s++) {
                        int us = (r * steps + s) * width;
                        int kl = (t - s) * width;
                        for (int h = 0; h < width; h++) {
                            dKernel[kl + h] += dy[yt + h] * u[us + h];
                            dz[us + h] += k[kl + h] * dy[yt + h];
                        }
                    }
                }
            }
            kernelBackward(l, gradient, base);
            System.arraycopy(dz, 0, du, 0, du.length);
        }
        // stream[0] = input (frame order) inputWeight + in/b
        addRowSums(du, gradient, base + inB);
        Gemm.multiply(PIXELS, width, tokens, input, 0, true, du, 0, false, inputWeightGradient, 0, false);
        for (int i = 0; i < PIXELS; i++) {
            int to = base + inW + frameRow[i] * width;
            for (int j = 0; j < width; j++) gradient[to + j] += inputWeightGradient[i * width + j];
        }
        if (inputGradient != null) Gemm.multiply(tokens, PIXELS, width, du, 0, false, inputWeight, 0, true, inputGradient, 0, false);
    }

    /**
     * Back-propagates {@link #dKernel} to layer l's {@code log_dt}, {@code log_a} and {@code C}: with {@code a = -exp(log_a)},
     * {@code dt = exp(log_dt)}, {@code E = exp(dt a)}, {@code w = C (E - 1) / a}, {@code K[k] = sum_n w_n exp(dt a_n k)}.
     */
    private void kernelBackward(int l, float[] gradient, int base) {
        for (int h = 0; h < width; h++) {
            double dt = Math.exp(p[logDt[l] + h]);
            double dDt = 0;
            for (int n = 0; n < states; n++) {
                int at = h * states + n;
                double a = -Math.exp(p[logA[l] + at]);
                double dtA = dt * a;
                double em1 = Math.expm1(dtA);
                double cn = p[c[l] + at];
                double w = cn * em1 / a;
                double dW = 0;
                double dDtAFromPowers = 0;
                for (int lag = 0; lag < steps; lag++) {
                    double g = dKernel[lag * width + h];
                    double power = Math.exp(dtA * lag);
                    dW += g * power;
                    dDtAFromPowers += g * w * power * lag;
                }
                double dDtA = dW * cn * (em1 + 1) / a + dDtAFromPowers;  // w's and the powers' dependence on dt a
                double dA = dDtA * dt - dW * cn * em1 / (a * a);          // ... and w's on a alone
                gradient[base + c[l] + at] += (float) (dW * em1 / a);
                gradient[base + logA[l] + at] += (float) (dA * a);        // d a / d log_a = a
                dDt += dDtA * a;
            }
            gradient[base + logDt[l] + h] += (float) (dDt * dt);
        }
    }
}
