package org.neuroprior.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.CounterEnv;
import org.neuroprior.envs.Step;

class TimeFeatureTest {

    private static final double[] ACTION = {0};

    @Test
    void appendsMinusOneAtResetRisingToPlusOneAtTheLimit() {
        TimeFeature<double[]> env = new TimeFeature<>(new CounterEnv(1000), 4);
        double[] expected = {-1, -0.5, 0, 0.5, 1, 1, 1};
        Step s = env.reset(3);
        double u = s.observation()[1];
        assertArrayEquals(new double[] {0, u, -1}, s.observation());
        for (int t = 1; t < expected.length; t++) {
            s = env.step(ACTION);
            assertArrayEquals(new double[] {t, u, expected[t]}, s.observation(), "step " + t);
            assertFalse(s.truncated(), "TimeFeature must not truncate");
            assertEquals(t, s.reward());
        }
        assertEquals(-1, env.reset().observation()[2]);
    }

    @Test
    void growsTheObservationSpaceByOneElementInMinusOneOne() {
        TimeFeature<double[]> env = new TimeFeature<>(new CounterEnv(10), 10);
        Box space = env.observationSpace();
        assertArrayEquals(new int[] {3}, space.shape());
        assertArrayEquals(new double[] {0, 0, -1}, space.low());
        assertArrayEquals(new double[] {1e6, 1, 1}, space.high());
        assertEquals(3, env.reset(0).observation().length);
    }

    @Test
    void copiesRewardFlagsAndInfo() {
        TimeFeature<double[]> env = new TimeFeature<>(new CounterEnv(2), 2);
        env.reset(0);
        env.step(ACTION);
        Step s = env.step(ACTION);
        assertEquals(2, s.reward());
        assertEquals(true, s.terminated());
        assertEquals("end", s.info().get("tag"));
    }

    @Test
    void rejectsLimitsBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new TimeFeature<>(new CounterEnv(3), 0));
    }
}
