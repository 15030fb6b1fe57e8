package org.neuroprior.architectures.parts;

import java.util.Arrays;
import java.util.List;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.ParameterSpec;
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
 *   q = clamp(angle / (2 pi / (J + 1)), -1, 1),   q_d = clamp(q, 0, 1),   q_v = -clamp(q, -1, 0)
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
 * with navigation, {@code w_speed, w_turn, task_W, task_b} (w_prop exists for J = 1 too, reaching no joint, so that
 * every body has the same parameters). Not shared: {@code w_prop_d, w_prop_v} (J - 1 each, for
 * joints 1 .. J-1; absent for J = 1), {@code w_osc_d, w_osc_v} (1 each, joint 0) and, with navigation,
 * {@code w_speed_d, w_speed_v} (J each), {@code w_turn_d, w_turn_v} (turn_joints each), {@code task_W, task_b}.
 * {@code task_W} is row-major: row 0 reads {@code -x_t}, row 1 {@code |y_t|}; columns (right, left, speed); it and
 * {@code task_b} start uniform in +-1/sqrt(2), as PyTorch's Linear.
 *
 * <p>The graph ({@link #define}) is the definition. The plain-Java step and the fused pass repeat its float operations
 * in its order (or operations that give the same floats, such as a clamp written as a max), so that the clamps see
 * the same values (at constant init many sums sit exactly on 0 or 1), and use
 * the reference code's (PyTorch's) derivatives at the kinks: every clamp, exc/inh included, passes the gradient on its
 * closed range, bounds included ({@link NcapCircuit#clamp}); abs has derivative 0 at 0, round has derivative 0.
 */
public final class NcapBNeurons extends NcapPart {
    // Roles of per-joint effective weights; with sharing, the dorsal and ventral role of a kind share one block.
    private static final int PROP_D = 0, PROP_V = 1, OSC_D = 2, OSC_V = 3, SPEED_D = 4, SPEED_V = 5, TURN_D = 6,
            TURN_V = 7, ROLES = 8;

    private final int[] inputShape;
    private final int inputSize;
    private final int taskW;
    private final int taskB;

    /**
     * @param name       the part's name ({@code bneurons} in an NCAP model)
     * @param inputShape the observation's shape (read flattened)
     * @param circuit    the circuit
     * @throws IllegalArgumentException if the observation has fewer than {@link NcapCircuit#minimumInputSize()} values
     */
    public NcapBNeurons(String name, int[] inputShape, NcapCircuit circuit) {
        super(name, circuit, roles(circuit), taskMap(circuit));
        this.inputShape = inputShape.clone();
        int n = 1;
        for (int d : inputShape) n = Math.multiplyExact(n, d);
        this.inputSize = n;
        if (n < circuit.minimumInputSize()) {
            throw new IllegalArgumentException("ncap with " + joints + " joints" + (circuit.navigation() ? " and navigation" : "")
                    + " reads at least " + circuit.minimumInputSize() + " observation values (joint angles"
                    + (circuit.navigation() ? ", to_target" : "") + ", time feature last), got " + n);
        }
        this.taskW = circuit.navigation() ? synapseSize : -1;
        this.taskB = circuit.navigation() ? synapseSize + 6 : -1;
    }

    private static Synapse[] roles(NcapCircuit circuit) {
        Synapse[] roles = new Synapse[ROLES];
        int j = circuit.joints();
        if (circuit.sharing() || j > 1) put(roles, PROP_D, circuit.pair("prop", Sign.EXC, 1, j - 1));
        put(roles, OSC_D, circuit.pair("osc", Sign.EXC, 0, 1));
        if (circuit.navigation()) {
            put(roles, SPEED_D, circuit.pair("speed", Sign.INH, 0, j));
            put(roles, TURN_D, circuit.pair("turn", Sign.EXC, 0, circuit.turnJoints()));
        }
        return roles;
    }

    private static void put(Synapse[] roles, int dorsal, List<Synapse> pair) {
        roles[dorsal] = pair.get(0);
        roles[dorsal + 1] = pair.get(1);
    }

    /** task_W [2, 3] and task_b [1, 3] with navigation, uniform in +-1/sqrt(2) as PyTorch's Linear; none without. */
    private static List<ParameterSpec> taskMap(NcapCircuit circuit) {
        if (!circuit.navigation()) return List.of();
        ParameterSpec.Initializer linear = ParameterSpec.Initializer.uniformFanIn(2);
        return List.of(new ParameterSpec("task_W", new int[] {2, 3}, linear), new ParameterSpec("task_b", new int[] {1, 3}, linear));
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

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SameDiff sd = scope.sd();
        int j = joints;
        SDVariable x = input.reshape(-1, inputSize);
        SDVariable[] eff = circuit.define(scope, roles);
        SDVariable d = null;
        SDVariable v = null;
        if (j > 1) {
            SDVariable angles = x.get(SDIndex.all(), SDIndex.interval(0, j));
            SDVariable q = NcapCircuit.clamp(sd, angles.div(circuit.angleScale()), -1.0, 1.0);
            SDVariable qd = NcapCircuit.clamp(sd, q, 0.0, 1.0);
            SDVariable qv = NcapCircuit.clamp(sd, q, -1.0, 0.0).neg();
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

    /**
     * Rounds half away from zero, as SameDiff's round: {@code floor(|v| + 0.5)} with the sign of v, the sum taken in
     * double, where it is exact (in float, 0.49999997 + 0.5 would round up to 1). No branch: whether a time feature
     * rounds up is a coin flip for a branch predictor.
     */
    static float round(float v) {
        return Math.copySign((float) Math.floor(Math.abs(v) + 0.5), v);
    }

    @Override
    NcapKernel kernel(int rows) {
        return new Kernel(rows);
    }

    /**
     * The circuit's arithmetic on float arrays, keeping what the backward pass needs for {@code rows} samples. The
     * effective weights' rows are read once per call into locals (they are refreshed in place).
     */
    private final class Kernel extends NcapKernel {
        private final float[] propD = effective.weight[PROP_D];
        private final float[] propV = effective.weight[PROP_V];
        private final float[] oscD = effective.weight[OSC_D];
        private final float[] oscV = effective.weight[OSC_V];
        private final float[] speedD = effective.weight[SPEED_D];
        private final float[] speedV = effective.weight[SPEED_V];
        private final float[] turnD = effective.weight[TURN_D];
        private final float[] turnV = effective.weight[TURN_V];
        // The graph's scalars, in float.
        private final float scale = (float) circuit.angleScale();
        private final float halfLimit = (float) (circuit.timeLimit() / 2.0);
        private final float period = circuit.period();
        private final float halfPeriod = circuit.period() / 2;
        private final boolean navigation = circuit.navigation();
        private final int target = circuit.targetIndex();
        // Per sample and joint: q_d and q_v of the previous joint, the B-neurons' inputs.
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
        private final double[] taskGradient = new double[9];

        Kernel(int rows) {
            super(NcapBNeurons.this);
            int nj = rows * joints;
            qdPrevious = new float[nj];
            qvPrevious = new float[nj];
            dorsalIn = new float[nj];
            ventralIn = new float[nj];
            oscillator = new float[rows];
            int navRows = navigation ? rows : 0;
            fx = new float[navRows];
            fy = new float[navRows];
            ySign = new float[navRows];
            control = new float[navRows * 3];
            right = new float[navRows];
            left = new float[navRows];
            brake = new float[navRows];
        }

        /** The head oscillator's dorsal drive, 1 in the first half of each period and 0 in the second, in float. */
        private float oscillator(float timeFeature) {
            float t = round((timeFeature + 1f) * halfLimit);
            float phase = t - (float) Math.floor(t / period) * period;
            return phase < halfPeriod ? 1f : 0f;
        }

        @Override
        void sample(float[] x, int in, float[] out, int at, int s, boolean trace) {
            int j = joints;
            float osc = oscillator(x[in + inputSize - 1]);
            if (trace) oscillator[s] = osc;
            float ventralOsc = 1f - osc;
            float brakeS = 0f;
            float rightS = 0f;
            float leftS = 0f;
            if (navigation) {
                float fxS = -x[in + target];
                float y = x[in + target + 1];
                float fyS = Math.abs(y);
                int w = base + taskW;
                int b = base + taskB;
                float c0 = fxS * params[w] + fyS * params[w + 3] + params[b];
                float c1 = fxS * params[w + 1] + fyS * params[w + 4] + params[b + 1];
                float c2 = fxS * params[w + 2] + fyS * params[w + 5] + params[b + 2];
                rightS = NcapCircuit.graded(c0);
                leftS = NcapCircuit.graded(c1);
                brakeS = 1f - NcapCircuit.graded(c2);
                if (trace) {
                    fx[s] = fxS;
                    fy[s] = fyS;
                    ySign[s] = Math.signum(y);
                    control[s * 3] = c0;
                    control[s * 3 + 1] = c1;
                    control[s * 3 + 2] = c2;
                    right[s] = rightS;
                    left[s] = leftS;
                    brake[s] = brakeS;
                }
            }
            float qd = 0f;   // q_d and q_v of the previous joint (none for the head: its proprioceptive weight is 0)
            float qv = 0f;
            for (int i = 0, k = s * j; i < j; i++, k++) {
                float d = qd * propD[i];
                float v = qv * propV[i];
                if (navigation) {
                    d = d + brakeS * speedD[i];
                    v = v + brakeS * speedV[i];
                    d = d + rightS * turnD[i];
                    v = v + leftS * turnV[i];
                }
                d = d + osc * oscD[i];
                v = v + ventralOsc * oscV[i];
                if (trace) {
                    qdPrevious[k] = qd;
                    qvPrevious[k] = qv;
                    dorsalIn[k] = d;
                    ventralIn[k] = v;
                }
                out[at + i] = NcapCircuit.graded(d);
                out[at + j + i] = NcapCircuit.graded(v);
                if (i + 1 == j) break;   // the last joint's angle drives no joint
                float q = NcapCircuit.clamp(x[in + i] / scale);
                qd = Math.max(q, 0f);   // clamp(q, 0, 1) and -clamp(q, -1, 0) for q in [-1, 1], without a branch
                qv = Math.max(-q, 0f);
            }
        }

        /** dL/d input is written only where the circuit reads the observation (the rest stays 0). */
        @Override
        protected void accumulate(int rows, float[] x, float[] g, float[] gradient, int gradientBase, float[] inputGradient) {
            int j = joints;
            double[] gPropD = effectiveGradient[PROP_D];
            double[] gPropV = effectiveGradient[PROP_V];
            double[] gOscD = effectiveGradient[OSC_D];
            double[] gOscV = effectiveGradient[OSC_V];
            double[] gSpeedD = effectiveGradient[SPEED_D];
            double[] gSpeedV = effectiveGradient[SPEED_V];
            double[] gTurnD = effectiveGradient[TURN_D];
            double[] gTurnV = effectiveGradient[TURN_V];
            Arrays.fill(taskGradient, 0.0);
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
                    double dd = NcapCircuit.gradedSlope(dorsalIn[k]) * g[s * 2 * j + i];
                    double dv = NcapCircuit.gradedSlope(ventralIn[k]) * g[s * 2 * j + j + i];
                    gPropD[i] += dd * qdPrevious[k];
                    gPropV[i] += dv * qvPrevious[k];
                    gOscD[i] += dd * osc;
                    gOscV[i] += dv * (1 - osc);
                    if (navigation) {
                        gSpeedD[i] += dd * brake[s];
                        gSpeedV[i] += dv * brake[s];
                        gTurnD[i] += dd * right[s];
                        gTurnV[i] += dv * left[s];
                        dBrake += dd * speedD[i] + dv * speedV[i];
                        dRight += dd * turnD[i];
                        dLeft += dv * turnV[i];
                    }
                    if (inputGradient != null) {
                        // Angle i drives joint i + 1: q = clamp(angle / scale, -1, 1), q_d = clamp(q, 0, 1),
                        // q_v = -clamp(q, -1, 0); at q = 0 both pass the gradient.
                        float a = x[in + i] / scale;
                        float q = NcapCircuit.clamp(a);
                        double dq = (q >= 0f ? dqdNext : 0) - (q <= 0f ? dqvNext : 0);
                        inputGradient[in + i] = NcapCircuit.inside(a, -1f, 1f) ? (float) (dq / scale) : 0f;
                        dqdNext = dd * propD[i];
                        dqvNext = dv * propV[i];
                    }
                }
                if (navigation) {
                    // brake = 1 - graded(control_2): the sign flips.
                    double c0 = NcapCircuit.inside(control[s * 3], 0f, 1f) ? dRight : 0;
                    double c1 = NcapCircuit.inside(control[s * 3 + 1], 0f, 1f) ? dLeft : 0;
                    double c2 = NcapCircuit.inside(control[s * 3 + 2], 0f, 1f) ? -dBrake : 0;
                    // task_W [2][3] row-major (rows -x, |y|), then task_b [3].
                    taskGradient[0] += fx[s] * c0;
                    taskGradient[1] += fx[s] * c1;
                    taskGradient[2] += fx[s] * c2;
                    taskGradient[3] += fy[s] * c0;
                    taskGradient[4] += fy[s] * c1;
                    taskGradient[5] += fy[s] * c2;
                    taskGradient[6] += c0;
                    taskGradient[7] += c1;
                    taskGradient[8] += c2;
                    if (inputGradient != null) {
                        int w = base + taskW;
                        double dfx = c0 * params[w] + c1 * params[w + 1] + c2 * params[w + 2];
                        double dfy = c0 * params[w + 3] + c1 * params[w + 4] + c2 * params[w + 5];
                        inputGradient[in + target] = (float) -dfx;
                        inputGradient[in + target + 1] = (float) (dfy * ySign[s]);
                    }
                }
            }
            if (navigation) {
                for (int c = 0; c < 9; c++) gradient[gradientBase + taskW + c] += (float) taskGradient[c];   // task_b follows task_W
            }
        }
    }
}
