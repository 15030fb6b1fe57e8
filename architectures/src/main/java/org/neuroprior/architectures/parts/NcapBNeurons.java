package org.neuroprior.architectures.parts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;
import org.neuroprior.architectures.parts.NcapCircuit.Sign;
import org.neuroprior.architectures.parts.NcapCircuit.Synapse;

/**
 * NCAP's B-neurons (Bhattasali, Zador and Engel 2022): a swimmer observation -> the graded activity of a dorsal and a
 * ventral B-neuron per joint, {@code [b_d (J), b_v (J)]}, the model's latent. {@link NcapMuscles} turns it into
 * torques.
 *
 * <p><b>Input</b> (flattened, n >= J + 1 values; J + 3 with navigation): entries {@code 0 .. J-1} are the joint angles
 * in radians, head end first; with navigation {@code to_target} (x, y) follows at {@code J, J + 1} (the navigate
 * task's layout); the LAST entry is the time feature {@code x = -1 + 2 t / time_limit}. Other entries are not read.
 *
 * <p><b>Function</b>, with {@code graded(x) = clamp(x, 0, 1)} and exc/inh as in {@link NcapCircuit}:
 * <pre>
 *   q = clamp(angle / (2 pi / (J + 1)), -1, 1),   q_d = max(q, 0),   q_v = max(-q, 0)
 *   t = round((x + 1) time_limit / 2)              (half away from zero: the control step since reset)
 *   phase = t - floor(t / period) period,   osc_d = [phase &lt; period / 2] (integer division),   osc_v = 1 - osc_d
 *   b_d[i] = graded( q_d[i-1] exc(prop_d[i])                                   (i > 0: proprioception)
 *                  + brake inh(speed_d[i]) + right exc(turn_d[i])                (navigation; turn for i &lt; turn_joints)
 *                  + osc_d exc(osc_d[i]) )                                       (i = 0: the head oscillator)
 *   b_v[i] = the same with q_v, prop_v, speed_v, left, turn_v, osc_v
 * </pre>
 * Navigation (the reference code's learned task map): {@code (right, left, speed) = [-x_t, |y_t|] task_W + task_b}
 * for {@code (x_t, y_t) = to_target}, then {@code right, left := graded(.)}, {@code brake = 1 - graded(speed)}.
 *
 * <p><b>Parameters</b>, in flat order, each [1, n] except {@code task_W} [2, 3]: shared: {@code w_prop, w_osc} and,
 * with navigation, {@code w_speed, w_turn, task_W, task_b}. Not shared: {@code w_prop_d, w_prop_v} (J - 1 each, for
 * joints 1 .. J-1; absent for J = 1), {@code w_osc_d, w_osc_v} (1 each, joint 0) and, with navigation,
 * {@code w_speed_d, w_speed_v} (J each), {@code w_turn_d, w_turn_v} (turn_joints each), {@code task_W, task_b}.
 * {@code task_W} is row-major: row 0 reads {@code -x_t}, row 1 {@code |y_t|}; columns (right, left, speed); it and
 * {@code task_b} start uniform in +-1/sqrt(2), as PyTorch's Linear.
 *
 * <p>The graph ({@link #define}) is the definition. The plain-Java step and the fused pass repeat its float operations
 * in its order, so that the clamps see the same values (at constant init many sums sit exactly on 0 or 1), and use
 * SameDiff 1.0.0-M2.1's derivatives at the kinks: clipByValue passes the gradient strictly inside its range, relu
 * (exc/inh, q_d, q_v) strictly above 0, abs has derivative 0 at 0, round has derivative 0.
 */
public final class NcapBNeurons implements Part {
    // Roles of per-joint effective weights; with sharing, the dorsal and ventral role of a kind share one block.
    private static final int PROP_D = 0, PROP_V = 1, OSC_D = 2, OSC_V = 3, SPEED_D = 4, SPEED_V = 5, TURN_D = 6,
            TURN_V = 7, ROLES = 8;

    private final String name;
    private final int[] inputShape;
    private final int inputSize;
    private final NcapCircuit circuit;
    private final int joints;
    private final Synapse[] roles = new Synapse[ROLES];
    private final int[] roleOffsets = new int[ROLES];
    private final List<ParameterSpec> parameters;
    private final int taskW;
    private final int taskB;

    /**
     * @param name       the part's name ({@code bneurons} in an NCAP model)
     * @param inputShape the observation's shape (read flattened)
     * @param circuit    the circuit
     * @throws IllegalArgumentException if the observation has fewer than {@link NcapCircuit#minimumInputSize()} values
     */
    public NcapBNeurons(String name, int[] inputShape, NcapCircuit circuit) {
        this.name = name;
        this.inputShape = inputShape.clone();
        int n = 1;
        for (int d : inputShape) n = Math.multiplyExact(n, d);
        this.inputSize = n;
        this.circuit = circuit;
        this.joints = circuit.joints();
        if (n < circuit.minimumInputSize()) {
            throw new IllegalArgumentException("ncap with " + joints + " joints" + (circuit.navigation() ? " and navigation" : "")
                    + " reads at least " + circuit.minimumInputSize() + " observation values (joint angles"
                    + (circuit.navigation() ? ", to_target" : "") + ", time feature last), got " + n);
        }
        int j = joints;
        if (circuit.sharing() || j > 1) put(PROP_D, circuit.pair("prop", Sign.EXC, 1, j - 1));
        put(OSC_D, circuit.pair("osc", Sign.EXC, 0, 1));
        if (circuit.navigation()) {
            put(SPEED_D, circuit.pair("speed", Sign.INH, 0, j));
            put(TURN_D, circuit.pair("turn", Sign.EXC, 0, circuit.turnJoints()));
        }
        List<ParameterSpec> specs = new ArrayList<>();
        int at = 0;
        for (Synapse s : NcapCircuit.blocks(roles)) {
            for (int r = 0; r < ROLES; r++) if (roles[r] == s) roleOffsets[r] = at;
            specs.add(circuit.spec(s));
            at += s.size();
        }
        if (circuit.navigation()) {
            ParameterSpec.Initializer linear = ParameterSpec.Initializer.uniformFanIn(2);
            taskW = at;
            specs.add(new ParameterSpec("task_W", new int[] {2, 3}, linear));
            taskB = at + 6;
            specs.add(new ParameterSpec("task_b", new int[] {1, 3}, linear));
        } else {
            taskW = taskB = -1;
        }
        this.parameters = List.copyOf(specs);
    }

    private void put(int dorsal, List<Synapse> pair) {
        roles[dorsal] = pair.get(0);
        roles[dorsal + 1] = pair.get(1);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** {@code [2 J]}: the dorsal B-neurons, then the ventral ones. */
    @Override
    public int[] outputShape() {
        return new int[] {2 * joints};
    }

    public NcapCircuit circuit() {
        return circuit;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return parameters;
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SameDiff sd = scope.sd();
        int j = joints;
        SDVariable x = input.reshape(-1, inputSize);
        SDVariable[] eff = new SDVariable[ROLES];
        for (int r = 0; r < ROLES; r++) {
            if (roles[r] != null) eff[r] = r % 2 == 1 && roles[r] == roles[r - 1] ? eff[r - 1] : circuit.define(scope, roles[r]);
        }
        SDVariable d = null;
        SDVariable v = null;
        if (j > 1) {
            SDVariable angles = x.get(SDIndex.all(), SDIndex.interval(0, j));
            SDVariable q = sd.math.clipByValue(angles.div(circuit.angleScale()), -1.0, 1.0);
            SDVariable qd = sd.nn.relu(q, 0.0);
            SDVariable qv = sd.nn.relu(q.neg(), 0.0);
            // previous[i - 1][i] = 1: joint i reads the angle of joint i - 1.
            float[][] shift = new float[j][j];
            for (int i = 1; i < j; i++) shift[i - 1][i] = 1f;
            SDVariable previous = sd.constant(scope.name("previous_joint"), Nd4j.createFromArray(shift).castTo(scope.dataType()));
            d = qd.mmul(previous).mul(eff[PROP_D]);
            v = qv.mmul(previous).mul(eff[PROP_V]);
        }
        if (circuit.navigation()) {
            int target = circuit.targetIndex();
            SDVariable fx = x.get(SDIndex.all(), SDIndex.interval(target, target + 1)).neg();
            SDVariable fy = sd.math.abs(x.get(SDIndex.all(), SDIndex.interval(target + 1, target + 2)));
            SDVariable control = sd.concat(1, fx, fy).mmul(scope.parameter("task_W")).add(scope.parameter("task_b"));
            SDVariable right = NcapCircuit.graded(sd, control.get(SDIndex.all(), SDIndex.interval(0, 1)));
            SDVariable left = NcapCircuit.graded(sd, control.get(SDIndex.all(), SDIndex.interval(1, 2)));
            SDVariable brake = NcapCircuit.graded(sd, control.get(SDIndex.all(), SDIndex.interval(2, 3))).rsub(1.0);
            d = plus(d, brake.mul(eff[SPEED_D]));
            v = plus(v, brake.mul(eff[SPEED_V]));
            d = plus(d, right.mul(eff[TURN_D]));
            v = plus(v, left.mul(eff[TURN_V]));
        }
        SDVariable feature = x.get(SDIndex.all(), SDIndex.interval(inputSize - 1, inputSize));
        SDVariable t = sd.math.round(feature.add(1.0).mul(circuit.timeLimit() / 2.0));
        int period = circuit.period();
        SDVariable phase = t.sub(sd.math.floor(t.div((double) period)).mul((double) period));
        SDVariable oscD = phase.lt((double) (period / 2)).castTo(scope.dataType());
        SDVariable oscV = oscD.rsub(1.0);
        d = plus(d, oscD.mul(eff[OSC_D]));
        v = plus(v, oscV.mul(eff[OSC_V]));
        return new Output(sd.concat(1, NcapCircuit.graded(sd, d), NcapCircuit.graded(sd, v)), null);
    }

    private static SDVariable plus(SDVariable sum, SDVariable term) {
        return sum == null ? term : sum.add(term);
    }

    /** Rounds half away from zero, as SameDiff's round. */
    static float round(float v) {
        float a = Math.abs(v);
        float f = (float) Math.floor(a);
        return Math.copySign(a - f >= 0.5f ? f + 1f : f, v);
    }

    /**
     * The head oscillator's dorsal drive for a time feature, as the graph computes it in float: 1 in the first half
     * of each period, 0 in the second.
     */
    float dorsalOscillator(float timeFeature) {
        float t = round((timeFeature + 1f) * (float) (circuit.timeLimit() / 2.0));
        float period = circuit.period();
        float phase = t - (float) Math.floor(t / period) * period;
        return phase < (float) (circuit.period() / 2) ? 1f : 0f;
    }

    @Override
    public JavaStep javaStep() {
        Kernel k = new Kernel(1);
        return (parameters, base, input, state, stateOffset, output) -> k.forward(parameters, base, input, 0, output, 0, 0);
    }

    @Override
    public FusedPass fusedPass(int batch) {
        return new Pass(batch);
    }

    /** The circuit's arithmetic on float arrays, keeping what the backward pass needs for {@code rows} samples. */
    private final class Kernel {
        private final NcapCircuit.Effective effective = circuit.effective(roles, roleOffsets);
        private final float scale = (float) circuit.angleScale();
        // Per sample and joint: the scaled angle (clip input), q_d and q_v of the previous joint, the B-neurons' inputs.
        private final float[] scaled;
        private final float[] qdPrevious;
        private final float[] qvPrevious;
        private final float[] dorsalIn;
        private final float[] ventralIn;
        // Per sample: the oscillator, the navigation inputs and signals.
        private final float[] oscillator;
        private final float[] fx;
        private final float[] fy;
        private final float[] ySign;
        private final float[] control;
        private final float[] right;
        private final float[] left;
        private final float[] brake;
        private float[] params;
        private int base;

        Kernel(int rows) {
            int nj = rows * joints;
            scaled = new float[nj];
            qdPrevious = new float[nj];
            qvPrevious = new float[nj];
            dorsalIn = new float[nj];
            ventralIn = new float[nj];
            oscillator = new float[rows];
            fx = new float[rows];
            fy = new float[rows];
            ySign = new float[rows];
            control = new float[rows * 3];
            right = new float[rows];
            left = new float[rows];
            brake = new float[rows];
        }

        /** Reads the effective weights (refreshed if the parameters changed) for the next samples. */
        void prepare(Parameters parameters, int base) {
            effective.refresh(parameters, base);
            this.params = parameters.array();
            this.base = base;
        }

        void forward(Parameters parameters, int base, float[] x, int in, float[] out, int at, int s) {
            prepare(parameters, base);
            sample(x, in, out, at, s);
        }

        /** One sample: observation {@code x[in ..]} -> {@code out[at .. at + 2J)}, intermediates at row {@code s}. */
        void sample(float[] x, int in, float[] out, int at, int s) {
            float[][] w = effective.weight;
            int j = joints;
            float osc = dorsalOscillator(x[in + inputSize - 1]);
            oscillator[s] = osc;
            float oscV = 1f - osc;
            boolean nav = circuit.navigation();
            if (nav) {
                int target = in + circuit.targetIndex();
                fx[s] = -x[target];
                float y = x[target + 1];
                fy[s] = Math.abs(y);
                ySign[s] = Math.signum(y);
                for (int c = 0; c < 3; c++) {
                    control[s * 3 + c] = fx[s] * params[base + taskW + c] + fy[s] * params[base + taskW + 3 + c] + params[base + taskB + c];
                }
                right[s] = NcapCircuit.graded(control[s * 3]);
                left[s] = NcapCircuit.graded(control[s * 3 + 1]);
                brake[s] = 1f - NcapCircuit.graded(control[s * 3 + 2]);
            }
            for (int i = 0; i < j; i++) {
                int k = s * j + i;
                float a = x[in + i] / scale;
                scaled[k] = a;
                float d = 0f;
                float v = 0f;
                if (i > 0) {
                    float q = Math.max(-1f, Math.min(1f, scaled[k - 1]));
                    float qd = q > 0f ? q : 0f;
                    float qv = -q > 0f ? -q : 0f;
                    qdPrevious[k] = qd;
                    qvPrevious[k] = qv;
                    d = qd * w[PROP_D][i];
                    v = qv * w[PROP_V][i];
                }
                if (nav) {
                    d = d + brake[s] * w[SPEED_D][i];
                    v = v + brake[s] * w[SPEED_V][i];
                    d = d + right[s] * w[TURN_D][i];
                    v = v + left[s] * w[TURN_V][i];
                }
                d = d + osc * w[OSC_D][i];
                v = v + oscV * w[OSC_V][i];
                dorsalIn[k] = d;
                ventralIn[k] = v;
                out[at + i] = NcapCircuit.graded(d);
                out[at + j + i] = NcapCircuit.graded(v);
            }
        }

        /**
         * Back-propagates {@code g} ([rows][2J]) through the last {@code rows} samples: gradients with respect to
         * the effective weights into {@code effectiveGradient}, the task map's into {@code gradient}, and dL/d input
         * into {@code inputGradient} ([rows][n], only the entries the circuit reads are written) if it is not null.
         */
        void backward(int rows, float[] g, double[][] effectiveGradient, float[] gradient, int gradientBase, float[] inputGradient) {
            float[][] w = effective.weight;
            int j = joints;
            boolean nav = circuit.navigation();
            for (double[] row : effectiveGradient) Arrays.fill(row, 0.0);
            double dW0 = 0, dW1 = 0, dW2 = 0, dW3 = 0, dW4 = 0, dW5 = 0, dB0 = 0, dB1 = 0, dB2 = 0;
            for (int s = 0; s < rows; s++) {
                double dBrake = 0;
                double dRight = 0;
                double dLeft = 0;
                double osc = oscillator[s];
                int in = s * inputSize;
                double dqdNext = 0;   // dL/d q_d of joint i, from joint i + 1's proprioception
                double dqvNext = 0;
                for (int i = j - 1; i >= 0; i--) {
                    int k = s * j + i;
                    double dd = NcapCircuit.inside(dorsalIn[k], 0f, 1f) ? g[s * 2 * j + i] : 0;
                    double dv = NcapCircuit.inside(ventralIn[k], 0f, 1f) ? g[s * 2 * j + j + i] : 0;
                    effectiveGradient[PROP_D][i] += dd * qdPrevious[k];
                    effectiveGradient[PROP_V][i] += dv * qvPrevious[k];
                    effectiveGradient[OSC_D][i] += dd * osc;
                    effectiveGradient[OSC_V][i] += dv * (1 - osc);
                    if (nav) {
                        effectiveGradient[SPEED_D][i] += dd * brake[s];
                        effectiveGradient[SPEED_V][i] += dv * brake[s];
                        effectiveGradient[TURN_D][i] += dd * right[s];
                        effectiveGradient[TURN_V][i] += dv * left[s];
                        dBrake += dd * w[SPEED_D][i] + dv * w[SPEED_V][i];
                        dRight += dd * w[TURN_D][i];
                        dLeft += dv * w[TURN_V][i];
                    }
                    if (inputGradient != null) {
                        // Angle i drives joint i + 1: q = clip(angle / scale), q_d = relu(q), q_v = relu(-q).
                        float a = scaled[k];
                        float q = Math.max(-1f, Math.min(1f, a));
                        double dq = (q > 0f ? dqdNext : 0) - (-q > 0f ? dqvNext : 0);
                        inputGradient[in + i] = NcapCircuit.inside(a, -1f, 1f) ? (float) (dq / scale) : 0f;
                        dqdNext = dd * w[PROP_D][i];
                        dqvNext = dv * w[PROP_V][i];
                    }
                }
                if (nav) {
                    // brake = 1 - graded(control_2): the sign flips.
                    double c0 = NcapCircuit.inside(control[s * 3], 0f, 1f) ? dRight : 0;
                    double c1 = NcapCircuit.inside(control[s * 3 + 1], 0f, 1f) ? dLeft : 0;
                    double c2 = NcapCircuit.inside(control[s * 3 + 2], 0f, 1f) ? -dBrake : 0;
                    dW0 += fx[s] * c0;
                    dW1 += fx[s] * c1;
                    dW2 += fx[s] * c2;
                    dW3 += fy[s] * c0;
                    dW4 += fy[s] * c1;
                    dW5 += fy[s] * c2;
                    dB0 += c0;
                    dB1 += c1;
                    dB2 += c2;
                    if (inputGradient != null) {
                        int p = base + taskW;
                        double dfx = c0 * params[p] + c1 * params[p + 1] + c2 * params[p + 2];
                        double dfy = c0 * params[p + 3] + c1 * params[p + 4] + c2 * params[p + 5];
                        int target = in + circuit.targetIndex();
                        inputGradient[target] = (float) -dfx;
                        inputGradient[target + 1] = (float) (dfy * ySign[s]);
                    }
                }
            }
            if (nav) {
                int p = gradientBase + taskW;
                gradient[p] += (float) dW0;
                gradient[p + 1] += (float) dW1;
                gradient[p + 2] += (float) dW2;
                gradient[p + 3] += (float) dW3;
                gradient[p + 4] += (float) dW4;
                gradient[p + 5] += (float) dW5;
                int b = gradientBase + taskB;
                gradient[b] += (float) dB0;
                gradient[b + 1] += (float) dB1;
                gradient[b + 2] += (float) dB2;
            }
            effective.backward(effectiveGradient, gradient, gradientBase);
        }
    }

    /** The fused pass: {@link Kernel} over a batch, on buffers allocated once. */
    private final class Pass extends HostPass {
        private final Kernel kernel;
        private final double[][] effectiveGradient = new double[ROLES][joints];

        Pass(int rows) {
            super(rows, inputShape, 2 * joints);
            this.kernel = new Kernel(rows);
        }

        @Override
        protected void compute(Parameters parameters, int base) {
            kernel.prepare(parameters, base);
            for (int s = 0; s < rows; s++) kernel.sample(input, s * inputSize, output, s * 2 * joints, s);
        }

        @Override
        protected void differentiate(float[] gradient, int base, float[] inputGradient) {
            kernel.backward(rows, outputGradient, effectiveGradient, gradient, base, inputGradient);
        }
    }
}
