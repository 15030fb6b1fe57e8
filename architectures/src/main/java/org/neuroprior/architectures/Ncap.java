package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The C. elegans swimmer circuit (NCAP, Bhattasali, Zador and Engel 2022) as a policy: a few signed weights
 * wired as B-neurons and antagonistic muscles per joint, a head oscillator and proprioception from the previous
 * joint, so that it already swims at its constant initialisation. Follows {@code shared/design/ncap.md} exactly.
 *
 * <p><b>Input</b>: the swimmer observation of size {@code inputSize >= J + 1}: entries {@code 0..J-1} are the joint
 * angles (radians, head end first); the LAST entry is the time feature {@code x = -1 + 2 t / timeLimit}, from which
 * the control step is recovered as {@code t = round((x + 1) * timeLimit / 2)} (rounding half away from zero, as
 * SameDiff's {@code round}); with navigation, {@code to_target} (x, y) at {@code targetIndex, targetIndex + 1}.
 * Other entries are ignored. <b>Output</b>: J joint torques in [-1, 1].
 *
 * <p><b>Function</b> ({@code graded = clamp(., 0, 1)}): {@code q = clamp(angle / (2 pi / (J + 1)), -1, 1)},
 * {@code q_d = max(q, 0)}, {@code q_v = max(-q, 0)}; oscillator phase {@code p = t mod period} (floor mod),
 * {@code osc_d = [p < period / 2]} (integer division), {@code osc_v = 1 - osc_d}. Per joint i:
 * <pre>
 *   b_d = q_d[i-1] exc(prop_d[i])                      (i > 0)
 *       + brake inh(speed_d[i]) + graded(right) exc(turn_d[i])    (navigation; turn only for i &lt; turnJoints)
 *       + osc_d exc(osc_d)                               (i = 0)
 *   b_v = the same with q_v, prop_v, speed_v, graded(left), turn_v, osc_v
 *   m_d = graded(graded(b_d) exc(ipsi_d[i]) + graded(b_v) inh(contra_d[i]))
 *   m_v = graded(graded(b_v) exc(ipsi_v[i]) + graded(b_d) inh(contra_v[i]))
 *   torque[i] = m_d - m_v
 * </pre>
 * {@code exc(w) = max(w, 0)}, {@code inh(w) = min(w, 0)} (identity without sign constraints); raw parameters are
 * never projected. Navigation (reference code's "learned task"): {@code (right, left, speed) = [-x, |y|] W + b}
 * with {@code (x, y) = to_target}, and {@code brake = 1 - graded(speed)}.
 *
 * <p><b>Flat parameter order</b> (= SameDiff variables {@code prefix/<name>}, each [1, n] except {@code task_W}
 * [2, 3], in this order):
 * <ul>
 *   <li>shared (4): {@code w_prop, w_osc, w_ipsi, w_contra}; with navigation then {@code w_speed, w_turn,
 *       task_W (6), task_b (3)}: 15.</li>
 *   <li>no sharing (6 J): {@code w_prop_d} (J-1: joints 1..J-1), {@code w_prop_v} (J-1), {@code w_osc_d},
 *       {@code w_osc_v} (joint 0), {@code w_ipsi_d} (J: dorsal B to dorsal muscle), {@code w_contra_d} (J: ventral B
 *       to dorsal muscle), {@code w_ipsi_v} (J), {@code w_contra_v} (J: dorsal B to ventral muscle): 30 for J = 5.
 *       With navigation then {@code w_speed_d} (J), {@code w_speed_v} (J), {@code w_turn_d} (turnJoints),
 *       {@code w_turn_v} (turnJoints), {@code task_W} (6), {@code task_b} (3).</li>
 * </ul>
 * {@code task_W} is row-major [2][3]: row 0 from {@code -x}, row 1 from {@code |y|}; columns (right, left, speed).
 *
 * <p><b>Init</b>: see {@link NcapOptions.Init}; {@code task_W}, {@code task_b} as PyTorch's Linear, uniform
 * {@code ±1/sqrt(2)}. Random draws come from a {@link SplittableRandom}(seed) in flat order.
 *
 * <p>{@link NcapPass} computes the graph's outputs and gradients over a batch without SameDiff (PPO trains with it).
 *
 * <p>{@link #forward} allocates nothing; like every {@link Network}, an instance is meant for one thread (parameter
 * updates are not synchronised): use {@link #copy()} for another thread.
 */
public final class Ncap implements ConfiguredNetwork {

    enum Sign { EXC, INH, FREE }

    /**
     * One SameDiff variable and one slice of the flat vector. {@code expand} ([size][J] row-major) maps the signed
     * raw values to per-joint effective weights; null for the identity and for the task map.
     */
    record Block(String name, int offset, int rows, int cols, Sign sign, double[] expand) {
        int size() {
            return rows * cols;
        }
    }

    // Package-private for NcapPass, which trains the same circuit on batches.
    final int inputSize;
    final NcapOptions options;
    final int joints;
    final double scale;
    final List<Block> blocks;
    final Block propD, propV, oscD, oscV, ipsiD, contraD, ipsiV, contraV, speedD, speedV, turnD, turnV;
    final Block taskW, taskB;
    private final double[] params;
    /** Effective per-joint weights (after exc/inh and expansion), recomputed whenever the parameters change. */
    private final double[] effPropD, effPropV, effOscD, effOscV, effIpsiD, effContraD, effIpsiV, effContraV;
    private final double[] effSpeedD, effSpeedV, effTurnD, effTurnV;

    /** A circuit for {@code options.joints()} joints reading an observation of {@code inputSize} values. */
    public Ncap(int inputSize, NcapOptions options, long seed) {
        int j = options.joints();
        if (inputSize < j + 1) {
            throw new IllegalArgumentException("ncap with " + j + " joints needs inputSize >= " + (j + 1)
                    + " (joint angles first, time feature last), got " + inputSize);
        }
        if (options.navigation() && (options.targetIndex() < j || options.targetIndex() + 2 > inputSize - 1)) {
            throw new IllegalArgumentException("ncap navigation: targetIndex " + options.targetIndex()
                    + " must leave to_target (2 values) between the joint angles and the time feature, i.e. in ["
                    + j + ", " + (inputSize - 3) + "] for inputSize " + inputSize);
        }
        this.inputSize = inputSize;
        this.options = options;
        this.joints = j;
        this.scale = 2 * Math.PI / (j + 1);

        List<Block> list = new ArrayList<>();
        int[] offset = {0};
        double[] ones = fill(j, 0, j);
        double[] notHead = fill(j, 1, j);
        double[] head = fill(j, 0, 1);
        double[] turnMask = fill(j, 0, options.turnJoints());
        if (options.sharing()) {
            propD = propV = add(list, offset, "w_prop", 1, 1, Sign.EXC, notHead);
            oscD = oscV = add(list, offset, "w_osc", 1, 1, Sign.EXC, head);
            ipsiD = ipsiV = add(list, offset, "w_ipsi", 1, 1, Sign.EXC, ones);
            contraD = contraV = add(list, offset, "w_contra", 1, 1, Sign.INH, ones);
            if (options.navigation()) {
                speedD = speedV = add(list, offset, "w_speed", 1, 1, Sign.INH, ones);
                turnD = turnV = add(list, offset, "w_turn", 1, 1, Sign.EXC, turnMask);
            } else {
                speedD = speedV = turnD = turnV = null;
            }
        } else {
            if (j > 1) {
                double[] shift = new double[(j - 1) * j];
                for (int k = 0; k < j - 1; k++) shift[k * j + k + 1] = 1;
                propD = add(list, offset, "w_prop_d", 1, j - 1, Sign.EXC, shift);
                propV = add(list, offset, "w_prop_v", 1, j - 1, Sign.EXC, shift);
            } else {
                propD = propV = null;
            }
            oscD = add(list, offset, "w_osc_d", 1, 1, Sign.EXC, head);
            oscV = add(list, offset, "w_osc_v", 1, 1, Sign.EXC, head);
            ipsiD = add(list, offset, "w_ipsi_d", 1, j, Sign.EXC, null);
            contraD = add(list, offset, "w_contra_d", 1, j, Sign.INH, null);
            ipsiV = add(list, offset, "w_ipsi_v", 1, j, Sign.EXC, null);
            contraV = add(list, offset, "w_contra_v", 1, j, Sign.INH, null);
            if (options.navigation()) {
                int k = options.turnJoints();
                double[] select = new double[k * j];
                for (int i = 0; i < k; i++) select[i * j + i] = 1;
                speedD = add(list, offset, "w_speed_d", 1, j, Sign.INH, null);
                speedV = add(list, offset, "w_speed_v", 1, j, Sign.INH, null);
                turnD = add(list, offset, "w_turn_d", 1, k, Sign.EXC, k == j ? null : select);
                turnV = add(list, offset, "w_turn_v", 1, k, Sign.EXC, k == j ? null : select);
            } else {
                speedD = speedV = turnD = turnV = null;
            }
        }
        if (options.navigation()) {
            taskW = add(list, offset, "task_W", 2, 3, Sign.FREE, null);
            taskB = add(list, offset, "task_b", 1, 3, Sign.FREE, null);
        } else {
            taskW = taskB = null;
        }
        blocks = Collections.unmodifiableList(list);
        params = new double[offset[0]];
        effPropD = new double[j];
        effPropV = new double[j];
        effOscD = new double[j];
        effOscV = new double[j];
        effIpsiD = new double[j];
        effContraD = new double[j];
        effIpsiV = new double[j];
        effContraV = new double[j];
        effSpeedD = new double[j];
        effSpeedV = new double[j];
        effTurnD = new double[j];
        effTurnV = new double[j];
        initialise(new SplittableRandom(seed));
        recompute();
    }

    private static Block add(List<Block> list, int[] offset, String name, int rows, int cols, Sign sign, double[] expand) {
        Block b = new Block(name, offset[0], rows, cols, sign, expand);
        list.add(b);
        offset[0] += rows * cols;
        return b;
    }

    /** A [1][n] row with ones in columns [from, to). */
    private static double[] fill(int n, int from, int to) {
        double[] row = new double[n];
        for (int i = from; i < to; i++) row[i] = 1;
        return row;
    }

    private void initialise(SplittableRandom rng) {
        boolean signed = options.signConstraints();
        boolean constant = options.init() == NcapOptions.Init.CONSTANT;
        double linearBound = 1 / Math.sqrt(2);
        for (Block b : blocks) {
            for (int k = 0; k < b.size(); k++) {
                double v;
                if (b.sign == Sign.FREE) {
                    v = rng.nextDouble(-linearBound, linearBound);
                } else if (signed) {
                    double magnitude = constant ? 1.0 : rng.nextDouble();
                    v = b.sign == Sign.EXC ? magnitude : -magnitude;
                } else {
                    v = constant ? (rng.nextDouble() < 0.5 ? 1.0 : -1.0) : rng.nextDouble(-1.0, 1.0);
                }
                params[b.offset + k] = v;
            }
        }
    }

    private double signed(Sign sign, double w) {
        if (!options.signConstraints()) return w;
        return switch (sign) {
            case EXC -> Math.max(w, 0.0);
            case INH -> Math.min(w, 0.0);
            case FREE -> w;
        };
    }

    /** Effective per-joint weights from the raw parameters. */
    private void recompute() {
        expand(propD, effPropD);
        expand(propV, effPropV);
        expand(oscD, effOscD);
        expand(oscV, effOscV);
        expand(ipsiD, effIpsiD);
        expand(contraD, effContraD);
        expand(ipsiV, effIpsiV);
        expand(contraV, effContraV);
        expand(speedD, effSpeedD);
        expand(speedV, effSpeedV);
        expand(turnD, effTurnD);
        expand(turnV, effTurnV);
    }

    private void expand(Block b, double[] eff) {
        java.util.Arrays.fill(eff, 0.0);
        if (b == null) return;
        for (int k = 0; k < b.size(); k++) {
            double w = signed(b.sign, params[b.offset + k]);
            if (b.expand == null) {
                eff[k] = w;
            } else {
                for (int i = 0; i < joints; i++) eff[i] += w * b.expand[k * joints + i];
            }
        }
    }

    @Override
    public String kind() {
        return "ncap";
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return joints;
    }

    public NcapOptions ncapOptions() {
        return options;
    }

    @Override
    public Map<String, Object> options() {
        return options.toMap();
    }

    /** Names of the parameter blocks (= SameDiff variable names after {@code prefix/}) in flat order. */
    public List<String> parameterNames() {
        return blocks.stream().map(Block::name).toList();
    }

    /**
     * The effective per-joint weights after exc/inh (what the forward pass uses), keyed {@code prop_d, prop_v,
     * osc_d, osc_v, ipsi_d, contra_d, ipsi_v, contra_v} and, with navigation, {@code speed_d, speed_v, turn_d,
     * turn_v}; each of length J, 0 where a joint has no such connection. Copies, for tests and interpretation.
     */
    public Map<String, double[]> effectiveWeights() {
        Map<String, double[]> m = new java.util.LinkedHashMap<>();
        m.put("prop_d", effPropD.clone());
        m.put("prop_v", effPropV.clone());
        m.put("osc_d", effOscD.clone());
        m.put("osc_v", effOscV.clone());
        m.put("ipsi_d", effIpsiD.clone());
        m.put("contra_d", effContraD.clone());
        m.put("ipsi_v", effIpsiV.clone());
        m.put("contra_v", effContraV.clone());
        if (options.navigation()) {
            m.put("speed_d", effSpeedD.clone());
            m.put("speed_v", effSpeedV.clone());
            m.put("turn_d", effTurnD.clone());
            m.put("turn_v", effTurnV.clone());
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public long parameterCount() {
        return params.length;
    }

    @Override
    public double[] parameters() {
        return params.clone();
    }

    @Override
    public void setParameters(double[] values) {
        if (values.length != params.length) {
            throw new IllegalArgumentException("ncap " + parameterNames() + " has " + params.length
                    + " parameters, got " + values.length);
        }
        System.arraycopy(values, 0, params, 0, params.length);
        recompute();
    }

    /**
     * The control step encoded by a time feature: {@code round((x + 1) * timeLimit / 2)}, rounding half away from
     * zero like C's {@code round} (and SameDiff's).
     */
    public static double timeStep(double timeFeature, int timeLimit) {
        double v = (timeFeature + 1.0) * (timeLimit / 2.0);
        double a = Math.abs(v);
        double f = Math.floor(a);
        return Math.copySign(a - f >= 0.5 ? f + 1 : f, v);
    }

    private static double graded(double x) {
        return x < 0 ? 0.0 : (x > 1 ? 1.0 : x);
    }

    @Override
    public void forward(double[] input, double[] output) {
        if (input.length != inputSize || output.length != joints) {
            throw new IllegalArgumentException("ncap expects input length " + inputSize + " and output length "
                    + joints + ", got " + input.length + " and " + output.length);
        }
        double t = timeStep(input[inputSize - 1], options.timeLimit());
        int period = options.period();
        double phase = t - Math.floor(t / period) * period;
        double oscD = phase < period / 2 ? 1.0 : 0.0;
        double oscV = 1.0 - oscD;
        boolean nav = options.navigation();
        double brake = 0, right = 0, left = 0;
        if (nav) {
            double fx = -input[options.targetIndex()];
            double fy = Math.abs(input[options.targetIndex() + 1]);
            int w = taskW.offset;
            int b = taskB.offset;
            right = graded(fx * params[w] + fy * params[w + 3] + params[b]);
            left = graded(fx * params[w + 1] + fy * params[w + 4] + params[b + 1]);
            brake = 1.0 - graded(fx * params[w + 2] + fy * params[w + 5] + params[b + 2]);
        }
        for (int i = 0; i < joints; i++) {
            double bd = 0;
            double bv = 0;
            if (i > 0) {
                double q = Math.max(-1.0, Math.min(1.0, input[i - 1] / scale));
                bd += Math.max(q, 0.0) * effPropD[i];
                bv += Math.max(-q, 0.0) * effPropV[i];
            }
            if (nav) {
                bd += brake * effSpeedD[i];
                bv += brake * effSpeedV[i];
                bd += right * effTurnD[i];
                bv += left * effTurnV[i];
            }
            bd += oscD * effOscD[i];
            bv += oscV * effOscV[i];
            bd = graded(bd);
            bv = graded(bv);
            double md = graded(bd * effIpsiD[i] + bv * effContraD[i]);
            double mv = graded(bv * effIpsiV[i] + bd * effContraV[i]);
            output[i] = md - mv;
        }
    }

    @Override
    public SDVariable define(SameDiff sd, String prefix, SDVariable input) {
        Graphs.checkInput(input, inputSize, "ncap");
        DataType type = input.dataType();
        int j = joints;
        Map<Block, SDVariable> raw = new IdentityHashMap<>();
        Map<Block, SDVariable> eff = new IdentityHashMap<>();
        for (Block b : blocks) {
            SDVariable v = Graphs.variable(sd, prefix + "/" + b.name, params, b.offset, b.rows, b.cols, type);
            raw.put(b, v);
            if (b.sign == Sign.FREE) continue;
            SDVariable s = v;
            if (options.signConstraints()) {
                s = b.sign == Sign.EXC ? sd.nn.relu(v, 0.0) : sd.nn.relu(v.neg(), 0.0).neg();
            }
            if (b.expand != null) {
                s = s.mmul(Graphs.constant(sd, prefix + "/const/expand_" + b.name, b.expand, b.size(), j, type));
            }
            eff.put(b, s);
        }

        SDVariable angles = input.get(SDIndex.all(), SDIndex.interval(0, j));
        SDVariable q = sd.math.clipByValue(angles.div(scale), -1.0, 1.0);
        SDVariable qd = sd.nn.relu(q, 0.0);
        SDVariable qv = sd.nn.relu(q.neg(), 0.0);

        SDVariable bd = null;
        SDVariable bv = null;
        if (propD != null) {
            double[] shift = new double[j * j];
            for (int i = 1; i < j; i++) shift[(i - 1) * j + i] = 1;
            SDVariable previous = Graphs.constant(sd, prefix + "/const/previous_joint", shift, j, j, type);
            bd = qd.mmul(previous).mul(eff.get(propD));
            bv = qv.mmul(previous).mul(eff.get(propV));
        }
        if (options.navigation()) {
            int ti = options.targetIndex();
            SDVariable fx = input.get(SDIndex.all(), SDIndex.interval(ti, ti + 1)).neg();
            SDVariable fy = sd.math.abs(input.get(SDIndex.all(), SDIndex.interval(ti + 1, ti + 2)));
            SDVariable control = sd.concat(1, fx, fy).mmul(raw.get(taskW)).add(raw.get(taskB));
            SDVariable right = Graphs.clamp01(sd, control.get(SDIndex.all(), SDIndex.interval(0, 1)));
            SDVariable left = Graphs.clamp01(sd, control.get(SDIndex.all(), SDIndex.interval(1, 2)));
            SDVariable brake = Graphs.clamp01(sd, control.get(SDIndex.all(), SDIndex.interval(2, 3))).rsub(1.0);
            bd = plus(bd, brake.mul(eff.get(speedD)));
            bv = plus(bv, brake.mul(eff.get(speedV)));
            bd = plus(bd, right.mul(eff.get(turnD)));
            bv = plus(bv, left.mul(eff.get(turnV)));
        }
        SDVariable feature = input.get(SDIndex.all(), SDIndex.interval(inputSize - 1, inputSize));
        SDVariable t = sd.math.round(feature.add(1.0).mul(options.timeLimit() / 2.0));
        int period = options.period();
        SDVariable phase = t.sub(sd.math.floor(t.div((double) period)).mul((double) period));
        SDVariable oscillatorD = phase.lt((double) (period / 2)).castTo(type);
        SDVariable oscillatorV = oscillatorD.rsub(1.0);
        bd = plus(bd, oscillatorD.mul(eff.get(oscD)));
        bv = plus(bv, oscillatorV.mul(eff.get(oscV)));

        bd = Graphs.clamp01(sd, bd);
        bv = Graphs.clamp01(sd, bv);
        SDVariable md = Graphs.clamp01(sd, bd.mul(eff.get(ipsiD)).add(bv.mul(eff.get(contraD))));
        SDVariable mv = Graphs.clamp01(sd, bv.mul(eff.get(ipsiV)).add(bd.mul(eff.get(contraV))));
        return md.sub(mv);
    }

    private static SDVariable plus(SDVariable sum, SDVariable term) {
        return sum == null ? term : sum.add(term);
    }

    @Override
    public void pull(SameDiff sd, String prefix) {
        double[] next = params.clone();
        for (Block b : blocks) Graphs.read(sd, prefix + "/" + b.name, b.rows, b.cols, next, b.offset);
        System.arraycopy(next, 0, params, 0, params.length);
        recompute();
    }

    @Override
    public Ncap copy() {
        Ncap c = new Ncap(inputSize, options, 0L);
        c.setParameters(params);
        return c;
    }

    @Override
    public String toString() {
        return "Ncap" + options + " (" + params.length + " parameters)";
    }
}
