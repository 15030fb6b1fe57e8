package org.neuroprior.envs.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuroprior.envs.CounterEnv;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.PointMassEnv;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.wrappers.TimeLimit;
import org.neuroprior.envs.wrappers.Wrapper;

class VectorEnvTest {

    private static double[][] zeros(int numEnvs) {
        return new double[numEnvs][1];
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void autoResetKeepsTheLastStepsResultsAndStartsTheNextEpisode(int threads) {
        try (VectorEnv<double[]> vec = new VectorEnv<>(2, i -> new CounterEnv(3 + i), threads)) {
            VectorStep batch = vec.reset(7);
            double[] u = {batch.observations()[0][1], batch.observations()[1][1]};
            vec.step(zeros(2));
            vec.step(zeros(2));
            batch = vec.step(zeros(2));
            // sub-env 0 ends on its third step; sub-env 1 (episodes of 4) does not
            assertTrue(batch.terminated()[0]);
            assertFalse(batch.truncated()[0]);
            assertEquals(3, batch.rewards()[0]);
            Map<String, Object> info = batch.infos().get(0);
            assertArrayEquals(new double[] {3, u[0]}, (double[]) info.get(VectorEnv.FINAL_OBSERVATION));
            assertEquals("end", info.get("tag"));
            assertEquals(0, batch.observations()[0][0], "already the next episode's first observation");
            assertNotEquals(u[0], batch.observations()[0][1], "drawn by the new episode's reset");
            double nextU = batch.observations()[0][1];

            assertFalse(batch.done(1));
            assertArrayEquals(new double[] {3, u[1]}, batch.observations()[1]);
            assertTrue(batch.infos().get(1).isEmpty());

            batch = vec.step(zeros(2));
            assertArrayEquals(new double[] {1, nextU}, batch.observations()[0]);
            assertEquals(1, batch.rewards()[0]);
            assertFalse(batch.done(0));
            assertNull(batch.infos().get(0).get(VectorEnv.FINAL_OBSERVATION), "infos are cleared every step");
            assertTrue(batch.terminated()[1]);
            assertArrayEquals(new double[] {4, u[1]}, (double[]) batch.infos().get(1).get(VectorEnv.FINAL_OBSERVATION));
        }
    }

    @Test
    void seedsEachSubEnvironmentWithSplitMix64OfTheSeed() {
        try (VectorEnv<double[]> vec = VectorEnv.of(4, () -> new CounterEnv(10), 1)) {
            VectorStep batch = vec.reset(123);
            for (int i = 0; i < 4; i++) {
                CounterEnv alone = new CounterEnv(10);
                assertArrayEquals(alone.reset(VectorEnv.subSeed(123, i)).observation(), batch.observations()[i]);
                assertEquals(0, batch.rewards()[i]);
            }
            assertNotEquals(batch.observations()[0][1], batch.observations()[1][1]);
        }
        // SplitMix64 reference values (seed 0): the first two outputs
        assertEquals(0xE220A8397B1DCDAFL, VectorEnv.subSeed(0, 0));
        assertEquals(0x6E789E6AA1B965F4L, VectorEnv.subSeed(0, 1));
    }

    /** Runs {@code steps} seeded random steps and returns every number the batches held, in order. */
    private static List<double[]> trace(int threads, int steps) {
        List<double[]> trace = new ArrayList<>();
        try (VectorEnv<double[]> vec = new VectorEnv<>(5, i -> new TimeLimit<>(new PointMassEnv(), 20 + 7 * i), threads)) {
            assertEquals(Math.min(threads, 5), vec.threads());
            SplittableRandom rng = new SplittableRandom(99);
            double[][] actions = new double[5][];
            VectorStep batch = vec.reset(2024);
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < 5; i++) actions[i] = vec.singleActionSpace().sample(rng);
                batch = vec.step(actions);
                for (int i = 0; i < 5; i++) {
                    trace.add(batch.observations()[i].clone());
                    trace.add(new double[] {batch.rewards()[i], batch.terminated()[i] ? 1 : 0, batch.truncated()[i] ? 1 : 0});
                    if (batch.done(i)) trace.add((double[]) batch.infos().get(i).get(VectorEnv.FINAL_OBSERVATION));
                }
            }
        }
        return trace;
    }

    @Test
    void oneAndSeveralThreadsGiveBitIdenticalResults() {
        List<double[]> one = trace(1, 3000);
        for (int threads : new int[] {2, 3, 8}) {
            List<double[]> several = trace(threads, 3000);
            assertEquals(one.size(), several.size());
            for (int k = 0; k < one.size(); k++) {
                assertArrayEquals(one.get(k), several.get(k), "entry " + k + " with " + threads + " threads");
            }
        }
        assertTrue(one.size() > 3000 * 10, "episodes ended and were auto-reset");
    }

    /** Fails on its {@code failAt}-th step. */
    private static final class Failing extends Wrapper<double[]> {
        private final int failAt;
        private int steps;

        Failing(Env<double[]> env, int failAt) {
            super(env);
            this.failAt = failAt;
        }

        @Override
        public Step step(double[] action) {
            if (++steps == failAt) throw new ArithmeticException("boom");
            return super.step(action);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aWorkersExceptionReachesTheCallerWithTheSubEnvironmentsIndex(int threads) {
        try (VectorEnv<double[]> vec = new VectorEnv<>(4, i -> i == 3 ? new Failing(new CounterEnv(100), 2)
                : new CounterEnv(100), threads)) {
            vec.reset(0);
            vec.step(zeros(4));
            var e = assertThrows(SubEnvironmentException.class, () -> vec.step(zeros(4)));
            assertEquals(3, e.index());
            assertInstanceOf(ArithmeticException.class, e.getCause());
            assertTrue(e.getMessage().contains("sub-environment 3") && e.getMessage().contains("boom"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> vec.step(zeros(4)), "reset needed after a failure");
            vec.reset(1);
            vec.step(zeros(4));
        }
    }

    @Test
    void rejectsBadActionArraysBeforeSteppingAnything() {
        try (VectorEnv<double[]> vec = VectorEnv.of(3, () -> new CounterEnv(100), 2)) {
            assertThrows(IllegalStateException.class, () -> vec.step(zeros(3)), "step before reset");
            vec.reset(0);
            var e = assertThrows(IllegalArgumentException.class, () -> vec.step(zeros(2)));
            assertTrue(e.getMessage().contains("2 actions for 3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> vec.step(null));
            e = assertThrows(IllegalArgumentException.class, () -> vec.step(new double[][] {{0}, {Double.NaN}, {0}}));
            assertTrue(e.getMessage().startsWith("actions[1]"), e.getMessage());
            assertEquals(1, vec.step(zeros(3)).observations()[0][0], "nothing was stepped by the rejected calls");
        }
    }

    @Test
    void stepsInNamedDaemonThreadsEachOwningABlock() {
        Map<Integer, Set<String>> threadsByEnv = new ConcurrentHashMap<>();
        class Spy extends Wrapper<double[]> {
            final int index;

            Spy(int index) {
                super(new CounterEnv(5));
                this.index = index;
            }

            @Override
            public Step step(double[] action) {
                Thread t = Thread.currentThread();
                threadsByEnv.computeIfAbsent(index, k -> ConcurrentHashMap.newKeySet()).add(t.getName());
                return super.step(action);
            }
        }
        try (VectorEnv<double[]> vec = new VectorEnv<>(4, Spy::new, 2)) {
            vec.reset(0);
            for (int t = 0; t < 50; t++) vec.step(zeros(4));
        }
        assertEquals(4, threadsByEnv.size());
        for (Set<String> names : threadsByEnv.values()) assertEquals(1, names.size(), "one thread per block: " + threadsByEnv);
        assertEquals(Set.of(Thread.currentThread().getName()), threadsByEnv.get(0), "block 0 runs in the caller's thread");
        assertEquals(Set.of("vector-env-1"), threadsByEnv.get(2));
        assertEquals(threadsByEnv.get(0), threadsByEnv.get(1));
        assertEquals(threadsByEnv.get(2), threadsByEnv.get(3));
        assertNotEquals(threadsByEnv.get(0), threadsByEnv.get(2));
    }

    @Test
    void closeClosesEverySubEnvironmentOnceAndIsIdempotent() {
        List<CounterEnv> made = new ArrayList<>();
        VectorEnv<double[]> vec = new VectorEnv<>(3, i -> {
            CounterEnv env = new CounterEnv(5);
            made.add(env);
            return env;
        }, 2);
        assertEquals(3, vec.numEnvs());
        assertSame(made.get(1), vec.env(1));
        assertEquals(made.get(0).observationSpace(), vec.singleObservationSpace());
        vec.reset(0);
        vec.close();
        vec.close();
        assertTrue(made.stream().allMatch(CounterEnv::isClosed));
        assertThrows(IllegalStateException.class, () -> vec.step(zeros(3)));
        assertThrows(IllegalStateException.class, () -> vec.reset(0));
    }

    @Test
    void mismatchedSpacesAreRejectedAndWhatWasBuiltIsClosed() {
        List<CounterEnv> made = new ArrayList<>();
        var e = assertThrows(IllegalArgumentException.class, () -> new VectorEnv<>(3, i -> {
            CounterEnv env = new CounterEnv(5, i == 2 ? 2 : 1);
            made.add(env);
            return env;
        }, 1));
        assertTrue(e.getMessage().contains("sub-environment 2"), e.getMessage());
        assertTrue(made.stream().allMatch(CounterEnv::isClosed));
        assertThrows(IllegalArgumentException.class, () -> VectorEnv.of(0, () -> new CounterEnv(5), 1));
        assertThrows(IllegalArgumentException.class, () -> VectorEnv.of(2, () -> new CounterEnv(5), 0));
    }
}
