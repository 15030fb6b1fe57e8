package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.registry.Resolved;

/**
 * The circuit of the NCAP paper as {@code shared/design/ncap.md} states it: torques derived by hand, sign constraints,
 * parameter layouts and counts, initialisations, navigation inputs, the oscillator's time and rounding, transfer
 * between body lengths, and its options through the registry. (That its fast paths compute what its graph computes
 * is ModelContractTest's and NcapPassesTest's job.)
 */
class NcapTest {

    /** The time feature as the TimeFeature wrapper writes it. */
    static double feature(int t, int limit) {
        return -1.0 + 2.0 * t / limit;
    }

    /** Inputs of a swimmer with {@code joints} joints: angles, 3 velocities per body, the time feature. */
    static int swimInputs(int joints) {
        return joints + 3 * (joints + 1) + 1;
    }

    static Model ncap(int inputs, int joints, Map<String, ?> options) {
        return Architectures.create(Ncap.NAME, ModelIO.vector(inputs, joints, ModelIO.Output.BOUNDED), options, 7);
    }

    /** The model's torques for one observation (through the plain-Java evaluator). */
    static double[] act(Model m, double[] observation) {
        double[] y = new double[m.outputSize()];
        try (Evaluator e = m.evaluator(1)) {
            assertTrue(e.isPlainJava());
            e.evaluate(observation, new float[0], y);
        }
        return y;
    }

    static List<String> blockNames(Model m) {
        return m.parameters().blocks().stream().map(Parameters.Block::name).toList();
    }

    @Test
    void constantInitSwimsAsDerivedByHand() {
        for (int joints : new int[] {1, 3, 5, 13}) {
            int inputs = swimInputs(joints);
            Model m = ncap(inputs, joints, Map.of());
            assertEquals(2 * joints, m.latentSize(), "the latent is the B-neurons");
            double scale = 2 * Math.PI / (joints + 1);
            Random r = new Random(joints);
            double[] x = new double[inputs];
            double[] y = new double[joints];
            try (Evaluator e = m.evaluator(1)) {
                for (int t = 0; t <= 1000; t++) {
                    for (int k = 0; k < inputs; k++) x[k] = r.nextGaussian() * scale;
                    x[inputs - 1] = feature(t, 1000);
                    e.evaluate(x, null, y);
                    // Joint 0: a +-1 square wave of period 60; joint i follows the normalised angle of joint i - 1.
                    assertEquals(t % 60 < 30 ? 1.0 : -1.0, y[0], 0.0, "joint 0 at t=" + t);
                    for (int i = 1; i < joints; i++) {
                        assertEquals(Math.max(-1, Math.min(1, x[i - 1] / scale)), y[i], 1e-6, "joint " + i + " at t=" + t);
                    }
                }
            }
        }
    }

    @Test
    void oscillatorFollowsPeriodAndTimeLimit() {
        Model m = ncap(4, 2, Map.of("period", 7, "time_limit", 333));
        for (int t = 0; t <= 333; t++) {
            assertEquals(t % 7 < 3 ? 1.0 : -1.0, act(m, new double[] {0, 0, 0, feature(t, 333)})[0], 0.0, "t=" + t);
        }
    }

    /**
     * time_limit 2 makes t = x + 1, so half-way steps occur, and period 2 makes the rounding visible: t is rounded
     * half away from zero, as SameDiff's round, and the phase is a floor modulo (negative t too). The circuit computes
     * in float: x + 1 is rounded to float before t is. The graph, the fused pass and the plain-Java step all give the
     * hand-derived torque.
     */
    @Test
    void oscillatorRoundsHalfWayStepsAwayFromZero() {
        Model m = ncap(3, 2, Map.of("period", 2, "time_limit", 2));
        float[] features = {-3f, -2.5f, -2f, -1.5f, -1f, -0.5f, Math.nextDown(-0.5f), 0f, 0.5f, Math.nextDown(1.5f) - 1f, 1f, 1.5f, 2f};
        int n = features.length;
        float[] inputs = new float[n * 3];
        double[] expected = new double[n];
        for (int s = 0; s < n; s++) {
            inputs[s * 3 + 2] = features[s];
            float v = features[s] + 1f;
            double t = Math.copySign(Math.floor(Math.abs(v) + 0.5), v);   // half away from zero
            expected[s] = Math.floorMod((long) t, 2L) < 1 ? 1.0 : -1.0;   // osc_d = [phase < 1]
        }
        assertEquals(-1.0, expected[5], "x = -0.5: t = round(0.5) = 1, the ventral half");
        assertEquals(1.0, expected[6], "just below: t = 0, the dorsal half");
        assertEquals(1.0, expected[8], "x = 0.5: t = round(1.5) = 2, the dorsal half");
        assertEquals(-1.0, expected[9], "just below: t = 1, the ventral half");
        INDArray x = Nd4j.create(inputs, new long[] {n, 3}, 'c');
        try (BatchPass graph = m.graphPass(n, 1, false, DataType.FLOAT); BatchPass fused = m.pass(n, 1, false)) {
            INDArray fromGraph = graph.forward(x, null, null);
            INDArray fromFused = fused.forward(x, null, null);
            for (int s = 0; s < n; s++) {
                assertEquals(expected[s], fromGraph.getDouble(s, 0), 0.0, "graph, x = " + features[s]);
                assertEquals(expected[s], fromFused.getDouble(s, 0), 0.0, "fused, x = " + features[s]);
                assertEquals(expected[s], act(m, new double[] {0, 0, features[s]})[0], 0.0, "step, x = " + features[s]);
            }
        }
    }

    @Test
    void wrongSignedWeightsAreSilencedWithConstraints() {
        Model m = ncap(6, 5, Map.of());
        assertEquals(List.of("bneurons/w_prop", "bneurons/w_osc", "muscles/w_ipsi", "muscles/w_contra"), blockNames(m));
        double[] x = {0.5, -0.5, 0.3, 0.2, 0.1, -1};
        double[] reference = act(m, x);
        m.parameters().set(new float[] {-0.7f, -0.5f, -0.3f, 0.4f}); // w_prop, w_osc, w_ipsi < 0; w_contra > 0
        assertArrayEquals(new double[5], act(m, x), 0.0, "every connection silenced");

        // A negative w_prop alone: no proprioceptive drive, the head oscillator still works.
        m.parameters().set(new float[] {-1, 1, 1, -1});
        assertArrayEquals(new double[] {1, 0, 0, 0, 0}, act(m, x), 0.0);

        // A positive w_contra is no inhibition: the same torques as the default circuit.
        m.parameters().set(new float[] {1, 1, 1, 0.8f});
        assertArrayEquals(reference, act(m, x), 0.0);
    }

    @Test
    void unsignedWeightsActWithTheirSign() {
        double[] x = {0.5, -0.5, 0.3, 0.2, 0.1, -1};
        double[] reference = act(ncap(6, 5, Map.of()), x);
        Model m = ncap(6, 5, Map.of("sign_constraints", false));
        // A positive contra now excites the opposite muscle: dorsal and ventral muscles cancel, torque 0.
        m.parameters().set(new float[] {1, 1, 1, 1});
        assertArrayEquals(new double[5], act(m, x), 0.0);
        // Negative ipsi with positive contra: each B-neuron drives the opposite muscle, the torques flip sign.
        m.parameters().set(new float[] {1, 1, -1, 1});
        double[] y = act(m, x);
        for (int i = 0; i < 5; i++) assertEquals(-reference[i], y[i], 1e-7, "joint " + i);
        assertEquals(-1.0, y[0], 0.0);
    }

    @Test
    void unsharedWeightsAreOneEachPerJointAndSide() {
        Model m = ncap(swimInputs(5), 5, Map.of("sharing", false));
        assertEquals(30, m.parameterCount());
        assertEquals(List.of("bneurons/w_prop_d", "bneurons/w_prop_v", "bneurons/w_osc_d", "bneurons/w_osc_v",
                "muscles/w_ipsi_d", "muscles/w_contra_d", "muscles/w_ipsi_v", "muscles/w_contra_v"), blockNames(m));
        float[] p = m.parameters().toArray();   // constant init: +1 excitatory, -1 inhibitory
        // prop_d 0..3 (joints 1..4), prop_v 4..7, osc_d 8, osc_v 9, ipsi_d 10..14, contra_d 15..19, ipsi_v 20..24,
        // contra_v 25..29.
        float[] propD = {0.2f, 0.4f, 0.6f, 0.8f};
        System.arraycopy(propD, 0, p, 0, 4);
        p[9] = 0.3f;     // osc_v
        p[13] = -0.5f;   // ipsi_d of joint 3: wrong sign, silenced
        m.parameters().set(p);
        double scale = 2 * Math.PI / 6;
        double[] x = new double[swimInputs(5)];
        double[] q = {0.9, 0.5, 0.25, 0.7, 0.1};
        for (int i = 0; i < 5; i++) x[i] = q[i] * scale;
        x[x.length - 1] = feature(45, 1000);   // the ventral half of the oscillator
        // Positive angles drive only dorsal B-neurons: torque i = graded(q[i-1] prop_d[i]) ipsi_d[i].
        double[] y = act(m, x);
        assertEquals(-0.3, y[0], 1e-7, "head: the ventral oscillator weight");
        for (int i = 1; i < 5; i++) {
            double expected = i == 3 ? 0 : q[i - 1] * propD[i - 1];
            assertEquals(expected, y[i], 1e-6, "joint " + i);
        }
        // Negative angles drive only ventral B-neurons, through prop_v (still 1).
        for (int i = 0; i < 5; i++) x[i] = -q[i] * scale;
        y = act(m, x);
        for (int i = 1; i < 5; i++) assertEquals(-q[i - 1], y[i], 1e-6, "joint " + i);
    }

    @Test
    void parameterCounts() {
        assertEquals(4, ncap(24, 5, Map.of()).parameterCount());
        assertEquals(30, ncap(24, 5, Map.of("sharing", false)).parameterCount());
        for (int j : new int[] {1, 3, 5, 7, 9, 11, 13}) {
            assertEquals(4, ncap(j + 1, j, Map.of()).parameterCount(), j + " joints, shared");
            assertEquals(6 * j, ncap(j + 1, j, Map.of("sharing", false)).parameterCount(), j + " joints, not shared");
        }
        // Navigation: w_speed, w_turn, task_W (2 x 3), task_b (3); not shared: speed per joint and side, turn per head joint and side.
        assertEquals(15, ncap(26, 5, Map.of("navigation", true)).parameterCount());
        assertEquals(30 + 10 + 2 + 9, ncap(26, 5, Map.of("navigation", true, "sharing", false)).parameterCount());
        assertEquals(30 + 10 + 6 + 9, ncap(26, 5, Map.of("navigation", true, "sharing", false, "turn_joints", 3)).parameterCount());
    }

    @Test
    void initialisations() {
        Map<String, Object> unshared = Map.of("sharing", false);
        float[] constant = ncap(24, 5, unshared).parameters().toArray();
        for (int i = 0; i < 30; i++) assertEquals(inhibitory(i) ? -1f : 1f, constant[i], 0f, "index " + i);

        float[] random = ncap(24, 5, Map.of("sharing", false, "init", "random")).parameters().toArray();
        for (int i = 0; i < 30; i++) {
            assertTrue(inhibitory(i) ? random[i] <= 0 && random[i] >= -1 : random[i] >= 0 && random[i] <= 1, "index " + i + ": " + random[i]);
        }
        assertArrayEquals(random, ncap(24, 5, Map.of("sharing", false, "init", "random")).parameters().toArray(), "seeded");
        assertFalse(java.util.Arrays.equals(random, Architectures.create(Ncap.NAME, ModelIO.vector(24, 5, ModelIO.Output.BOUNDED),
                Map.of("sharing", false, "init", "random"), 8).parameters().toArray()), "another seed, other weights");

        float[] unsignedConstant = ncap(24, 5, Map.of("sharing", false, "sign_constraints", false)).parameters().toArray();
        int plus = 0;
        for (float v : unsignedConstant) {
            assertEquals(1f, Math.abs(v), 0f);
            if (v > 0) plus++;
        }
        assertTrue(plus > 5 && plus < 25, "random +-1: " + plus + " of 30 positive");
        float[] unsignedRandom = ncap(24, 5, Map.of("sharing", false, "sign_constraints", false, "init", "random")).parameters().toArray();
        int negative = 0;
        for (float v : unsignedRandom) {
            assertTrue(v >= -1 && v <= 1);
            if (v < 0) negative++;
        }
        assertTrue(negative > 5 && negative < 25, "uniform [-1, 1]: " + negative + " of 30 negative");
    }

    /** Inhibitory blocks of the unshared 5-joint layout: contra_d (15..19), contra_v (25..29). */
    private static boolean inhibitory(int i) {
        return (i >= 15 && i < 20) || i >= 25;
    }

    @Test
    void navigationInputs() {
        // to_target at 5, 6 (right after 5 joint angles), the time feature last.
        Model m = ncap(26, 5, Map.of("navigation", true));
        assertEquals(List.of("bneurons/w_prop", "bneurons/w_osc", "bneurons/w_speed", "bneurons/w_turn", "bneurons/task_W",
                "bneurons/task_b", "muscles/w_ipsi", "muscles/w_contra"), blockNames(m));
        // w_prop w_osc w_speed w_turn | task_W rows (-x), (|y|) x columns (right, left, speed) | task_b | w_ipsi w_contra
        float[] p = {1, 0, -1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, -1};
        m.parameters().set(p);
        double[] x = new double[26];
        x[25] = -1;
        // speed = b = 1, so no brake; the target to the left (x < 0): right = -x = 0.5 drives the dorsal head B-neuron.
        x[5] = -0.5;
        assertArrayEquals(new double[] {0.5, 0, 0, 0, 0}, act(m, x), 1e-7);
        // The target to the right: the right signal is negative, clamped to 0.
        x[5] = 0.5;
        assertArrayEquals(new double[5], act(m, x), 0.0);
        // Full brake (speed 0) silences the turn drive of 0.5.
        p[12] = 0;
        m.parameters().set(p);
        x[5] = -0.5;
        assertArrayEquals(new double[5], act(m, x), 0.0);
        // The left signal (from |y|) drives the ventral head B-neuron: a negative torque.
        p[12] = 1;
        p[4] = 0;
        p[8] = 1;
        m.parameters().set(p);
        x[6] = -0.25;
        assertArrayEquals(new double[] {-0.25, 0, 0, 0, 0}, act(m, x), 1e-7);
        // Half a brake (speed 0.5) takes 0.5 from every B-neuron: the turn drive of 0.25 is gone.
        p[12] = 0.5f;
        m.parameters().set(p);
        assertArrayEquals(new double[5], act(m, x), 0.0);
    }

    @Test
    void refusesWhatItCannotServe() {
        String linear = assertThrows(IllegalArgumentException.class,
                () -> Architectures.create(Ncap.NAME, ModelIO.vector(24, 5, ModelIO.Output.LINEAR), Map.of(), 1)).getMessage();
        assertTrue(linear.contains("linear"), linear);
        String small = assertThrows(IllegalArgumentException.class, () -> ncap(5, 5, Map.of())).getMessage();
        assertTrue(small.contains("at least 6") && small.contains("got 5"), small);
        String navigation = assertThrows(IllegalArgumentException.class, () -> ncap(7, 5, Map.of("navigation", true))).getMessage();
        assertTrue(navigation.contains("at least 8"), navigation);
        String turn = assertThrows(IllegalArgumentException.class,
                () -> ncap(26, 5, Map.of("navigation", true, "turn_joints", 6))).getMessage();
        assertTrue(turn.contains("turn_joints = 6"), turn);
        for (String message : List.of(linear, small, navigation, turn)) assertFalse(message.contains("\n"), message);
        // turn_joints only matters with navigation: a 5-joint body without it is served.
        assertEquals(4, ncap(24, 5, Map.of("turn_joints", 6)).parameterCount());
    }

    /** The same 4 shared parameters drive a 5-link and a 9-link swimmer (the paper's transfer experiments). */
    @Test
    void sharedParametersTransferBetweenBodyLengths() {
        Model five = ncap(swimInputs(4), 4, Map.of());
        Model nine = ncap(swimInputs(8), 8, Map.of());
        assertEquals(blockNames(five), blockNames(nine));
        five.parameters().set(new float[] {0.8f, 0.9f, 0.7f, -0.6f}); // "trained" w_prop, w_osc, w_ipsi, w_contra
        nine.parameters().set(five.parameters());
        Random r = new Random(3);
        for (Model m : List.of(five, nine)) {
            int joints = m.outputSize();
            double scale = 2 * Math.PI / (joints + 1);
            double[] x = new double[m.inputSize()];
            for (int t : new int[] {0, 29, 30, 59, 61, 999}) {
                for (int k = 0; k < x.length; k++) x[k] = r.nextGaussian() * scale;
                x[x.length - 1] = feature(t, 1000);
                double[] y = act(m, x);
                // b = graded(0.8 |q|) on the angle's side; that muscle gets 0.7 b, the other graded(-0.6 b) = 0.
                assertEquals((t % 60 < 30 ? 1 : -1) * 0.7 * 0.9, y[0], 1e-6, joints + " joints, head at t=" + t);
                for (int i = 1; i < joints; i++) {
                    double q = Math.max(-1, Math.min(1, x[i - 1] / scale));
                    assertEquals(Math.signum(q) * 0.7 * Math.min(1, 0.8 * Math.abs(q)), y[i], 1e-6, joints + " joints, joint " + i);
                }
            }
        }
    }

    @Test
    void optionsParseThroughTheRegistry() {
        Architecture a = Architectures.get(Ncap.NAME);
        Resolved o = a.resolve(Map.of("period", "6e1", "sign_constraints", "FALSE", "init", "Random", "turn_joints", 2.0), Map.of());
        assertEquals(60, o.integer("period"));
        assertFalse(o.flag("sign_constraints"));
        assertEquals("random", o.choice("init"));
        assertEquals(2, o.integer("turn_joints"));
        assertEquals(1000, o.integer("time_limit"), "without an environment");
        assertEquals(List.of("time_limit", "period", "sign_constraints", "init", "sharing", "navigation", "turn_joints"),
                List.copyOf(o.values().keySet()));
        // time_limit follows the environment's unless given.
        assertEquals(500, a.resolve(Map.of(), Map.of("time_limit", 500, "bodies", 6)).integer("time_limit"));
        assertEquals(300, a.resolve(Map.of("time_limit", "3e2"), Map.of("time_limit", 500)).integer("time_limit"));
        assertEquals(Map.of("fixed_std", 0.1), a.agentDefaults());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.resolve(Map.of("period", 1), Map.of()));
        assertTrue(e.getMessage().contains("'period'") && e.getMessage().contains("2.."), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.resolve(Map.of("target_index", 5), Map.of()));
        assertTrue(e.getMessage().contains("unknown option 'target_index'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.resolve(Map.of("init", "zeros"), Map.of()));
        assertTrue(e.getMessage().contains("constant, random"), e.getMessage());

        Model m = a.create(ModelIO.vector(24, 5, ModelIO.Output.BOUNDED), o, 1);
        assertEquals(o.values(), m.options());
        assertNull(m.normalizer(), "NCAP reads raw observations");
        assertFalse(m.isRecurrent());
    }
}
