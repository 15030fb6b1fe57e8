package org.neuroprior.architectures.parts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.PartScope;

/**
 * The configuration of an NCAP swimmer circuit (Bhattasali, Zador and Engel 2022, "Neural circuit architectural priors
 * for embodied control"), shared by its two parts {@link NcapBNeurons} and {@link NcapMuscles}, and what both parts
 * need about its synapses: which raw weights exist, their sign, the joints they reach, how they are initialised and
 * how a raw weight becomes an effective one.
 *
 * <p><b>Sign constraints</b> (the paper's "excitation/inhibition" switch) are applied inside the forward pass:
 * {@code exc(w) = max(w, 0)} and {@code inh(w) = min(w, 0)}, the raw parameter is never projected. Without them
 * (the "unsigned" ablation) both are the identity.
 *
 * <p><b>Initialisation</b> (the paper's "constant init" switch), per raw weight, drawn from the model's one seeded
 * stream in flat order: {@link Init#CONSTANT}: excitatory +1, inhibitory -1 (the circuit swims before any training);
 * unsigned: a random +-1 (probability 1/2 each, as the reference code). {@link Init#RANDOM}: excitatory uniform
 * [0, 1), inhibitory uniform (-1, 0]; unsigned: uniform [-1, 1).
 *
 * <p><b>Weight sharing</b> (the paper's default): one raw weight per kind of synapse for every joint, so that the
 * parameter count (4) does not depend on the body and a trained circuit runs on any number of joints. Without it
 * (the "no sharing" ablation) every joint has its own dorsal and ventral weights (6 per joint).
 *
 * @param joints          J, the number of actuated joints (>= 1), which is the number of outputs
 * @param timeLimit       control steps at which the time feature reaches +1 (>= 1)
 * @param period          the head oscillator's period in control steps (>= 2)
 * @param signConstraints exc/inh as above, or the identity
 * @param init            initial weights
 * @param sharing         one weight per kind of synapse for all joints
 * @param navigation      add the navigation inputs (speed brake and turn signals from {@code to_target})
 * @param turnJoints      how many head joints the turn signals reach, in [1, J] (used only with navigation)
 */
public record NcapCircuit(int joints, int timeLimit, int period, boolean signConstraints, Init init, boolean sharing,
                          boolean navigation, int turnJoints) {

    /** Initial weights (the paper's "constant init" switch); see the class comment. */
    public enum Init {
        CONSTANT, RANDOM;

        /** Lower-case name, as the {@code init} option spells it. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The init called {@code id} (any case). */
        public static Init of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * @throws IllegalArgumentException for a value out of range (see the components), in one line
     */
    public NcapCircuit {
        if (joints < 1) throw new IllegalArgumentException("ncap needs at least 1 joint, got " + joints);
        if (timeLimit < 1) throw new IllegalArgumentException("ncap time_limit must be >= 1, got " + timeLimit);
        if (period < 2) throw new IllegalArgumentException("ncap period must be >= 2, got " + period);
        if (init == null) throw new IllegalArgumentException("ncap init must be constant or random, got null");
        if (navigation && (turnJoints < 1 || turnJoints > joints)) {
            throw new IllegalArgumentException("ncap turn_joints = " + turnJoints + " must be in 1.." + joints
                    + " (the number of joints) with navigation");
        }
    }

    /** The normalisation of joint angles, {@code 2 pi / (J + 1)} radians: {@code q = clamp(angle / scale, -1, 1)}. */
    public double angleScale() {
        return 2 * Math.PI / (joints + 1);
    }

    /**
     * Index of {@code to_target} x in the observation (y follows): right after the J joint angles, where the
     * navigate task puts it.
     */
    public int targetIndex() {
        return joints;
    }

    /** Observation values the circuit needs at least: the joint angles, {@code to_target} with navigation, the time feature. */
    public int minimumInputSize() {
        return joints + (navigation ? 2 : 0) + 1;
    }

    /** Excitatory or inhibitory (the navigation map's weights are unconstrained and not synapses). */
    enum Sign { EXC, INH }

    /**
     * One block of synaptic weights: {@code exc} or {@code inh}, reaching joints {@code [first, first + count)}, with
     * one raw weight for them all ({@code shared}) or one each (raw weight k reaches joint {@code first + k}).
     */
    record Synapse(String name, Sign sign, int first, int count, boolean shared) {
        int size() {
            return shared ? 1 : count;
        }

        /** Whether raw weight {@code k} reaches joint {@code i}. */
        boolean reaches(int k, int i) {
            return i >= first && i < first + count && (shared || i - first == k);
        }
    }

    /** The same kind of synapse on both sides: one block if shared, a dorsal and a ventral one otherwise. */
    List<Synapse> pair(String kind, Sign sign, int first, int count) {
        if (sharing) {
            Synapse s = new Synapse("w_" + kind, sign, first, count, true);
            return List.of(s, s);
        }
        return List.of(new Synapse("w_" + kind + "_d", sign, first, count, false),
                new Synapse("w_" + kind + "_v", sign, first, count, false));
    }

    /**
     * The parameter blocks of a part's synapses: each distinct block of {@code roles} once, in order of first
     * appearance (the flat order), [1, size] with this circuit's initialiser for its sign; writes each role's block
     * offset within the part into {@code offsets} (roles that are null are skipped).
     */
    List<ParameterSpec> specs(Synapse[] roles, int[] offsets) {
        List<Synapse> blocks = new ArrayList<>();
        for (Synapse s : roles) if (s != null && !blocks.contains(s)) blocks.add(s);
        List<ParameterSpec> specs = new ArrayList<>();
        int at = 0;
        for (Synapse block : blocks) {
            for (int r = 0; r < roles.length; r++) if (roles[r] == block) offsets[r] = at;
            specs.add(new ParameterSpec(block.name(), new int[] {1, block.size()}, initializer(block.sign())));
            at += block.size();
        }
        return specs;
    }

    private ParameterSpec.Initializer initializer(Sign sign) {
        boolean constant = init == Init.CONSTANT;
        if (signConstraints) {
            double signum = sign == Sign.EXC ? 1 : -1;
            if (constant) return ParameterSpec.Initializer.constant(signum);
            return (v, o, n, shape, rng) -> {
                for (int i = 0; i < n; i++) v[o + i] = (float) (signum * rng.nextDouble());
            };
        }
        if (constant) {
            return (v, o, n, shape, rng) -> {
                for (int i = 0; i < n; i++) v[o + i] = rng.nextDouble() < 0.5 ? 1f : -1f;
            };
        }
        return (v, o, n, shape, rng) -> {
            for (int i = 0; i < n; i++) v[o + i] = (float) rng.nextDouble(-1.0, 1.0);
        };
    }

    /** The effective weight of a raw one: exc/inh as {@link #clamp(SameDiff, SDVariable, double, double)} gives it in float, or the identity. */
    float signed(Sign sign, float w) {
        if (!signConstraints) return w;
        return sign == Sign.EXC ? (w >= 0f ? w : 0f) : (w <= 0f ? w : 0f);
    }

    /** d signed / d w with PyTorch's clamp convention at the kink: 1 at w = 0 (the reference's {@code w.clamp(min=0)}). */
    float signedDerivative(Sign sign, float w) {
        if (!signConstraints) return 1f;
        return (sign == Sign.EXC ? w >= 0f : w <= 0f) ? 1f : 0f;
    }

    /**
     * The graphs of a part's effective weights per joint, one per role (null where the role is null), each defined
     * once per block: roles that share a block (weight sharing) get the same variable.
     */
    SDVariable[] define(PartScope scope, Synapse[] roles) {
        SDVariable[] out = new SDVariable[roles.length];
        for (int r = 0; r < roles.length; r++) {
            if (roles[r] == null) continue;
            for (int earlier = 0; earlier < r && out[r] == null; earlier++) if (roles[earlier] == roles[r]) out[r] = out[earlier];
            if (out[r] == null) out[r] = define(scope, roles[r]);
        }
        return out;
    }

    /**
     * The graph of a synapse's effective weights per joint, [1, J]: exc/inh of its raw weights, placed on the joints
     * it reaches (a shared weight times a 0/1 mask, per-joint weights between zeros), 0 elsewhere.
     */
    private SDVariable define(PartScope scope, Synapse s) {
        SameDiff sd = scope.sd();
        SDVariable w = scope.parameter(s.name());
        if (signConstraints) w = s.sign() == Sign.EXC ? clamp(sd, w, 0.0, Double.POSITIVE_INFINITY) : clamp(sd, w, Double.NEGATIVE_INFINITY, 0.0);
        if (s.shared()) {
            float[] mask = new float[joints];
            for (int i = s.first(); i < s.first() + s.count(); i++) mask[i] = 1f;
            return w.mul(sd.constant(scope.name("mask_" + s.name()), Nd4j.createFromArray(new float[][] {mask}).castTo(scope.dataType())));
        }
        List<SDVariable> pieces = new ArrayList<>();
        if (s.first() > 0) pieces.add(zeros(scope, s.first()));
        pieces.add(w);
        int after = joints - s.first() - s.count();
        if (after > 0) pieces.add(zeros(scope, after));
        return pieces.size() == 1 ? w : sd.concat(1, pieces.toArray(SDVariable[]::new));
    }

    private static SDVariable zeros(PartScope scope, int n) {
        return scope.sd().constant(scope.name("zeros"), Nd4j.zeros(scope.dataType(), 1, n));
    }

    /**
     * {@code clamp(x, low, high)} in the graph with PyTorch's derivative, the reference code's: 1 on the closed range
     * [low, high], bounds included, 0 outside. SameDiff's clipByValue passes the gradient only strictly inside, which
     * matters here: at constant init many of NCAP's sums sit exactly on 0 or 1 (the head oscillator drives its
     * B-neuron to exactly 1), and a weight whose every path ends on a bound would never move. Written as
     * {@code x m + clip(x) (1 - m)} with the 0/1 mask {@code m = [low <= x <= high]} (no gradient flows through a
     * comparison): the forward values are clipByValue's exactly, the derivative is m.
     *
     * @param low  the lower bound, or {@link Double#NEGATIVE_INFINITY} for none
     * @param high the upper bound (>= low), or {@link Double#POSITIVE_INFINITY} for none
     */
    static SDVariable clamp(SameDiff sd, SDVariable x, double low, double high) {
        SDVariable clipped;
        SDVariable inside;
        if (Double.isInfinite(high)) {
            clipped = sd.math.max(x, sd.constant(Nd4j.scalar(x.dataType(), low)));
            inside = x.gte(low);
        } else if (Double.isInfinite(low)) {
            clipped = sd.math.min(x, sd.constant(Nd4j.scalar(x.dataType(), high)));
            inside = x.lte(high);
        } else {
            clipped = sd.math.clipByValue(x, low, high);
            inside = sd.math.and(x.gte(low), x.lte(high));
        }
        SDVariable m = inside.castTo(x.dataType());
        return x.mul(m).add(clipped.mul(m.rsub(1.0)));
    }

    /** {@code clamp(x, 0, 1)} in the graph: the graded activation of NCAP's neurons, with PyTorch's derivative. */
    static SDVariable graded(SameDiff sd, SDVariable x) {
        return clamp(sd, x, 0.0, 1.0);
    }

    /**
     * {@code clamp(x, 0, 1)} on one float, with branches: the fastest where the side is predictable (B-neurons, whose
     * inputs are rarely below 0 at positive weights).
     */
    static float graded(float x) {
        return x < 0f ? 0f : (x > 1f ? 1f : x);
    }

    /**
     * {@code clamp(x, 0, 1)} on one float without a branch (Math.min/max compile to min/max instructions): the fastest
     * where the side is a coin flip (muscles, driven by one B-neuron and inhibited by the other). Only the sign of a
     * zero result can differ from {@link #graded(float)}, which no later operation can see.
     */
    static float gradedUnpredictable(float x) {
        return Math.min(Math.max(x, 0f), 1f);
    }

    /** {@code clamp(x, -1, 1)} on one float: the normalised joint angle. */
    static float clamp(float x) {
        return x < -1f ? -1f : (x > 1f ? 1f : x);
    }

    /**
     * d graded / d x with PyTorch's convention at the kinks (see {@link #clamp(SameDiff, SDVariable, double, double)}):
     * 1 on [0, 1], bounds and -0 included, 0 elsewhere and for NaN, computed without a branch (a branch mispredicts on
     * about half the samples): {@code x + 0f} turns -0 into +0, and then 0 &lt;= x &lt;= 1 exactly when the float's bits,
     * read as an unsigned int, are at most bits(1f); negatives and NaNs lie above.
     */
    static float gradedSlope(float x) {
        long u = Float.floatToRawIntBits(x + 0f) & 0xFFFFFFFFL;
        return (float) ((u - 0x3F800001L) >>> 63);
    }

    /** Where PyTorch's clamp passes its gradient: on the closed range [low, high]. */
    static boolean inside(float x, float low, float high) {
        return x >= low && x <= high;
    }

    /**
     * The effective weights of a part's synapses per joint, a cache of the raw parameters refreshed whenever
     * {@link Parameters#version()} moves (never a second copy of them), with the derivative of each effective weight
     * with respect to its raw one. Roles may share a block (weight sharing): each role has its own row.
     */
    final class Effective {
        private final Synapse[] roles;
        private final int[] offsets;
        /** [role][joint]: the effective weight (0 where the role does not reach the joint or does not exist). */
        final float[][] weight;
        /** [role][raw index]: d effective / d raw. */
        private final float[][] derivative;
        private Parameters source;
        private long version;

        /**
         * @param roles   the part's roles (null for a role the circuit does not have)
         * @param offsets each role's block offset within the part's parameters
         */
        Effective(Synapse[] roles, int[] offsets) {
            this.roles = roles;
            this.offsets = offsets;
            this.weight = new float[roles.length][joints];
            this.derivative = new float[roles.length][];
            for (int r = 0; r < roles.length; r++) derivative[r] = new float[roles[r] == null ? 0 : roles[r].size()];
        }

        /** Recomputes the effective weights if {@code parameters} changed since the last call. */
        void refresh(Parameters parameters, int base) {
            if (parameters == source && parameters.version() == version) return;
            float[] p = parameters.array();
            for (int r = 0; r < roles.length; r++) {
                Synapse s = roles[r];
                if (s == null) continue;
                for (int k = 0; k < s.size(); k++) {
                    float raw = p[base + offsets[r] + k];
                    float w = signed(s.sign(), raw);
                    derivative[r][k] = signedDerivative(s.sign(), raw);
                    for (int i = 0; i < joints; i++) if (s.reaches(k, i)) weight[r][i] = w;
                }
            }
            source = parameters;
            version = parameters.version();
        }

        /**
         * Adds the gradient with respect to the raw weights into {@code gradient[base ..]}, given the gradient with
         * respect to the effective weights ({@code [role][joint]}); shared blocks collect every role and joint.
         */
        void backward(double[][] effectiveGradient, float[] gradient, int base) {
            for (int r = 0; r < roles.length; r++) {
                Synapse s = roles[r];
                if (s == null) continue;
                for (int k = 0; k < s.size(); k++) {
                    double sum = 0;
                    for (int i = 0; i < joints; i++) if (s.reaches(k, i)) sum += effectiveGradient[r][i];
                    gradient[base + offsets[r] + k] += (float) (sum * derivative[r][k]);
                }
            }
        }
    }

    /** An {@link Effective} cache for {@code roles}, whose blocks sit at {@code offsets} within the part. */
    Effective effective(Synapse[] roles, int[] offsets) {
        return new Effective(roles, offsets);
    }
}
