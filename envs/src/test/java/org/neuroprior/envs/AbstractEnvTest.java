package org.neuroprior.envs;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The bookkeeping every environment gets from AbstractEnv: seeding, order of calls, action checks, close. */
class AbstractEnvTest {

    /** Observes a random draw; its episode ends after {@code length} steps; a reset fails on demand. */
    private static final class Draws extends AbstractEnv<double[]> {
        final Step step = new Step(1);
        final Box actions = Box.uniform(2, -1, 1);
        int length = 3;
        int t;
        int stepsSeen;
        int releases;
        boolean failNextReset;
        SplittableRandom random;

        @Override
        public Box observationSpace() {
            return Box.uniform(1, 0, 1);
        }

        @Override
        public Space<double[]> actionSpace() {
            return actions;
        }

        @Override
        protected Step resetEpisode(SplittableRandom random) {
            if (failNextReset) {
                failNextReset = false;
                throw new IllegalStateException("reset failed");
            }
            this.random = random;
            t = 0;
            step.observation()[0] = random.nextDouble();
            return step.set(0, false, false);
        }

        @Override
        protected Step stepEpisode(double[] action) {
            stepsSeen++;
            step.observation()[0] = random.nextDouble();
            boolean over = ++t == length;
            if (over) endEpisode();
            return step.set(1, over, false);
        }

        @Override
        protected void release() {
            releases++;
        }
    }

    @Test
    void aSeedRestartsTheStreamAndAResetWithoutOneContinuesIt() {
        try (Draws a = new Draws(); Draws b = new Draws()) {
            double first = a.reset(42).observation()[0];
            double second = a.reset().observation()[0];
            assertEquals(first, b.reset(42).observation()[0]);
            assertEquals(second, b.reset().observation()[0]);
            assertNotEquals(first, second);
            assertEquals(first, a.reset(42).observation()[0]);
        }
    }

    @Test
    void stepNeedsAResetFirstAndAfterTheEpisodeEnds() {
        try (Draws env = new Draws()) {
            var before = assertThrows(IllegalStateException.class, () -> env.step(new double[2]));
            assertEquals("call reset() before step()", before.getMessage());
            env.reset(1);
            env.step(new double[2]);
            env.step(new double[2]);
            assertTrue(env.step(new double[2]).terminated());
            var over = assertThrows(IllegalStateException.class, () -> env.step(new double[2]));
            assertEquals("episode is over: call reset()", over.getMessage());
            env.reset();
            assertFalse(env.step(new double[2]).done());

            env.failNextReset = true;
            assertThrows(IllegalStateException.class, env::reset);
            assertThrows(IllegalStateException.class, () -> env.step(new double[2]), "a failed reset starts no episode");
        }
    }

    @Test
    void actionsAreCheckedBeforeTheSubclassSeesThem() {
        try (Draws env = new Draws()) {
            env.reset(1);
            assertThrows(IllegalArgumentException.class, () -> env.step(new double[3]));
            assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0, Double.NaN}));
            assertEquals(0, env.stepsSeen);
        }
    }

    @Test
    void closeReleasesOnceAndEndsEverything() {
        Draws env = new Draws();
        env.reset(1);
        env.close();
        env.close();
        assertEquals(1, env.releases);
        assertThrows(IllegalStateException.class, () -> env.reset(2));
        assertThrows(IllegalStateException.class, env::reset);
        assertThrows(IllegalStateException.class, () -> env.step(new double[2]));
    }
}
