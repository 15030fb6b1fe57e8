package org.neuroprior.envs.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.neuroprior.envs.CounterEnv;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.PointMassEnv;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.wrappers.DiscretizeAction;
import org.neuroprior.envs.wrappers.NormalizeObservation;
import org.neuroprior.envs.wrappers.RescaleAction;
import org.neuroprior.envs.wrappers.TimeFeature;
import org.neuroprior.envs.wrappers.TimeLimit;
import org.neuroprior.envs.wrappers.Wrapper;

class EnvCheckerTest {

    private static Env<double[]> limitedPointMass() {
        return new TimeLimit<>(new PointMassEnv(), 60);
    }

    @Test
    void goodEnvironmentsPass() {
        CheckReport report = EnvChecker.check(PointMassEnv::new);
        report.assertPassed();
        // random forces seldom reach the goal, and the force bounds are not [-1, 1]: legal, but worth a word
        assertEquals(2, report.warnings().size(), report.toString());

        report = EnvChecker.check(() -> new RescaleAction(limitedPointMass()));
        report.assertPassed();
        assertEquals(List.of(), report.warnings());
        assertTrue(report.toString().startsWith("environment check passed: 0 failures, 0 warnings"), report.toString());

        EnvChecker.check(() -> new TimeFeature<>(frozenNormalization(new RescaleAction(limitedPointMass())), 60), 500)
                .assertPassed();
        EnvChecker.check(() -> new CounterEnv(7)).assertPassed();
    }

    private static NormalizeObservation<double[]> frozenNormalization(Env<double[]> env) {
        NormalizeObservation<double[]> normalized = new NormalizeObservation<>(env);
        normalized.setFrozen(true);
        return normalized;
    }

    @Test
    void adaptiveNormalizationIsReportedAsStateCarriedAcrossResets() {
        CheckReport report = EnvChecker.check(() -> new NormalizeObservation<>(limitedPointMass()));
        assertFailure(report, "reset(seed) must reset all state");
    }

    @Test
    void goodDiscreteEnvironmentPasses() {
        EnvChecker.check(() -> new DiscretizeAction(limitedPointMass(), 3)).assertPassed();
    }

    /** Base for the broken environments below: a plain pass-through. */
    private static class Broken extends Wrapper<double[]> {
        Broken() {
            super(limitedPointMass());
        }
    }

    @Test
    void failsWhenTheSeedDoesNotSeed() {
        AtomicLong clock = new AtomicLong(); // shared hidden state, as a clock or a static generator would be
        CheckReport report = EnvChecker.check(() -> new Broken() {
            @Override
            public Step reset(long seed) {
                return env.reset(seed + clock.incrementAndGet());
            }
        });
        assertFailure(report, "reset(42) twice gave different first observations");
        assertFailure(report, "two fresh environments reset with seed 42 and given the same actions differ: the reset observations differ");
    }

    @Test
    void failsWhenResetDoesNotResetAllState() {
        CheckReport report = EnvChecker.check(() -> new Broken() {
            private int episodes;

            @Override
            public Step reset(long seed) {
                return env.reset(seed + episodes++ / 3); // drifts only after a few episodes
            }
        });
        assertFailure(report, "reset(seed) must reset all state");
    }

    @Test
    void failsOnANanObservation() {
        CheckReport report = EnvChecker.check(() -> new Broken() {
            private int steps;

            @Override
            public Step step(double[] action) {
                Step s = super.step(action);
                if (++steps == 10) s.observation()[2] = Double.NaN;
                return s;
            }
        });
        assertFailure(report, "step 9 of the random rollout returned observation[2] = NaN, not finite");
    }

    @Test
    void failsOnAnObservationOutsideTheSpace() {
        CheckReport report = EnvChecker.check(() -> new Broken() {
            @Override
            public Step reset() {
                Step s = super.reset();
                s.observation()[1] = 5;
                return s;
            }
        });
        assertFailure(report, "reset() after reset(seed) returned observation[1] = 5.0, outside the observation space's [-1.0, 1.0]");
    }

    @Test
    void failsWhenANanActionIsAccepted() {
        CheckReport report = EnvChecker.check(() -> new Broken() {
            @Override
            public Step step(double[] action) {
                double[] cleaned = action.clone();
                for (int i = 0; i < cleaned.length; i++) if (Double.isNaN(cleaned[i])) cleaned[i] = 0;
                return super.step(cleaned);
            }
        });
        assertFailure(report, "step accepted an action with a NaN element without throwing IllegalArgumentException");
        assertEquals(1, report.failures().size(), report.toString());
    }

    @Test
    void failsWhenAnOutOfRangeDiscreteActionIsAccepted() {
        CheckReport report = EnvChecker.check(() -> new Wrapper<Integer>(new DiscretizeAction(limitedPointMass(), 3)) {
            @Override
            public Step step(Integer action) {
                return super.step(Math.floorMod(action, 9));
            }
        });
        assertFailure(report, "step accepted action -1 (the space is Discrete(9))");
        assertFailure(report, "step accepted action 9 (the space is Discrete(9))");
    }

    @Test
    void failsOnWrongResetResultsAndStepAfterClose() {
        CheckReport report = EnvChecker.check(() -> new Broken() {
            private boolean closed;

            @Override
            public Step reset(long seed) {
                return super.reset(seed).setReward(1);
            }

            @Override
            public Step step(double[] action) {
                if (closed) return new Step(4); // should throw
                return super.step(action);
            }

            @Override
            public void close() {
                if (closed) throw new IllegalStateException("already closed");
                closed = true;
            }
        });
        assertFailure(report, "reset(42) returned reward 1.0");
        assertFailure(report, "a second close() threw");
        assertFailure(report, "step after close did not throw IllegalStateException");
    }

    @Test
    void reportListsFailuresAndAssertPassedThrowsWithAllOfThem() {
        CheckReport report = new CheckReport(List.of("a broke", "b broke"), List.of("c is odd"));
        assertFalse(report.passed());
        assertEquals("environment check FAILED: 2 failures, 1 warning\n  FAIL: a broke\n  FAIL: b broke\n  WARN: c is odd",
                report.toString());
        AssertionError e = assertThrows(AssertionError.class, report::assertPassed);
        assertTrue(e.getMessage().contains("a broke") && e.getMessage().contains("b broke"));
        assertThrows(IllegalArgumentException.class, () -> EnvChecker.check(PointMassEnv::new, 0));
        Supplier<Env<double[]>> nothing = () -> null;
        assertFailure(EnvChecker.check(nothing), "the factory returned null");
    }

    private static void assertFailure(CheckReport report, String expected) {
        assertFalse(report.passed(), report.toString());
        assertTrue(report.failures().stream().anyMatch(f -> f.contains(expected)),
                "expected a failure containing \"" + expected + "\" in\n" + report);
    }
}
