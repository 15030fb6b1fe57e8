package org.neuroprior.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.PointMassEnv;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.wrappers.RunningMeanStd.Stats;

class NormalizeObservationTest {

    /** Steps {@code env} with seeded random actions, resetting at episode ends. */
    static void run(NormalizeObservation<double[]> env, int steps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Step s = env.reset(seed);
        for (int t = 0; t < steps; t++) {
            s = s.done() ? env.reset() : env.step(env.actionSpace().sample(rng));
        }
    }

    @Test
    void statisticsMatchATwoPassComputationOverEveryObservationSeen() {
        Recorder recorder = new Recorder(new TimeLimit<>(new PointMassEnv(), 50));
        NormalizeObservation<double[]> env = new NormalizeObservation<>(recorder);
        run(env, 2000, 7);
        double[][] seen = recorder.observations.toArray(new double[0][]);
        assertEquals(2001, seen.length); // the first reset, then one observation per call
        double[][] expected = RunningMeanStdTest.twoPass(seen);
        Stats stats = env.runningMeanStd().stats();
        assertEquals(seen.length, stats.count());
        RunningMeanStdTest.assertClose(expected[0], stats.mean(), "mean");
        RunningMeanStdTest.assertClose(expected[1], stats.var(), "var");
    }

    @Test
    void returnsTheObservationNormalizedWithTheUpdatedStatistics() {
        Recorder recorder = new Recorder(new PointMassEnv());
        NormalizeObservation<double[]> env = new NormalizeObservation<>(recorder, 0.8);
        run(env, 100, 8);
        Step s = env.step(new double[] {1, 1});
        double[] raw = recorder.observations.get(recorder.observations.size() - 1);
        Stats stats = env.runningMeanStd().stats();
        for (int i = 0; i < raw.length; i++) {
            double z = (raw[i] - stats.mean()[i]) / Math.sqrt(stats.var()[i] + 1e-8);
            assertEquals(Math.max(-0.8, Math.min(0.8, z)), s.observation()[i], "element " + i);
        }
        assertNotEquals(raw, s.observation(), "own Step, not the inner one");
    }

    @Test
    void observationSpaceIsTheClipBox() {
        assertEquals(Box.uniform(4, -10, 10), new NormalizeObservation<>(new PointMassEnv()).observationSpace());
        NormalizeObservation<double[]> env = new NormalizeObservation<>(new PointMassEnv(), 0.5);
        assertEquals(Box.uniform(4, -0.5, 0.5), env.observationSpace());
        SplittableRandom rng = new SplittableRandom(1);
        env.reset(1);
        for (int t = 0; t < 300; t++) {
            Step s = env.step(env.actionSpace().sample(rng));
            assertTrue(env.observationSpace().contains(s.observation()));
            if (s.done()) env.reset();
        }
        assertThrows(IllegalArgumentException.class, () -> new NormalizeObservation<>(new PointMassEnv(), 0));
        assertThrows(IllegalArgumentException.class, () -> new NormalizeObservation<>(new PointMassEnv(), Double.NaN));
    }

    @Test
    void frozenStatisticsDoNotChange() {
        NormalizeObservation<double[]> env = new NormalizeObservation<>(new PointMassEnv());
        run(env, 200, 9);
        Stats before = env.runningMeanStd().stats();
        env.setFrozen(true);
        assertTrue(env.isFrozen());
        run(env, 200, 10);
        assertEquals(before, env.runningMeanStd().stats());
        env.setFrozen(false);
        env.step(new double[] {0, 0});
        assertEquals(before.count() + 1, env.runningMeanStd().count());
    }

    @Test
    void restoredStatisticsNormalizeIdentically() {
        NormalizeObservation<double[]> trained = new NormalizeObservation<>(new PointMassEnv());
        run(trained, 500, 11);
        String checkpoint = trained.runningMeanStd().stats().toText();

        NormalizeObservation<double[]> evaluation = new NormalizeObservation<>(new PointMassEnv());
        evaluation.runningMeanStd().restore(Stats.parse(checkpoint));
        evaluation.setFrozen(true);
        trained.setFrozen(true);
        assertArrayEquals(trained.reset(99).observation(), evaluation.reset(99).observation());
        assertArrayEquals(trained.step(new double[] {1, -0.5}).observation(),
                evaluation.step(new double[] {1, -0.5}).observation());
    }
}
