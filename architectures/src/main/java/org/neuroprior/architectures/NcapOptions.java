package org.neuroprior.architectures;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Configuration of an {@link Ncap} circuit, with the paper's ablation switches.
 *
 * <p>Options (kind {@code "ncap"}; the number of joints is the network's output size):
 * <ul>
 *   <li>{@code time_limit} (int >= 1, default 1000): control steps at which the time feature reaches +1.</li>
 *   <li>{@code period} (int >= 2, default 60): head oscillator period in control steps.</li>
 *   <li>{@code sign_constraints} (default true): false is the "unsigned" ablation (exc, inh = identity).</li>
 *   <li>{@code init} ({@code constant} default | {@code random}).</li>
 *   <li>{@code sharing} (default true): false is the "no sharing" ablation.</li>
 *   <li>{@code navigation} (default false): speed brake and turn inputs driven by a learned 2 -> 3 map.</li>
 *   <li>{@code target_index} (int, default = joints): where {@code to_target} (x, y) sits in the observation
 *       (used only with navigation; the navigate task puts it right after the joint angles).</li>
 *   <li>{@code turn_joints} (int in [1, joints], default 1): how many head joints receive the turn signals.</li>
 * </ul>
 *
 * @param joints          number of actuated joints J (= output size)
 * @param timeLimit       the time feature's limit in control steps
 * @param period          oscillator period in control steps (dorsal on for phase < period / 2, integer division)
 * @param signConstraints exc(w) = max(w, 0), inh(w) = min(w, 0) inside the forward pass; identity if false
 * @param init            initial weights
 * @param sharing         one weight per connection type for all joints
 * @param navigation      add the navigation inputs
 * @param targetIndex     index of {@code to_target} x in the input (y at {@code targetIndex + 1})
 * @param turnJoints      number of head joints driven by the turn signals
 */
public record NcapOptions(int joints, int timeLimit, int period, boolean signConstraints, Init init, boolean sharing,
                          boolean navigation, int targetIndex, int turnJoints) {

    /** Initial weights (the paper's "constant init" switch). */
    public enum Init {
        /**
         * Excitatory +1, inhibitory -1: the circuit swims before any training. Unsigned ablation: each weight a
         * random +-1 (p = 1/2), as in the reference code.
         */
        CONSTANT,
        /** Excitatory uniform [0, 1], inhibitory uniform [-1, 0]. Unsigned ablation: uniform [-1, 1]. */
        RANDOM
    }

    static final Set<String> KEYS = Options.keys("time_limit", "period", "sign_constraints", "init", "sharing",
            "navigation", "target_index", "turn_joints");

    public NcapOptions {
        if (joints < 1) throw new IllegalArgumentException("ncap needs at least 1 joint, got " + joints);
        if (timeLimit < 1) throw new IllegalArgumentException("ncap timeLimit must be >= 1, got " + timeLimit);
        if (period < 2) throw new IllegalArgumentException("ncap period must be >= 2, got " + period);
        if (init == null) throw new IllegalArgumentException("ncap init must not be null");
        if (targetIndex < 0) throw new IllegalArgumentException("ncap targetIndex must be >= 0, got " + targetIndex);
        if (turnJoints < 1 || turnJoints > joints) {
            throw new IllegalArgumentException("ncap turnJoints must be in [1, " + joints + "], got " + turnJoints);
        }
    }

    /** The paper's default circuit for {@code joints} joints: shared, signed, constant init, no navigation. */
    public static NcapOptions defaults(int joints) {
        return new NcapOptions(joints, 1000, 60, true, Init.CONSTANT, true, false, joints, 1);
    }

    /** Parses the documented option map (null or empty: defaults). */
    public static NcapOptions from(int joints, Map<String, Object> map) {
        Options o = Options.of("ncap", map, KEYS);
        NcapOptions d = defaults(joints);
        int timeLimit = o.integer("time_limit", d.timeLimit);
        if (timeLimit < 1) throw o.bad("time_limit", timeLimit, "an integer >= 1");
        int period = o.integer("period", d.period);
        if (period < 2) throw o.bad("period", period, "an integer >= 2");
        int targetIndex = o.integer("target_index", d.targetIndex);
        if (targetIndex < 0) throw o.bad("target_index", targetIndex, "an integer >= 0");
        int turnJoints = o.integer("turn_joints", d.turnJoints);
        if (turnJoints < 1 || turnJoints > joints) throw o.bad("turn_joints", turnJoints, "an integer in [1, " + joints + "]");
        Init init = Init.valueOf(o.choice("init", "constant", "constant", "random").toUpperCase(Locale.ROOT));
        return new NcapOptions(joints, timeLimit, period, o.bool("sign_constraints", d.signConstraints), init,
                o.bool("sharing", d.sharing), o.bool("navigation", d.navigation), targetIndex, turnJoints);
    }

    /** The canonical option map (without {@code joints}, which is the output size), accepted back by {@link #from}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new TreeMap<>();
        m.put("time_limit", timeLimit);
        m.put("period", period);
        m.put("sign_constraints", signConstraints);
        m.put("init", init.name().toLowerCase(Locale.ROOT));
        m.put("sharing", sharing);
        m.put("navigation", navigation);
        m.put("target_index", targetIndex);
        m.put("turn_joints", turnJoints);
        return Collections.unmodifiableMap(m);
    }

    public NcapOptions withTimeLimit(int v) {
        return new NcapOptions(joints, v, period, signConstraints, init, sharing, navigation, targetIndex, turnJoints);
    }

    public NcapOptions withPeriod(int v) {
        return new NcapOptions(joints, timeLimit, v, signConstraints, init, sharing, navigation, targetIndex, turnJoints);
    }

    public NcapOptions withSignConstraints(boolean v) {
        return new NcapOptions(joints, timeLimit, period, v, init, sharing, navigation, targetIndex, turnJoints);
    }

    public NcapOptions withInit(Init v) {
        return new NcapOptions(joints, timeLimit, period, signConstraints, v, sharing, navigation, targetIndex, turnJoints);
    }

    public NcapOptions withSharing(boolean v) {
        return new NcapOptions(joints, timeLimit, period, signConstraints, init, v, navigation, targetIndex, turnJoints);
    }

    public NcapOptions withNavigation(boolean v) {
        return new NcapOptions(joints, timeLimit, period, signConstraints, init, sharing, v, targetIndex, turnJoints);
    }

    public NcapOptions withTargetIndex(int v) {
        return new NcapOptions(joints, timeLimit, period, signConstraints, init, sharing, navigation, v, turnJoints);
    }

    public NcapOptions withTurnJoints(int v) {
        return new NcapOptions(joints, timeLimit, period, signConstraints, init, sharing, navigation, targetIndex, v);
    }
}
