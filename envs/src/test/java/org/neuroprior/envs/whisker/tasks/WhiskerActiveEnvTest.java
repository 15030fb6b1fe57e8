package org.neuroprior.envs.whisker.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;

class WhiskerActiveEnvTest {
    static final int PLUS_X = ActiveAction.encode(new ActiveAction.Move(0, 1));
    static final int MINUS_X = ActiveAction.encode(new ActiveAction.Move(0, -1));
    static final int SIGNALS = 180;

    static Env<Integer> make(Map<String, Object> extra) {
        var options = new java.util.HashMap<String, Object>(Map.of("classes", "box,cylinder,star", "links", 4));
        options.putAll(extra);
        return Envs.makeDiscrete("whisker-active", options);
    }

    static WhiskerActiveEnv unwrapped(Env<?> env) {
        return (WhiskerActiveEnv) env.unwrapped();
    }

    static double peak(double[] values) {
        double m = 0;
        for (double v : values) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void spacesAndActionCodes() {
        try (Env<Integer> env = make(Map.of())) {
            assertEquals(new org.neuroprior.envs.Discrete(9), env.actionSpace());
            assertEquals(184, env.observationSpace().size(), "180 signals, head offset, time feature");
        }
        for (int a = 0; a < 20; a++) assertEquals(a, ActiveAction.encode(ActiveAction.decode(a)));
        assertEquals(new ActiveAction.Move(2, -1), ActiveAction.decode(5));
        assertEquals(new ActiveAction.Name(0), ActiveAction.decode(6));
    }

    /** The physical point of the task: whiskers feel the object only when the head goes to it. */
    @Test
    void movingIntoTheObjectGivesSignalsStayingAwayGivesNone() {
        for (long seed : new long[] {1, 2}) {
            try (Env<Integer> env = make(Map.of("time_limit", 200))) {
                Step s = env.reset(seed);
                var active = unwrapped(env);
                assertEquals(0.0, peak(active.signals()), "no contact at reset");
                for (int t = 0; t < 8; t++) s = env.step(MINUS_X);
                assertEquals(-8.0, active.headPosition()[0], 1e-9);
                assertTrue(peak(active.signals()) < 1, "away from the object only inertia is felt (uN): " + peak(active.signals()));
                double limit = active.placement().nearX() - RestField.of(
                        org.neuroprior.envs.whisker.WhiskerArrayModel.of(org.neuroprior.envs.whisker.WhiskerMorphology.mouseRightSide(),
                                org.neuroprior.envs.whisker.WhiskerPhysics.defaults().withLinks(4)).whiskers()).maxBaseX()
                        - WhiskerActiveEnv.BASE_CLEARANCE;
                int t = 0;
                while (active.headPosition()[0] < limit - 1e-9 && t++ < 60) {
                    s = env.step(PLUS_X);
                    assertFalse(s.done());
                    for (double v : s.observation()) assertTrue(Double.isFinite(v));
                }
                assertEquals(limit, active.headPosition()[0], 1e-9, "the head stops at the object");
                for (int k = 0; k < 3; k++) s = env.step(PLUS_X); // pressing on: the head does not move
                assertEquals(limit, active.headPosition()[0], 1e-9);
                assertTrue(peak(active.signals()) > 10, "pressed against the object (uN): " + peak(active.signals()));
                double scaledPeak = 0;
                for (int i = 0; i < SIGNALS; i++) scaledPeak = Math.max(scaledPeak, Math.abs(s.observation()[i]));
                assertTrue(scaledPeak > 0.1, "scaled peak " + scaledPeak);
                assertEquals(limit / 10, s.observation()[SIGNALS], 1e-12, "head x in cm");
            }
        }
    }

    @Test
    void namingEndsTheEpisodeAndPaysOnlyTheRightClass() {
        try (Env<Integer> env = make(Map.of())) {
            env.reset(3);
            int label = unwrapped(env).label();
            Step s = env.step(PLUS_X);
            assertEquals(-WhiskerActiveEnv.DEFAULT_STEP_COST, s.reward());
            s = env.step(ActiveAction.MOVES + label);
            assertEquals(1 - WhiskerActiveEnv.DEFAULT_STEP_COST, s.reward(), 1e-12);
            assertTrue(s.terminated());
            assertEquals(true, s.info().get("correct"));
            assertThrows(IllegalStateException.class, () -> env.step(PLUS_X));

            env.reset(3);
            assertEquals(label, unwrapped(env).label());
            s = env.step(ActiveAction.MOVES + (label + 1) % 3);
            assertEquals(-WhiskerActiveEnv.DEFAULT_STEP_COST, s.reward(), 1e-12);
            assertTrue(s.terminated());
            assertEquals(false, s.info().get("correct"));
        }
    }

    @Test
    void theTimeLimitTruncates() {
        try (Env<Integer> env = make(Map.of("time_limit", 4, "step_cost", 0.01))) {
            Step s = env.reset(0);
            assertEquals(-1.0, s.observation()[183]);
            for (int t = 1; t <= 4; t++) {
                s = env.step(MINUS_X);
                assertEquals(-0.01, s.reward(), 1e-12);
                assertEquals(t == 4, s.truncated());
                assertFalse(s.terminated());
            }
            assertEquals(1.0, s.observation()[183], 1e-12);
        }
    }

    @Test
    void sameSeedSameObservations() {
        double[][] runs = new double[2][];
        for (int r = 0; r < 2; r++) {
            try (Env<Integer> env = make(Map.of())) {
                env.reset(11);
                double[] all = new double[0];
                for (int t = 0; t < 25; t++) {
                    double[] obs = env.step(t < 2 ? MINUS_X : PLUS_X).observation();
                    double[] grown = java.util.Arrays.copyOf(all, all.length + obs.length);
                    System.arraycopy(obs, 0, grown, all.length, obs.length);
                    all = grown;
                }
                runs[r] = all;
            }
        }
        assertArrayEquals(runs[0], runs[1]);
    }

    @Test
    void mjcfIsTheEpisodesModel() {
        try (Env<Integer> env = make(Map.of())) {
            var active = unwrapped(env);
            assertFalse(active.mjcf().contains("name=\"object\""), "no object before the first reset");
            env.reset(1);
            assertTrue(active.mjcf().contains("name=\"object\""));
        }
    }
}
