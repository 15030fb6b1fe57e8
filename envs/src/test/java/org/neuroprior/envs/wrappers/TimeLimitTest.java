package org.neuroprior.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.CounterEnv;
import org.neuroprior.envs.PointMassEnv;
import org.neuroprior.envs.Step;

class TimeLimitTest {

    private static final double[] ACTION = {0};

    @Test
    void truncatesExactlyAtTheLimitAndCountsAgainAfterReset() {
        TimeLimit<double[]> env = new TimeLimit<>(new CounterEnv(1000), 5);
        for (int episode = 0; episode < 2; episode++) {
            Step s = episode == 0 ? env.reset(1) : env.reset();
            assertFalse(s.truncated());
            for (int t = 1; t <= 5; t++) {
                s = env.step(ACTION);
                assertEquals(t == 5, s.truncated(), "truncated at step " + t);
                assertFalse(s.terminated());
                assertEquals(t, env.elapsedSteps());
            }
        }
        assertTrue(env.step(ACTION).truncated(), "stepping past the limit stays truncated");
    }

    @Test
    void leavesTerminationAsTheEnvironmentSetIt() {
        TimeLimit<double[]> env = new TimeLimit<>(new CounterEnv(3), 3);
        env.reset(0);
        env.step(ACTION);
        env.step(ACTION);
        Step s = env.step(ACTION);
        assertTrue(s.terminated());
        assertTrue(s.truncated());
        assertEquals("end", s.info().get("tag"));
    }

    @Test
    void rejectsLimitsBelowOneNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TimeLimit<>(new CounterEnv(3), 0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TimeLimit<>(new CounterEnv(3), -7));
        assertTrue(e.getMessage().contains("-7"), e.getMessage());
    }

    @Test
    void delegatesUnwrappedAndClose() {
        PointMassEnv inner = new PointMassEnv();
        TimeLimit<double[]> env = new TimeLimit<>(new TimeFeature<>(inner, 10), 10);
        assertSame(inner, env.unwrapped());
        env.close();
        env.close();
        assertTrue(inner.isClosed());
        assertThrows(IllegalStateException.class, () -> env.step(new double[2]));
    }
}
