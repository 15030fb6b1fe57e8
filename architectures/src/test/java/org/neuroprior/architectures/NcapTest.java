package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The circuit of ncap.md: hand-derived torques, sign constraints, parameter layout and counts. */
class NcapTest {

    /** Time feature as the TimeFeature wrapper writes it. */
    private static double feature(int t, int limit) {
        return -1.0 + 2.0 * t / limit;
    }

    @Test
    void constantInitSwimsAsDerivedByHand() {
        for (int joints : new int[] {1, 3, 5, 13}) {
            int input = joints + 3 * (joints + 1) + 1;
            Ncap n = new Ncap(input, NcapOptions.defaults(joints), 0);
            double scale = 2 * Math.PI / (joints + 1);
            Random r = new Random(joints);
            double[] x = new double[input];
            double[] y = new double[joints];
            for (int t = 0; t <= 1000; t++) {
                for (int k = 0; k < input; k++) x[k] = r.nextGaussian() * scale;
                x[input - 1] = feature(t, 1000);
                n.forward(x, y);
                assertEquals(t % 60 < 30 ? 1.0 : -1.0, y[0], 0.0, "joint 0 at t=" + t);
                for (int i = 1; i < joints; i++) {
                    assertEquals(Math.max(-1, Math.min(1, x[i - 1] / scale)), y[i], 1e-15, "joint " + i + " at t=" + t);
                }
            }
        }
    }

    @Test
    void oscillatorFollowsPeriodAndTimeLimit() {
        Ncap n = new Ncap(4, NcapOptions.defaults(2).withPeriod(7).withTimeLimit(333), 0);
        double[] y = new double[2];
        for (int t = 0; t <= 333; t++) {
            n.forward(new double[] {0, 0, 0, feature(t, 333)}, y);
            assertEquals(t % 7 < 3 ? 1.0 : -1.0, y[0], 0.0, "t=" + t);
        }
        assertEquals(3.0, Ncap.timeStep(feature(3, 1000), 1000), 0.0);
        assertEquals(1000.0, Ncap.timeStep(1.0, 1000), 0.0);
        // exact halves (timeLimit 2: t = x + 1) round away from zero, like SameDiff's round
        assertEquals(1.0, Ncap.timeStep(-0.5, 2), 0.0);
        assertEquals(2.0, Ncap.timeStep(0.5, 2), 0.0);
        assertEquals(3.0, Ncap.timeStep(1.5, 2), 0.0);
        assertEquals(-1.0, Ncap.timeStep(-1.5, 2), 0.0);
        assertEquals(0.0, Ncap.timeStep(Math.nextDown(-0.5), 2), 0.0, "just below a half");
    }

    @Test
    void wrongSignedWeightsAreSilencedWithConstraints() {
        Ncap n = new Ncap(6, NcapOptions.defaults(5), 0);
        n.setParameters(new double[] {-0.7, -0.5, -0.3, 0.4}); // w_prop, w_osc, w_ipsi < 0; w_contra > 0
        for (Map.Entry<String, double[]> e : n.effectiveWeights().entrySet()) {
            assertArrayEquals(new double[5], e.getValue(), 0.0, e.getKey());
        }
        double[] y = new double[5];
        n.forward(new double[] {0.5, -0.5, 0.3, 0.2, 0.1, -1}, y);
        assertArrayEquals(new double[5], y, 0.0);

        // negative w_prop alone: no proprioceptive drive, the head oscillator still works
        n.setParameters(new double[] {-1, 1, 1, -1});
        n.forward(new double[] {0.5, -0.5, 0.3, 0.2, 0.1, -1}, y);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0}, y, 0.0);

        // positive w_contra is no inhibition: the same torques as the default circuit
        Ncap reference = new Ncap(6, NcapOptions.defaults(5), 0);
        double[] expected = new double[5];
        double[] x = {0.5, -0.5, 0.3, 0.2, 0.1, -1};
        reference.forward(x, expected);
        n.setParameters(new double[] {1, 1, 1, 0.8});
        n.forward(x, y);
        assertArrayEquals(expected, y, 0.0);
    }

    @Test
    void unsignedWeightsActWithTheirSign() {
        Ncap n = new Ncap(6, NcapOptions.defaults(5).withSignConstraints(false), 0);
        n.setParameters(new double[] {-0.7, -0.5, -0.3, 0.4});
        Map<String, double[]> eff = n.effectiveWeights();
        assertArrayEquals(new double[] {0, -0.7, -0.7, -0.7, -0.7}, eff.get("prop_d"), 0.0);
        assertArrayEquals(new double[] {-0.5, 0, 0, 0, 0}, eff.get("osc_v"), 0.0);
        assertArrayEquals(new double[] {-0.3, -0.3, -0.3, -0.3, -0.3}, eff.get("ipsi_v"), 0.0);
        assertArrayEquals(new double[] {0.4, 0.4, 0.4, 0.4, 0.4}, eff.get("contra_d"), 0.0);

        // positive contra now excites the opposite muscle: dorsal and ventral muscles cancel, torque 0
        n.setParameters(new double[] {1, 1, 1, 1});
        double[] y = new double[5];
        n.forward(new double[] {0.5, -0.5, 0.3, 0.2, 0.1, -1}, y);
        assertArrayEquals(new double[5], y, 0.0);
        // negative ipsi with positive contra: each B-neuron drives the opposite muscle, torques flip sign
        double[] x = {0.5, -0.5, 0.3, 0.2, 0.1, -1};
        double[] reference = new double[5];
        new Ncap(6, NcapOptions.defaults(5), 0).forward(x, reference);
        n.setParameters(new double[] {1, 1, -1, 1});
        n.forward(x, y);
        for (int i = 0; i < 5; i++) assertEquals(-reference[i], y[i], 1e-15, "joint " + i);
        assertEquals(-1.0, y[0], 0.0);
    }

    @Test
    void unsharedLayoutAndCounts() {
        Ncap n = new Ncap(24, NcapOptions.defaults(5).withSharing(false), 0);
        assertEquals(30, n.parameterCount());
        assertEquals(List.of("w_prop_d", "w_prop_v", "w_osc_d", "w_osc_v", "w_ipsi_d", "w_contra_d", "w_ipsi_v",
                "w_contra_v"), n.parameterNames());
        double[] p = new double[30];
        for (int i = 0; i < 30; i++) p[i] = 0.01 * (i + 1) * (i >= 10 && i < 15 || i >= 25 ? -1 : 1);
        // prop_d 0..3 (joints 1..4), prop_v 4..7, osc_d 8, osc_v 9, ipsi_d 10..14, contra_d 15..19, ipsi_v 20..24,
        // contra_v 25..29; negative ipsi_d entries are silenced, contra_d positives too
        n.setParameters(p);
        Map<String, double[]> eff = n.effectiveWeights();
        assertArrayEquals(new double[] {0, 0.01, 0.02, 0.03, 0.04}, eff.get("prop_d"), 1e-15);
        assertArrayEquals(new double[] {0, 0.05, 0.06, 0.07, 0.08}, eff.get("prop_v"), 1e-15);
        assertArrayEquals(new double[] {0.09, 0, 0, 0, 0}, eff.get("osc_d"), 1e-15);
        assertArrayEquals(new double[] {0.10, 0, 0, 0, 0}, eff.get("osc_v"), 1e-15);
        assertArrayEquals(new double[5], eff.get("ipsi_d"), 0.0);
        assertArrayEquals(new double[5], eff.get("contra_d"), 0.0);
        assertArrayEquals(new double[] {0.21, 0.22, 0.23, 0.24, 0.25}, eff.get("ipsi_v"), 1e-15);
        assertArrayEquals(new double[] {-0.26, -0.27, -0.28, -0.29, -0.30}, eff.get("contra_v"), 1e-15);
    }

    @Test
    void parameterCounts() {
        assertEquals(4, new Ncap(24, NcapOptions.defaults(5), 0).parameterCount());
        for (int j : new int[] {1, 3, 5, 7, 9, 11, 13}) {
            assertEquals(4, new Ncap(j + 1, NcapOptions.defaults(j), 0).parameterCount());
            assertEquals(6 * j, new Ncap(j + 1, NcapOptions.defaults(j).withSharing(false), 0).parameterCount());
        }
        assertEquals(15, new Ncap(26, NcapOptions.defaults(5).withNavigation(true), 0).parameterCount());
        assertEquals(30 + 10 + 2 + 9,
                new Ncap(26, NcapOptions.defaults(5).withNavigation(true).withSharing(false), 0).parameterCount());
    }

    @Test
    void initialisations() {
        NcapOptions base = NcapOptions.defaults(5).withSharing(false);
        double[] constant = new Ncap(24, base, 1).parameters();
        for (int i = 0; i < 30; i++) {
            boolean inhibitory = (i >= 15 && i < 20) || i >= 25;
            assertEquals(inhibitory ? -1.0 : 1.0, constant[i], 0.0, "index " + i);
        }
        double[] random = new Ncap(24, base.withInit(NcapOptions.Init.RANDOM), 1).parameters();
        for (int i = 0; i < 30; i++) {
            boolean inhibitory = (i >= 15 && i < 20) || i >= 25;
            assertTrue(inhibitory ? random[i] <= 0 && random[i] >= -1 : random[i] >= 0 && random[i] <= 1, "index " + i);
        }
        double[] unsignedConstant = new Ncap(24, base.withSignConstraints(false), 1).parameters();
        int plus = 0;
        for (double v : unsignedConstant) {
            assertEquals(1.0, Math.abs(v), 0.0);
            if (v > 0) plus++;
        }
        assertTrue(plus > 5 && plus < 25, "random +-1: " + plus + " of 30 positive");
        double[] unsignedRandom = new Ncap(24, base.withSignConstraints(false).withInit(NcapOptions.Init.RANDOM), 1)
                .parameters();
        for (double v : unsignedRandom) assertTrue(v >= -1 && v <= 1);
        assertArrayEquals(random, new Ncap(24, base.withInit(NcapOptions.Init.RANDOM), 1).parameters(), 0.0, "seeded");
    }

    @Test
    void navigationInputs() {
        // to_target at index 5 (right after 5 joint angles), time feature last
        NcapOptions o = NcapOptions.defaults(5).withNavigation(true);
        Ncap n = new Ncap(26, o, 0);
        // w_prop w_osc w_ipsi w_contra w_speed w_turn | task_W rows (-x), (|y|) x cols (right, left, speed) | task_b
        double[] p = {1, 0, 1, -1, -1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1};
        n.setParameters(p);
        double[] x = new double[26];
        double[] y = new double[5];
        x[25] = -1;
        // speed = b = 1 -> brake 0; target to the left (x < 0): right = -x = 0.5 drives dorsal head B-neuron
        x[5] = -0.5;
        n.forward(x, y);
        assertArrayEquals(new double[] {0.5, 0, 0, 0, 0}, y, 1e-15);
        // target to the right: right control negative -> clamped to 0
        x[5] = 0.5;
        n.forward(x, y);
        assertArrayEquals(new double[5], y, 0.0);
        // full brake (speed 0) silences the turn drive of 0.5
        p[14] = 0;
        n.setParameters(p);
        x[5] = -0.5;
        n.forward(x, y);
        assertArrayEquals(new double[5], y, 0.0);
        // left control drives the ventral head B-neuron: torque negative
        p[14] = 1;
        p[6] = 0;
        p[10] = 1; // |y| -> left
        n.setParameters(p);
        x[6] = -0.25;
        n.forward(x, y);
        assertArrayEquals(new double[] {-0.25, 0, 0, 0, 0}, y, 1e-15);

        Ncap moved = new Ncap(40, o.withTargetIndex(20), 0);
        assertEquals(20, moved.ncapOptions().targetIndex());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Ncap(26, o.withTargetIndex(24), 0));
        assertTrue(e.getMessage().contains("targetIndex 24"), e.getMessage());
    }

    @Test
    void rejectsBadSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Ncap(5, NcapOptions.defaults(5), 0));
        assertTrue(e.getMessage().contains("inputSize >= 6"), e.getMessage());
        Ncap n = new Ncap(6, NcapOptions.defaults(5), 0);
        assertThrows(IllegalArgumentException.class, () -> n.setParameters(new double[5]));
        assertThrows(IllegalArgumentException.class, () -> n.forward(new double[7], new double[5]));
        assertThrows(IllegalArgumentException.class, () -> NcapOptions.defaults(5).withTurnJoints(6));
    }
}
