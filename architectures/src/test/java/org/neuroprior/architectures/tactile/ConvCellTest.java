package org.neuroprior.architectures.tactile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.LayerNorm;
import org.neuroprior.architectures.ParameterSpec;

/**
 * Each ConvRNN cell's graph computes the reference equations: two steps (the first from the zero state) on a
 * 3-channel 2 x 3 grid against a plain-Java transcription of the equations in {@link ConvCell}, and TimeDecay on
 * numbers worked out by hand, its tau's gradient included.
 */
class ConvCellTest {
    private static final int C = 3;
    private static final int H = 2;
    private static final int W = 3;

    /** A cell's graph on its own: parameters as variables, two steps. */
    private static final class Graph {
        final SameDiff sd = SameDiff.create();
        final Map<String, SDVariable> parameters = new HashMap<>();
        final ConvCell.Scope scope;

        Graph(ConvCell cell, Map<String, double[]> values) {
            for (ParameterSpec p : cell.parameters(C)) {
                long[] shape = java.util.Arrays.stream(p.shape()).asLongStream().toArray();
                parameters.put(p.name(), sd.var(p.name(), Nd4j.create(values.get(p.name()), shape, 'c')));
            }
            SDVariable zeros = sd.constant(Nd4j.zeros(DataType.DOUBLE, 1, C, H, W));
            scope = new ConvCell.Scope() {
                @Override
                public SameDiff sd() {
                    return sd;
                }

                @Override
                public SDVariable parameter(String name) {
                    return parameters.get(name);
                }

                @Override
                public SDVariable zeros() {
                    return zeros;
                }
            };
        }

        SDVariable input(double[] x) {
            return sd.constant(Nd4j.create(x, new long[] {1, C, H, W}, 'c'));
        }
    }

    static List<String> cells() {
        return ConvCell.ids();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void twoStepsMatchTheEquations(String id) {
        ConvCell cell = ConvCell.of(id);
        SplittableRandom rng = new SplittableRandom(id.hashCode());
        Map<String, double[]> values = new HashMap<>();
        for (ParameterSpec p : cell.parameters(C)) {
            double[] v = new double[p.size()];
            boolean gain = p.name().endsWith("/g");
            for (int i = 0; i < v.length; i++) v[i] = gain ? 1 + 0.3 * rng.nextGaussian() : 0.4 * rng.nextGaussian();
            values.put(p.name(), v);
        }
        double[] x0 = gaussian(rng, C * H * W);
        double[] x1 = gaussian(rng, C * H * W);

        Graph g = new Graph(cell, values);
        ConvCell.Step first = cell.define(g.scope, g.input(x0), null);
        ConvCell.Step second = cell.define(g.scope, g.input(x1), first.state());

        Reference ref = new Reference(cell, values);
        double[][] state = ref.zeroState();
        double[] out0 = ref.step(x0, state);
        double[] out1 = ref.step(x1, state);
        assertArrayEquals(out0, values(first.output()), 1e-12, id + " step 0");
        assertArrayEquals(out1, values(second.output()), 1e-12, id + " step 1");
        for (int k = 0; k < cell.stateTensors(); k++) assertArrayEquals(state[k], values(second.state()[k]), 1e-12, id + " state " + k);
    }

    @Test
    void timeDecayOnNumbersWorkedOutByHand() {
        ConvCell cell = ConvCell.of("timedecay");
        // One channel would do; the grid is the test's 3 x 2 x 3, tau = 0.5.
        double[] x0 = new double[C * H * W];
        double[] x1 = new double[C * H * W];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = i;            // s0 = x0
            x1[i] = 1 - i;        // s1 = x1 + 0.5 x0 = 1 - i / 2
        }
        Graph g = new Graph(cell, Map.of("tau", new double[] {0.5}));
        ConvCell.Step first = cell.define(g.scope, g.input(x0), null);
        ConvCell.Step second = cell.define(g.scope, g.input(x1), first.state());
        double[] s1 = values(second.output());
        for (int i = 0; i < s1.length; i++) assertEquals(1 - i / 2.0, s1[i], 1e-15, "s1[" + i + "]");
        // d sum(s1) / d tau = sum(s0) = 0 + 1 + ... + 17 = 153.
        g.sd.setLossVariables(second.output().sum());
        INDArray dTau = g.sd.calculateGradients(Map.of(), "tau").get("tau");
        assertEquals(153, dTau.getDouble(0), 1e-12);
        float[] init = new float[1];
        cell.parameters(C).get(0).init().fill(init, 0, 1, new int[] {1}, new SplittableRandom(1));
        assertEquals(0f, init[0], "tau starts at 0");
    }

    @Test
    void unknownCellsAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> ConvCell.of("timedecay-ln"));
        assertEquals(true, e.getMessage().contains("'timedecay-ln'") && e.getMessage().contains("ugrnn-ln"), e.getMessage());
        assertEquals("lstm-ln", ConvCell.of("LSTM-LN").id());
    }

    private static double[] gaussian(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
        return v;
    }

    private static double[] values(SDVariable v) {
        return v.eval().castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /**
     * The cells' equations in plain Java, on one sample [C][H][W] flattened channel-major: 2 x 2 "same" convolutions
     * (padding bottom and right) with YXIO weights, LayerNorm over channels per position with {@link LayerNorm#EPSILON}.
     */
    private static final class Reference {
        final String id;
        final boolean ln;
        final Map<String, double[]> p;

        Reference(ConvCell cell, Map<String, double[]> values) {
            this.ln = cell.id().endsWith("-ln");
            this.id = ln ? cell.id().substring(0, cell.id().length() - 3) : cell.id();
            this.p = values;
        }

        double[][] zeroState() {
            return new double[id.equals("lstm") ? 2 : 1][C * H * W];
        }

        static int at(int c, int y, int x) {
            return (c * H + y) * W + x;
        }

        /** conv2x2 "same" of the channel concatenation [a, b] (C each) to {@code out} channels. */
        double[] conv(double[] a, double[] b, double[] weight, double[] bias, int out) {
            double[] y = new double[out * H * W];
            for (int o = 0; o < out; o++) {
                for (int r = 0; r < H; r++) {
                    for (int q = 0; q < W; q++) {
                        double sum = bias[o];
                        for (int kh = 0; kh < 2; kh++) {
                            for (int kw = 0; kw < 2; kw++) {
                                int rr = r + kh;
                                int qq = q + kw;
                                if (rr >= H || qq >= W) continue;
                                for (int ci = 0; ci < 2 * C; ci++) {
                                    double v = ci < C ? a[at(ci, rr, qq)] : b[at(ci - C, rr, qq)];
                                    sum += v * weight[((kh * 2 + kw) * 2 * C + ci) * out + o];
                                }
                            }
                        }
                        y[at(o, r, q)] = sum;
                    }
                }
            }
            return y;
        }

        /** Gate k (C channels) of a convolution's output. */
        static double[] gate(double[] all, int k) {
            return java.util.Arrays.copyOfRange(all, k * C * H * W, (k + 1) * C * H * W);
        }

        double[] norm(double[] v, String gate) {
            if (!ln) return v;
            double[] g = p.get("ln_" + gate + "/g");
            double[] b = p.get("ln_" + gate + "/b");
            double[] out = new double[v.length];
            for (int r = 0; r < H; r++) {
                for (int q = 0; q < W; q++) {
                    double mean = 0;
                    for (int c = 0; c < C; c++) mean += v[at(c, r, q)] / C;
                    double var = 0;
                    for (int c = 0; c < C; c++) var += Math.pow(v[at(c, r, q)] - mean, 2) / C;
                    for (int c = 0; c < C; c++) out[at(c, r, q)] = (v[at(c, r, q)] - mean) / Math.sqrt(var + LayerNorm.EPSILON) * g[c] + b[c];
                }
            }
            return out;
        }

        static double sigmoid(double v) {
            return 1 / (1 + Math.exp(-v));
        }

        /** One step: updates {@code state} in place and returns the output. */
        double[] step(double[] x, double[][] state) {
            int n = C * H * W;
            double[] out = new double[n];
            switch (id) {
                case "timedecay" -> {
                    for (int i = 0; i < n; i++) state[0][i] = x[i] + p.get("tau")[0] * state[0][i];
                    return state[0].clone();
                }
                case "ugrnn" -> {
                    double[] all = conv(x, state[0], p.get("W"), p.get("b"), 2 * C);
                    double[] g = norm(gate(all, 0), "g");
                    double[] c = norm(gate(all, 1), "c");
                    for (int i = 0; i < n; i++) {
                        double gi = sigmoid(g[i] + 1);
                        state[0][i] = gi * state[0][i] + (1 - gi) * Math.tanh(c[i]);
                    }
                    return state[0].clone();
                }
                case "intersection" -> {
                    double[] all = conv(x, state[0], p.get("W"), p.get("b"), 4 * C);
                    double[] gh = norm(gate(all, 0), "gh");
                    double[] h = norm(gate(all, 1), "h");
                    double[] gy = norm(gate(all, 2), "gy");
                    double[] y = norm(gate(all, 3), "y");
                    for (int i = 0; i < n; i++) {
                        double a = sigmoid(gh[i] + 1);
                        double b = sigmoid(gy[i] + 1);
                        state[0][i] = a * state[0][i] + (1 - a) * Math.tanh(h[i]);
                        out[i] = b * x[i] + (1 - b) * Math.max(0, y[i]);
                    }
                    return out;
                }
                case "gru" -> {
                    double[] all = conv(x, state[0], p.get("W"), p.get("b"), 2 * C);
                    double[] r = gate(all, 0);
                    double[] u = gate(all, 1);
                    double[] rs = new double[n];
                    for (int i = 0; i < n; i++) rs[i] = sigmoid(r[i] + 1) * state[0][i];
                    double[] c = norm(conv(x, rs, p.get("W_c"), p.get("b_c"), C), "c");
                    for (int i = 0; i < n; i++) {
                        double ui = sigmoid(u[i]);
                        state[0][i] = ui * state[0][i] + (1 - ui) * Math.tanh(c[i]);
                    }
                    return state[0].clone();
                }
                case "lstm" -> {
                    double[] all = conv(x, state[1], p.get("W"), p.get("b"), 4 * C);
                    double[] c = new double[n];
                    for (int k = 0; k < n; k++) {
                        c[k] = state[0][k] * sigmoid(gate(all, 2)[k] + 1) + sigmoid(gate(all, 0)[k]) * Math.tanh(gate(all, 1)[k]);
                    }
                    c = norm(c, "c");
                    for (int k = 0; k < n; k++) {
                        state[0][k] = c[k];
                        state[1][k] = Math.tanh(c[k]) * sigmoid(gate(all, 3)[k]);
                    }
                    return state[1].clone();
                }
                default -> throw new IllegalArgumentException(id);
            }
        }
    }
}
