package org.neuroprior.architectures.tactile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.neuroprior.architectures.LayerNorm;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.ParameterSpec.Initializer;

/**
 * The recurrent cell of one ConvRNN node, as the reference code of Chung et al. (2025) defines them (its ConvRNN
 * library follows Nayebi et al. 2018 and 2022). Notation: {@code x} is the cell input (the node's pre-memory
 * convolution, {@code [B, C, H, W]}), {@code s} the state (zeros at the first step), {@code conv} one 2 x 2 "same"
 * convolution over the channel concatenation {@code [x, s]} (bias initialised 0), split along channels, {@code LN} a
 * LayerNorm over the channels at each grid position with its own gain (1) and bias (0) per gate, present only in the
 * {@code -ln} variants ({@link LayerNorm}, epsilon 1e-5 as PyTorch's). Forget bias 1.
 * <ul>
 *   <li>{@code timedecay}: {@code s' = x + tau s}, output {@code s'}; one trainable scalar {@code tau} per node,
 *       initialised 0 and not clamped. No convolution of its own.</li>
 *   <li>{@code ugrnn}: {@code (g, c) = split(conv([x, s]), 2)}; {@code g = sigmoid(LN(g) + 1)};
 *       {@code c = tanh(LN(c))}; {@code s' = g s + (1 - g) c}; output {@code s'}.</li>
 *   <li>{@code intersection}: {@code (gh, h, gy, y) = split(conv([x, s]), 4)}; {@code gh = sigmoid(LN(gh) + 1)};
 *       {@code h = tanh(LN(h))}; {@code gy = sigmoid(LN(gy) + 1)}; {@code y = relu(LN(y))};
 *       {@code s' = gh s + (1 - gh) h}; output {@code gy x + (1 - gy) y}.</li>
 *   <li>{@code gru}: {@code (r, u) = split(conv_ru([x, s]), 2)}; {@code r = sigmoid(r + 1)} (the forget bias sits on
 *       the reset gate); {@code u = sigmoid(u)}; {@code c = tanh(LN(conv_c([x, r s])))};
 *       {@code s' = u s + (1 - u) c}; output {@code s'}.</li>
 *   <li>{@code lstm}: state {@code (c, h)}; {@code (i, j, f, o) = split(conv([x, h]), 4)};
 *       {@code c' = c sigmoid(f + 1) + sigmoid(i) tanh(j)}, then {@code c' = LN(c')} in the LN variant;
 *       {@code h' = tanh(c') sigmoid(o)}; output {@code h'}. No peepholes.</li>
 * </ul>
 * Gated cells keep as many state channels as output channels. Convolution weights are uniform in
 * +-1/sqrt(fan_in), PyTorch's default for {@code nn.Conv2d}.
 */
public interface ConvCell {

    /** The name options use: {@code timedecay}, {@code ugrnn}, {@code ugrnn-ln}, ... */
    String id();

    /** Tensors of state per node: 1, or 2 for the LSTM ({@code c} then {@code h}). */
    default int stateTensors() {
        return 1;
    }

    /** The cell's parameter blocks for a node of {@code channels} channels (names relative to the node). */
    List<ParameterSpec> parameters(int channels);

    /**
     * One step of the cell (its definition).
     *
     * @param x     the cell input [B, C, H, W]
     * @param state {@link #stateTensors()} tensors [B, C, H, W], or null at the first step (zeros)
     * @return the output [B, C, H, W] and the next state
     */
    Step define(Scope scope, SDVariable x, SDVariable[] state);

    /**
     * The cell over the steps of a batch in plain Java, for {@link ConvRnnEncoder}'s fused pass: images
     * channels-last {@code [batch][height][width][channels]}, one instance per thread.
     *
     * @param steps time steps per sample (forward visits them in order, backward in reverse)
     */
    CellPass pass(int batch, int height, int width, int channels, int steps);

    /** What one step gives: the cell's output and its next state. */
    record Step(SDVariable output, SDVariable[] state) {
    }

    /** What a cell sees of its node: the graph, the node's parameters by relative name, and zeros of its shape. */
    interface Scope {
        SameDiff sd();

        SDVariable parameter(String name);

        /** Zeros [B, C, H, W] of the node's shape. */
        SDVariable zeros();
    }

    /** Every cell id, for options: the plain cells, then the LayerNorm variants of the gated ones. */
    static List<String> ids() {
        return List.of("timedecay", "intersection", "intersection-ln", "ugrnn", "ugrnn-ln", "gru", "gru-ln", "lstm", "lstm-ln");
    }

    /**
     * The cell called {@code id} (any case).
     *
     * @throws IllegalArgumentException naming the id and the accepted ones
     */
    static ConvCell of(String id) {
        String name = id.toLowerCase(Locale.ROOT);
        boolean ln = name.endsWith("-ln");
        String base = ln ? name.substring(0, name.length() - 3) : name;
        ConvCell cell = switch (base) {
            case "timedecay" -> ln ? null : new TimeDecay();
            case "intersection" -> new Gated(Gated.Kind.INTERSECTION, ln);
            case "ugrnn" -> new Gated(Gated.Kind.UGRNN, ln);
            case "gru" -> new Gated(Gated.Kind.GRU, ln);
            case "lstm" -> new Gated(Gated.Kind.LSTM, ln);
            default -> null;
        };
        if (cell == null) throw new IllegalArgumentException("unknown ConvRNN cell '" + id + "'; accepted: " + String.join(", ", ids()));
        return cell;
    }

    /** {@code s' = x + tau s}: the cell of the best published model. */
    record TimeDecay() implements ConvCell {
        @Override
        public String id() {
            return "timedecay";
        }

        @Override
        public List<ParameterSpec> parameters(int channels) {
            return List.of(new ParameterSpec("tau", new int[] {1}, Initializer.constant(0)));
        }

        @Override
        public Step define(Scope scope, SDVariable x, SDVariable[] state) {
            SDVariable next = state == null ? x : x.add(state[0].mul(scope.parameter("tau")));
            return new Step(next, new SDVariable[] {next});
        }

        @Override
        public CellPass pass(int batch, int height, int width, int channels, int steps) {
            return new CellPass.TimeDecay(batch * height * width, channels, steps);
        }
    }

    /** The gated cells: one 2 x 2 convolution over {@code [x, s]} (two for the GRU), gates, optional LayerNorms. */
    record Gated(Kind kind, boolean layerNorm) implements ConvCell {
        /** The gated cells and the gates their first convolution computes. */
        enum Kind {
            UGRNN("g", "c"), INTERSECTION("gh", "h", "gy", "y"), GRU("r", "u"), LSTM("i", "j", "f", "o");

            final List<String> gates;

            Kind(String... gates) {
                this.gates = List.of(gates);
            }
        }

        @Override
        public String id() {
            return kind.name().toLowerCase(Locale.ROOT) + (layerNorm ? "-ln" : "");
        }

        @Override
        public int stateTensors() {
            return kind == Kind.LSTM ? 2 : 1;
        }

        /** The gates that are layer-normalised in the LN variant. */
        List<String> normalised() {
            return switch (kind) {
                case UGRNN, INTERSECTION -> kind.gates;
                case GRU -> List.of("c");
                case LSTM -> List.of("c");
            };
        }

        @Override
        public List<ParameterSpec> parameters(int channels) {
            List<ParameterSpec> specs = new ArrayList<>();
            Initializer weights = Initializer.uniformFanIn(2 * channels * 4);
            specs.add(new ParameterSpec("W", new int[] {2, 2, 2 * channels, kind.gates.size() * channels}, weights));
            specs.add(new ParameterSpec("b", new int[] {kind.gates.size() * channels}, Initializer.constant(0)));
            if (kind == Kind.GRU) {
                specs.add(new ParameterSpec("W_c", new int[] {2, 2, 2 * channels, channels}, weights));
                specs.add(new ParameterSpec("b_c", new int[] {channels}, Initializer.constant(0)));
            }
            if (layerNorm) {
                for (String gate : normalised()) {
                    specs.add(new ParameterSpec("ln_" + gate + "/g", new int[] {channels}, Initializer.constant(1)));
                    specs.add(new ParameterSpec("ln_" + gate + "/b", new int[] {channels}, Initializer.constant(0)));
                }
            }
            return specs;
        }

        @Override
        public Step define(Scope scope, SDVariable x, SDVariable[] state) {
            SameDiff sd = scope.sd();
            SDVariable s = state == null ? null : state[kind == Kind.LSTM ? 1 : 0]; // the state the gates read
            SDVariable[] g = split(sd, conv(scope, x, s == null ? scope.zeros() : s, "W", "b"), kind.gates.size());
            return switch (kind) {
                case UGRNN -> {
                    SDVariable gate = forget(sd, norm(scope, g[0], "g"));
                    SDVariable c = sd.math.tanh(norm(scope, g[1], "c"));
                    SDVariable next = mix(c, gate, s);
                    yield new Step(next, new SDVariable[] {next});
                }
                case INTERSECTION -> {
                    SDVariable gh = forget(sd, norm(scope, g[0], "gh"));
                    SDVariable h = sd.math.tanh(norm(scope, g[1], "h"));
                    SDVariable gy = forget(sd, norm(scope, g[2], "gy"));
                    SDVariable y = sd.nn.relu(norm(scope, g[3], "y"), 0.0);
                    SDVariable next = mix(h, gh, s);
                    yield new Step(mix(y, gy, x), new SDVariable[] {next});
                }
                case GRU -> {
                    SDVariable r = forget(sd, g[0]);
                    SDVariable u = sd.nn.sigmoid(g[1]);
                    SDVariable rs = s == null ? scope.zeros() : r.mul(s);
                    SDVariable c = sd.math.tanh(norm(scope, conv(scope, x, rs, "W_c", "b_c"), "c"));
                    SDVariable next = mix(c, u, s);
                    yield new Step(next, new SDVariable[] {next});
                }
                case LSTM -> {
                    SDVariable input = sd.nn.sigmoid(g[0]).mul(sd.math.tanh(g[1]));
                    SDVariable c = state == null ? input : state[0].mul(forget(sd, g[2])).add(input);
                    c = norm(scope, c, "c");
                    SDVariable h = sd.math.tanh(c).mul(sd.nn.sigmoid(g[3]));
                    yield new Step(h, new SDVariable[] {c, h});
                }
            };
        }

        @Override
        public CellPass pass(int batch, int height, int width, int channels, int steps) {
            return new CellPass.Gated(this, batch, height, width, channels, steps);
        }

        /** {@code gate a + (1 - gate) b} as {@code b + gate (a - b)}; {@code a} null stands for zeros. */
        private static SDVariable mix(SDVariable b, SDVariable gate, SDVariable a) {
            return a == null ? b.sub(gate.mul(b)) : b.add(gate.mul(a.sub(b)));
        }

        private static SDVariable forget(SameDiff sd, SDVariable v) {
            return sd.nn.sigmoid(v.add(1.0));
        }

        private SDVariable norm(Scope scope, SDVariable v, String gate) {
            if (!layerNorm) return v;
            return LayerNorm.define(scope.sd(), v, scope.parameter("ln_" + gate + "/g"), scope.parameter("ln_" + gate + "/b"), true);
        }

        private static SDVariable conv(Scope scope, SDVariable x, SDVariable s, String weight, String bias) {
            SDVariable both = scope.sd().concat(1, x, s);
            return GraphOps.conv(scope.sd(), both, scope.parameter(weight), scope.parameter(bias), 2, 1, true);
        }

        private static SDVariable[] split(SameDiff sd, SDVariable v, int parts) {
            return parts == 1 ? new SDVariable[] {v} : sd.split(v, parts, 1);
        }
    }
}
