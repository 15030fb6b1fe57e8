package org.neuroprior.architectures.tactile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.kernels.ConvKernel;
import org.neuroprior.architectures.kernels.LayerNormKernel;

/**
 * One ConvRNN node's {@link ConvCell} over the steps of a batch in plain Java, the cell's part of
 * {@link ConvRnnEncoder}'s fused pass: images channels-last, {@code [batch][height][width][C]} per step. Forward runs
 * the steps in order and keeps what backward needs; backward runs them in reverse and carries the gradient of the
 * state from one step to the one before. Zero states stand for the definition's "no state yet" (the same values and
 * gradients). One instance per thread; {@code ModelContractTest} checks it against {@link ConvCell#define}.
 */
public interface CellPass extends AutoCloseable {

    /**
     * Step {@code t} (0, 1, ... in order): the cell's output (before the node's ReLU) for input {@code x}.
     *
     * @param p      the model's parameters; the cell's blocks start at {@code base}, in {@link ConvCell#parameters} order
     * @param x      the cell input [pixels][C] from {@code xAt}; must hold its value until {@link #backward} of step t
     * @param y      receives the output [pixels][C] from {@code yAt}
     */
    void forward(int t, float[] p, int base, float[] x, int xAt, float[] y, int yAt);

    /** Starts a backward pass over the last forward's steps: the gradient carried back from later steps is zero. */
    void startBackward();

    /**
     * Step {@code t} backward, after {@link #startBackward}: steps in decreasing order, down to 0, from any step (the
     * steps after the first one called are taken to have a zero output gradient).
     *
     * @param dy       dL/d output of step t [pixels][C] from {@code dyAt}
     * @param dx       receives dL/d input of step t (overwritten) from {@code dxAt}
     * @param gradient dL/d parameters accumulate here, the cell's blocks from {@code gradientBase}
     */
    void backward(int t, float[] p, int base, float[] dy, int dyAt, float[] dx, int dxAt, float[] gradient, int gradientBase);

    /** Frees native scratch. */
    @Override
    void close();

    /** Offsets of a list of parameter blocks from the first, by name. */
    static Map<String, Integer> offsets(List<ParameterSpec> specs) {
        Map<String, Integer> at = new HashMap<>();
        int offset = 0;
        for (ParameterSpec s : specs) {
            at.put(s.name(), offset);
            offset += s.size();
        }
        return at;
    }

    /** The logistic function in float, as {@code 0.5 + 0.5 tanh(v / 2)} with {@link Activation#tanh(float)}. */
    static float sigmoid(float v) {
        return 0.5f + 0.5f * Activation.tanh(0.5f * v);   // exact identity; the fast tanh vectorises
    }

    /** {@link ConvCell.TimeDecay}: {@code s' = x + tau s}, output {@code s'}. */
    final class TimeDecay implements CellPass {
        private final int n;
        private final int steps;
        /** The states s_t, [steps][n]. */
        private final float[] states;
        /** dL/d s of the step being back-propagated. */
        private final float[] ds;

        TimeDecay(int pixels, int channels, int steps) {
            this.n = pixels * channels;
            this.steps = steps;
            this.states = new float[steps * n];
            this.ds = new float[n];
        }

        @Override
        public void forward(int t, float[] p, int base, float[] x, int xAt, float[] y, int yAt) {
            float tau = p[base];
            int at = t * n;
            if (t == 0) {
                System.arraycopy(x, xAt, states, 0, n);
            } else {
                for (int i = 0; i < n; i++) states[at + i] = x[xAt + i] + tau * states[at - n + i];
            }
            System.arraycopy(states, at, y, yAt, n);
        }

        @Override
        public void backward(int t, float[] p, int base, float[] dy, int dyAt, float[] dx, int dxAt, float[] gradient, int gradientBase) {
            float tau = p[base];
            for (int i = 0; i < n; i++) dx[dxAt + i] = dy[dyAt + i] + ds[i];
            if (t > 0) {
                // Four partial sums: independent chains (one float sum would wait on each addition).
                int previous = (t - 1) * n;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = 0;
                for (; i + 3 < n; i += 4) {
                    s0 += dx[dxAt + i] * states[previous + i];
                    s1 += dx[dxAt + i + 1] * states[previous + i + 1];
                    s2 += dx[dxAt + i + 2] * states[previous + i + 2];
                    s3 += dx[dxAt + i + 3] * states[previous + i + 3];
                }
                for (; i < n; i++) s0 += dx[dxAt + i] * states[previous + i];
                gradient[gradientBase] += (s0 + s1) + (s2 + s3);
            }
            for (int i = 0; i < n; i++) ds[i] = dx[dxAt + i] * tau;
        }

        @Override
        public void startBackward() {
            java.util.Arrays.fill(ds, 0f);
        }

        @Override
        public void close() {
        }
    }

    /**
     * {@link ConvCell.Gated}: the gate convolution over {@code [x, s]}, the gates (their LayerNorms in the {@code -ln}
     * variants), then the kind's update, exactly as {@code ConvCell.Gated.define} writes them.
     */
    final class Gated implements CellPass {
        private final ConvCell.Gated cell;
        private final ConvCell.Gated.Kind kind;
        private final int c;
        private final int pixels;
        private final int n;
        private final int steps;
        private final int gates;
        private final Map<String, Integer> at;
        private final ConvKernel conv;
        private final ConvKernel convC;            // the GRU's candidate convolution over [x, r s]
        private final LayerNormKernel norm;
        /** Which gates are layer-normalised (by index in kind.gates); the GRU's candidate is index {@code gates}. */
        private final boolean[] normalised;
        /** [x, s] of each step, [steps][pixels][2C] (for the GRU also [x, r s] in mergedC). */
        private final float[] merged;
        private final float[] mergedC;
        /** Each gate's pre-activation (the LayerNorm's input in -ln), [gate][steps][n]; the GRU's candidate last. */
        private final float[][] pre;
        /** Each gate's activation, [gate][steps][n]. */
        private final float[][] act;
        /** The state the gates read, s_t (the LSTM's h_t), [steps][n]; the LSTM's c_t (after its LayerNorm) in cells. */
        private final float[] states;
        private final float[] cells;
        private final float[] convOut;
        private final float[] normed;
        private final float[] dConv;
        private final float[] dMerged;
        private final float[] dGate;
        private final float[] dNormed;
        /** dL/d pre-activation of each gate, [gate][n] (before interleaving into the convolution's channels). */
        private final float[][] dPre;
        /** dL/d the GRU's candidate pre-activation, or the LSTM's c' before its LayerNorm, [n]. */
        private final float[] dCandidate;
        /** The LSTM's c' before its LayerNorm in -ln, [steps][n] (the LayerNorm's backward recomputes its statistics). */
        private final float[] lstmRaw;
        /** dL/d state of the step being back-propagated (s, or the LSTM's h), and the LSTM's dL/d c. */
        private final float[] ds;
        private final float[] dc;

        Gated(ConvCell.Gated cell, int batch, int height, int width, int channels, int steps) {
            this.cell = cell;
            this.kind = cell.kind();
            this.c = channels;
            this.pixels = batch * height * width;
            this.n = pixels * channels;
            this.steps = steps;
            this.gates = kind.gates.size();
            this.at = CellPass.offsets(cell.parameters(channels));
            this.conv = new ConvKernel(batch, height, width, 2 * c, gates * c, 2, 1, ConvKernel.Padding.SAME);
            boolean gru = kind == ConvCell.Gated.Kind.GRU;
            this.convC = gru ? new ConvKernel(batch, height, width, 2 * c, c, 2, 1, ConvKernel.Padding.SAME) : null;
            this.norm = cell.layerNorm() ? new LayerNormKernel(pixels, c) : null;
            int slots = gates + (gru ? 1 : 0);
            this.normalised = new boolean[slots];
            // The LSTM's LayerNorm is on its cell c', not on a gate: forward and backward apply it in place.
            if (cell.layerNorm() && kind != ConvCell.Gated.Kind.LSTM) {
                for (String g : cell.normalised()) normalised[gru ? gates : kind.gates.indexOf(g)] = true;
            }
            this.merged = new float[steps * 2 * n];
            this.mergedC = gru ? new float[steps * 2 * n] : null;
            this.pre = new float[slots][steps * n];
            this.act = new float[slots][steps * n];
            this.states = new float[steps * n];
            this.cells = kind == ConvCell.Gated.Kind.LSTM ? new float[steps * n] : null;
            this.convOut = new float[gates * n];
            this.normed = new float[n];
            this.dConv = new float[gates * n];
            this.dMerged = new float[2 * n];
            this.dGate = new float[slots * n];
            this.dNormed = new float[n];
            this.dPre = new float[gates][n];
            this.dCandidate = new float[n];
            this.lstmRaw = kind == ConvCell.Gated.Kind.LSTM && cell.layerNorm() ? new float[steps * n] : null;
            this.ds = new float[n];
            this.dc = new float[n];
        }

        private String lnName(int slot) {
            String gate = slot < gates ? kind.gates.get(slot) : "c";
            return "ln_" + gate + "/";
        }

        /** Channels [x, s] per pixel into {@code into} from {@code intoAt}; s null = zeros. */
        private void merge(float[] x, int xAt, float[] s, int sAt, float[] into, int intoAt) {
            for (int q = 0; q < pixels; q++) {
                System.arraycopy(x, xAt + q * c, into, intoAt + 2 * q * c, c);
                if (s == null) java.util.Arrays.fill(into, intoAt + (2 * q + 1) * c, intoAt + (2 * q + 2) * c, 0f);
                else System.arraycopy(s, sAt + q * c, into, intoAt + (2 * q + 1) * c, c);
            }
        }

        /** The LayerNorm of a slot, if it has one, from pre into {@code normed}; returns the array to read. */
        private float[] normalise(int slot, float[] p, int base, int t) {
            if (!normalised[slot]) {
                System.arraycopy(pre[slot], t * n, normed, 0, n);
                return normed;
            }
            String ln = lnName(slot);
            norm.forward(pre[slot], t * n, p, base + at.get(ln + "g"), p, base + at.get(ln + "b"), normed, 0);
            return normed;
        }

        @Override
        public void forward(int t, float[] p, int base, float[] x, int xAt, float[] y, int yAt) {
            int tn = t * n;
            float[] s = t == 0 ? null : states;
            int sAt = tn - n;
            merge(x, xAt, s, sAt, merged, 2 * tn);
            conv.forward(merged, 2 * tn, p, base + at.get("W"), p, base + at.get("b"), convOut, 0);
            for (int g = 0; g < gates; g++) {
                for (int q = 0; q < pixels; q++) System.arraycopy(convOut, (q * gates + g) * c, pre[g], tn + q * c, c);
            }
            switch (kind) {
                case UGRNN -> {
                    activate(0, p, base, t, Gate.FORGET);
                    activate(1, p, base, t, Gate.TANH);
                    mix(act[1], act[0], s, sAt, tn, states, tn);
                    System.arraycopy(states, tn, y, yAt, n);
                }
                case INTERSECTION -> {
                    activate(0, p, base, t, Gate.FORGET);
                    activate(1, p, base, t, Gate.TANH);
                    activate(2, p, base, t, Gate.FORGET);
                    activate(3, p, base, t, Gate.RELU);
                    mix(act[1], act[0], s, sAt, tn, states, tn);
                    float[] yv = act[3];
                    float[] gy = act[2];
                    for (int i = 0; i < n; i++) y[yAt + i] = yv[tn + i] + gy[tn + i] * (x[xAt + i] - yv[tn + i]);
                }
                case GRU -> {
                    activate(0, p, base, t, Gate.FORGET);
                    activate(1, p, base, t, Gate.SIGMOID);
                    float[] r = act[0];
                    for (int i = 0; i < n; i++) normed[i] = s == null ? 0f : r[tn + i] * s[sAt + i];  // r s
                    merge(x, xAt, normed, 0, mergedC, 2 * tn);
                    convC.forward(mergedC, 2 * tn, p, base + at.get("W_c"), p, base + at.get("b_c"), pre[gates], tn);
                    activate(gates, p, base, t, Gate.TANH);
                    mix(act[gates], act[1], s, sAt, tn, states, tn);
                    System.arraycopy(states, tn, y, yAt, n);
                }
                case LSTM -> {
                    for (int g = 0; g < 4; g++) activate(g, p, base, t, g == 1 ? Gate.TANH : g == 2 ? Gate.FORGET : Gate.SIGMOID);
                    float[] i0 = act[0], j = act[1], f = act[2], o = act[3];
                    // c' before its LayerNorm: kept in lstmRaw for the LayerNorm's backward, or c' itself.
                    float[] raw = cell.layerNorm() ? lstmRaw : cells;
                    for (int i = 0; i < n; i++) {
                        float in = i0[tn + i] * j[tn + i];
                        raw[tn + i] = t == 0 ? in : cells[sAt + i] * f[tn + i] + in;
                    }
                    if (cell.layerNorm()) norm.forward(lstmRaw, tn, p, base + at.get("ln_c/g"), p, base + at.get("ln_c/b"), cells, tn);
                    for (int i = 0; i < n; i++) {
                        float h = Activation.tanh(cells[tn + i]) * o[tn + i];
                        states[tn + i] = h;
                        y[yAt + i] = h;
                    }
                }
            }
        }

        @Override
        public void startBackward() {
            java.util.Arrays.fill(ds, 0f);
            java.util.Arrays.fill(dc, 0f);
        }

        @Override
        public void close() {
            conv.close();
            if (convC != null) convC.close();
        }

        private enum Gate { FORGET, SIGMOID, TANH, RELU }

        /** act[slot] = f(LN(pre[slot])) at step t. */
        private void activate(int slot, float[] p, int base, int t, Gate f) {
            float[] v = normalise(slot, p, base, t);
            float[] a = act[slot];
            int tn = t * n;
            switch (f) {
                case FORGET -> { for (int i = 0; i < n; i++) a[tn + i] = sigmoid(v[i] + 1f); }
                case SIGMOID -> { for (int i = 0; i < n; i++) a[tn + i] = sigmoid(v[i]); }
                case TANH -> { for (int i = 0; i < n; i++) a[tn + i] = Activation.tanh(v[i]); }
                case RELU -> { for (int i = 0; i < n; i++) a[tn + i] = Math.max(0f, v[i]); }
            }
        }

        /** {@code out = b + gate (a - b)} (a null = zeros), as the definition's {@code mix}. */
        private void mix(float[] b, float[] gate, float[] a, int aAt, int tn, float[] out, int outAt) {
            for (int i = 0; i < n; i++) {
                float bi = b[tn + i];
                out[outAt + i] = a == null ? bi - gate[tn + i] * bi : bi + gate[tn + i] * (a[aAt + i] - bi);
            }
        }

        /**
         * dL/d pre[slot] from dL/d act[slot] (in dGate's slot), through the activation and the slot's LayerNorm;
         * written into dConv's slot for gate slots, or into {@code into} for the GRU's candidate.
         */
        private void deactivate(int slot, float[] p, int base, int t, Gate f, float[] into, int intoAt, float[] gradient, int gradientBase) {
            int tn = t * n;
            float[] a = act[slot];
            int from = slot * n;
            for (int i = 0; i < n; i++) {
                float v = a[tn + i];
                float d = dGate[from + i];
                dNormed[i] = switch (f) {
                    case FORGET, SIGMOID -> d * v * (1f - v);
                    case TANH -> d * (1f - v * v);
                    case RELU -> v > 0f ? d : 0f;
                };
            }
            if (normalised[slot]) {
                String ln = lnName(slot);
                norm.backward(pre[slot], tn, p, base + at.get(ln + "g"), dNormed, 0,
                        gradient, gradientBase + at.get(ln + "g"), gradient, gradientBase + at.get(ln + "b"), into, intoAt);
            } else {
                System.arraycopy(dNormed, 0, into, intoAt, n);
            }
        }

        @Override
        public void backward(int t, float[] p, int base, float[] dy, int dyAt, float[] dx, int dxAt, float[] gradient, int gradientBase) {
            int tn = t * n;
            float[] s = t == 0 ? null : states;
            int sAt = tn - n;
            // ds becomes dL/d s_{t-1} (through the update and, below, the gate convolution); dx collects dL/d x.
            java.util.Arrays.fill(dx, dxAt, dxAt + n, 0f);
            switch (kind) {
                case UGRNN -> {
                    float[] gate = act[0], cand = act[1];
                    for (int i = 0; i < n; i++) {
                        float d = dy[dyAt + i] + ds[i];
                        float si = s == null ? 0f : s[sAt + i];
                        dGate[i] = d * (si - cand[tn + i]);
                        dGate[n + i] = d * (1f - gate[tn + i]);
                        ds[i] = d * gate[tn + i];
                    }
                    deactivate(0, p, base, t, Gate.FORGET, dPre[0], 0, gradient, gradientBase);
                    deactivate(1, p, base, t, Gate.TANH, dPre[1], 0, gradient, gradientBase);
                }
                case INTERSECTION -> {
                    float[] gh = act[0], h = act[1], gy = act[2], yv = act[3];
                    for (int i = 0; i < n; i++) {
                        float d = ds[i];   // the state's own path: s' = h + gh (s - h)
                        float si = s == null ? 0f : s[sAt + i];
                        dGate[i] = d * (si - h[tn + i]);
                        dGate[n + i] = d * (1f - gh[tn + i]);
                        ds[i] = d * gh[tn + i];
                        float o = dy[dyAt + i];   // the output: y + gy (x - y)
                        float xi = merged[2 * tn + (i / c) * 2 * c + i % c];
                        dGate[2 * n + i] = o * (xi - yv[tn + i]);
                        dGate[3 * n + i] = o * (1f - gy[tn + i]);
                        dx[dxAt + i] = o * gy[tn + i];
                    }
                    deactivate(0, p, base, t, Gate.FORGET, dPre[0], 0, gradient, gradientBase);
                    deactivate(1, p, base, t, Gate.TANH, dPre[1], 0, gradient, gradientBase);
                    deactivate(2, p, base, t, Gate.FORGET, dPre[2], 0, gradient, gradientBase);
                    deactivate(3, p, base, t, Gate.RELU, dPre[3], 0, gradient, gradientBase);
                }
                case GRU -> {
                    float[] u = act[1], cand = act[gates], r = act[0];
                    for (int i = 0; i < n; i++) {
                        float d = dy[dyAt + i] + ds[i];
                        float si = s == null ? 0f : s[sAt + i];
                        dGate[n + i] = d * (si - cand[tn + i]);          // du
                        dGate[gates * n + i] = d * (1f - u[tn + i]);    // dc
                        ds[i] = d * u[tn + i];
                    }
                    deactivate(gates, p, base, t, Gate.TANH, dCandidate, 0, gradient, gradientBase);
                    convC.backward(mergedC, 2 * tn, p, base + at.get("W_c"), dCandidate, 0,
                            gradient, gradientBase + at.get("W_c"), gradient, gradientBase + at.get("b_c"), dMerged, 0);
                    for (int q = 0; q < pixels; q++) {
                        for (int k = 0; k < c; k++) {
                            int i = q * c + k;
                            dx[dxAt + i] += dMerged[2 * q * c + k];
                            float drs = dMerged[(2 * q + 1) * c + k];
                            float si = s == null ? 0f : s[sAt + i];
                            dGate[i] = drs * si;                         // dr
                            ds[i] += drs * r[tn + i];
                        }
                    }
                    deactivate(0, p, base, t, Gate.FORGET, dPre[0], 0, gradient, gradientBase);
                    deactivate(1, p, base, t, Gate.SIGMOID, dPre[1], 0, gradient, gradientBase);
                }
                case LSTM -> {
                    float[] i0 = act[0], j = act[1], f = act[2], o = act[3];
                    for (int i = 0; i < n; i++) {
                        float dh = dy[dyAt + i] + ds[i];
                        float th = Activation.tanh(cells[tn + i]);
                        dGate[3 * n + i] = dh * th;                                       // do
                        dNormed[i] = dh * o[tn + i] * (1f - th * th) + dc[i];            // dL/d c (after its LN)
                    }
                    float[] dRaw = dCandidate;
                    if (cell.layerNorm()) {
                        norm.backward(lstmRaw, tn, p, base + at.get("ln_c/g"), dNormed, 0,
                                gradient, gradientBase + at.get("ln_c/g"), gradient, gradientBase + at.get("ln_c/b"), dRaw, 0);
                    } else {
                        System.arraycopy(dNormed, 0, dRaw, 0, n);
                    }
                    for (int i = 0; i < n; i++) {
                        float d = dRaw[i];
                        float cPrev = t == 0 ? 0f : cells[tn - n + i];
                        dGate[i] = d * j[tn + i];              // di
                        dGate[n + i] = d * i0[tn + i];         // dj
                        dGate[2 * n + i] = d * cPrev;          // df
                        dc[i] = d * f[tn + i];
                        ds[i] = 0f;                            // dL/d h_{t-1}: only through the convolution, below
                    }
                    for (int g = 0; g < 4; g++) {
                        deactivate(g, p, base, t, g == 1 ? Gate.TANH : g == 2 ? Gate.FORGET : Gate.SIGMOID, dPre[g], 0, gradient, gradientBase);
                    }
                }
            }
            // Interleave the gates' gradients back into the convolution's channel order, then through it.
            for (int g = 0; g < gates; g++) {
                float[] slot = dPre[g];
                for (int q = 0; q < pixels; q++) System.arraycopy(slot, q * c, dConv, (q * gates + g) * c, c);
            }
            conv.backward(merged, 2 * tn, p, base + at.get("W"), dConv, 0,
                    gradient, gradientBase + at.get("W"), gradient, gradientBase + at.get("b"), dMerged, 0);
            for (int q = 0; q < pixels; q++) {
                for (int k = 0; k < c; k++) {
                    dx[dxAt + q * c + k] += dMerged[2 * q * c + k];
                    ds[q * c + k] += dMerged[(2 * q + 1) * c + k];
                }
            }
        }
    }
}
