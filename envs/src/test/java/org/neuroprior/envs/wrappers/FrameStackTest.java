package org.neuroprior.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.PointMassEnv;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.check.EnvChecker;

class FrameStackTest {

    @Test
    void stacksTheLastObservationsOldestFirstAndFillsAtReset() {
        try (PointMassEnv inner = new PointMassEnv(); FrameStack<double[]> env = new FrameStack<>(inner, 3)) {
            assertArrayEquals(new int[] {3, 4}, env.observationSpace().shape());
            Step s = env.reset(7);
            double[] first = java.util.Arrays.copyOfRange(s.observation(), 0, 4);
            for (int f = 0; f < 3; f++) assertArrayEquals(first, java.util.Arrays.copyOfRange(s.observation(), 4 * f, 4 * f + 4));
            double[][] seen = new double[4][];
            seen[0] = first;
            for (int t = 1; t <= 3; t++) {
                s = env.step(new double[] {1, 1});
                seen[t] = java.util.Arrays.copyOfRange(s.observation(), 8, 12); // the newest frame is last
            }
            assertArrayEquals(seen[1], java.util.Arrays.copyOfRange(s.observation(), 0, 4));
            assertArrayEquals(seen[2], java.util.Arrays.copyOfRange(s.observation(), 4, 8));
            assertTrue(env.observationSpace().contains(s.observation()));
        }
        assertThrows(IllegalArgumentException.class, () -> new FrameStack<>(new PointMassEnv(), 0));
    }

    @Test
    void passesTheEnvironmentChecker() {
        assertTrue(EnvChecker.check(() -> new FrameStack<>(new TimeLimit<>(new PointMassEnv(), 50), 4)).passed());
        assertEquals(4, new FrameStack<>(new PointMassEnv(), 4).frames());
    }
}
