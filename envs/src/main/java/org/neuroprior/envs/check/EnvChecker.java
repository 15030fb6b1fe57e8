package org.neuroprior.envs.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * Checks that an environment keeps the {@link Env} contract, in the spirit of Gymnasium's
 * {@code check_env}: run it in a unit test of every environment you write, because a learner fed a broken
 * environment (a NaN observation, a seed that does not seed) fails slowly and far from the cause.
 *
 * <pre>{@code
 * EnvChecker.check(() -> new MyEnv(config)).assertPassed();
 * }</pre>
 *
 * <p>The factory must build a fresh environment on every call: determinism is checked across instances. The
 * checks, in order:
 * <ol>
 * <li>spaces: the observation space is a Box whose shape product is its size; the action space is not null;
 * <li>step before any reset throws {@link IllegalStateException};
 * <li>{@code reset(seed)}: an observation of the right length, finite and inside the observation space;
 *     reward 0, both flags false, info not null; {@code reset(seed)} again gives the same observation;
 *     another seed gives a different one (a warning if not); {@code reset()} works;
 * <li>a rollout of {@code maxSteps} steps with actions sampled from the action space (seeded): every
 *     observation as above, rewards finite, info not null, and {@code reset()} working after each episode end;
 * <li>determinism: two fresh environments reset with the same seed and fed the same actions give identical
 *     observations, rewards and flags, and so does the environment of the rollout;
 * <li>invalid actions are rejected with {@link IllegalArgumentException}: for a Box, a wrong length, NaN and
 *     infinity; for a Discrete, indices -1 and n;
 * <li>{@code close()} twice is harmless, and step after close throws {@link IllegalStateException}.
 * </ol>
 * Checks that depend on a broken part (the rollout on reset, everything on the spaces) are skipped, so
 * each problem is reported once.
 *
 * <p>Check the environment itself (plain wrappers around it are fine), not adaptive wrappers such as an
 * unfrozen {@code NormalizeObservation}: their statistics carry over from one episode to the next by design,
 * which this checker reports as state that {@code reset(seed)} does not reset.
 */
public final class EnvChecker {

    /** Steps of the random rollout unless told otherwise. */
    public static final int DEFAULT_MAX_STEPS = 300;
    /** The seed of every reset(seed) and of the action sampler. */
    public static final long SEED = 42;

    private EnvChecker() {
    }

    public static <A> CheckReport check(Supplier<? extends Env<A>> factory) {
        return check(factory, DEFAULT_MAX_STEPS);
    }

    /**
     * Checks environments whose action type is not known statically, such as those from
     * {@code Envs.make(id, options)}. Each factory call must return environments of one action type.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static CheckReport checkAny(Supplier<? extends Env<?>> factory, int maxSteps) {
        return check((Supplier) factory, maxSteps);
    }

    /** @throws IllegalArgumentException if {@code maxSteps < 1} */
    public static <A> CheckReport check(Supplier<? extends Env<A>> factory, int maxSteps) {
        Objects.requireNonNull(factory, "factory");
        if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
        Run<A> run = new Run<>(factory, maxSteps);
        run.all();
        return new CheckReport(run.failures, run.warnings);
    }

    /** One step of a recorded trajectory, copied out of the environment's reused Step. */
    private record Transition(double[] observation, double reward, boolean terminated, boolean truncated,
                              double[] resetObservation) {
    }

    /** A reset observation, the actions fed and what came back. */
    private record Trajectory<A>(double[] initial, List<A> actions, List<Transition> transitions) {
    }

    /** One check of one environment type: collects what it finds. */
    private static final class Run<A> {
        private final Supplier<? extends Env<A>> factory;
        private final int maxSteps;
        private final List<String> failures = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private Box observationSpace;
        private Space<A> actionSpace;
        private boolean resetThrew;

        Run(Supplier<? extends Env<A>> factory, int maxSteps) {
            this.factory = factory;
            this.maxSteps = maxSteps;
        }

        private void fail(String message) {
            failures.add(message);
        }

        void all() {
            Env<A> env = make("the environment");
            if (env == null) return;
            try {
                if (!checkSpaces(env)) return;
                checkStepBeforeReset(env);
                if (checkResets(env)) {
                    Trajectory<A> trajectory = rollout(env);
                    if (trajectory != null) checkDeterminism(trajectory);
                }
                if (!resetThrew) checkInvalidActions(env);
                checkClose(env);
            } finally {
                closeQuietly(env);
            }
        }

        private Env<A> make(String what) {
            try {
                Env<A> env = factory.get();
                if (env == null) fail("the factory returned null for " + what);
                return env;
            } catch (RuntimeException e) {
                fail("the factory threw " + e + " building " + what);
                return null;
            }
        }

        private boolean checkSpaces(Env<A> env) {
            try {
                observationSpace = env.observationSpace();
                actionSpace = env.actionSpace();
            } catch (RuntimeException e) {
                fail("reading the spaces threw " + e);
                return false;
            }
            if (observationSpace == null) fail("observationSpace() is null");
            if (actionSpace == null) fail("actionSpace() is null");
            if (observationSpace == null || actionSpace == null) return false;
            int[] shape = observationSpace.shape();
            long product = 1;
            for (int d : shape) product *= d;
            if (product != observationSpace.size()) {
                fail("observation space shape " + Arrays.toString(shape) + " holds " + product + " values but its size is "
                        + observationSpace.size());
                return false;
            }
            if (actionSpace instanceof Box box) {
                for (int i = 0; i < box.size(); i++) {
                    if (box.low(i) != -1 || box.high(i) != 1) {
                        warnings.add("the Box action space " + box + " is not [-1, 1] on every element: agents with"
                                + " squashed (tanh) policies expect that; consider RescaleAction");
                        break;
                    }
                }
            }
            return true;
        }

        private void checkStepBeforeReset(Env<A> env) {
            A action = actionSpace.sample(new SplittableRandom(SEED));
            try {
                env.step(action);
                fail("step before any reset did not throw IllegalStateException");
            } catch (IllegalStateException expected) {
                // as the contract says
            } catch (RuntimeException e) {
                fail("step before any reset threw " + e + " instead of IllegalStateException");
            }
        }

        /** The reset checks; false if resetting is too broken to go on. */
        private boolean checkResets(Env<A> env) {
            Step s = reset(env, SEED, "reset(" + SEED + ")");
            if (s == null) return false;
            double[] first = s.observation().clone();

            s = reset(env, SEED, "a second reset(" + SEED + ")");
            if (s == null) return false;
            if (!Arrays.equals(first, s.observation())) {
                fail("reset(" + SEED + ") twice gave different first observations (" + firstDifference(first, s.observation())
                        + "): reset(seed) must re-seed every random choice");
            }

            s = reset(env, SEED + 1, "reset(" + (SEED + 1) + ")");
            if (s == null) return false;
            if (Arrays.equals(first, s.observation())) {
                warnings.add("reset(" + SEED + ") and reset(" + (SEED + 1) + ") gave the same first observation:"
                        + " is the start state random at all?");
            }

            s = reset(env, null, "reset() after reset(seed)");
            return s != null;
        }

        /** Resets ({@code seed} null: unseeded) and checks the result; null on failure. */
        private Step reset(Env<A> env, Long seed, String where) {
            Step s;
            try {
                s = seed == null ? env.reset() : env.reset(seed);
            } catch (RuntimeException e) {
                fail(where + " threw " + e);
                resetThrew = true;
                return null;
            }
            if (!checkStep(where, s, true)) return null;
            return s;
        }

        /** Checks one returned Step; false (after reporting) if it is broken. */
        private boolean checkStep(String where, Step s, boolean afterReset) {
            if (s == null) {
                fail(where + " returned null");
                return false;
            }
            double[] obs = s.observation();
            if (obs == null) {
                fail(where + " returned a null observation");
                return false;
            }
            if (obs.length != observationSpace.size()) {
                fail(where + " returned an observation of length " + obs.length + "; the observation space holds "
                        + observationSpace.size());
                return false;
            }
            for (int i = 0; i < obs.length; i++) {
                if (!Double.isFinite(obs[i])) {
                    fail(where + " returned observation[" + i + "] = " + obs[i] + ", not finite");
                    return false;
                }
            }
            for (int i = 0; i < obs.length; i++) {
                if (obs[i] < observationSpace.low(i) || obs[i] > observationSpace.high(i)) {
                    fail(where + " returned observation[" + i + "] = " + obs[i] + ", outside the observation space's ["
                            + observationSpace.low(i) + ", " + observationSpace.high(i) + "]");
                    return false;
                }
            }
            if (s.info() == null) {
                fail(where + " returned a null info map");
                return false;
            }
            if (afterReset) {
                if (s.reward() != 0 || s.terminated() || s.truncated()) {
                    fail(where + " returned reward " + s.reward() + ", terminated " + s.terminated() + ", truncated "
                            + s.truncated() + "; after a reset they must be 0, false, false");
                    return false;
                }
            } else if (!Double.isFinite(s.reward())) {
                fail(where + " returned reward " + s.reward() + ", not finite");
                return false;
            }
            return true;
        }

        /** Random actions from reset(SEED), checking everything that comes back; null if it breaks. */
        private Trajectory<A> rollout(Env<A> env) {
            Step s = reset(env, SEED, "reset(" + SEED + ") before the rollout");
            if (s == null) return null;
            double[] initial = s.observation().clone();
            SplittableRandom rng = new SplittableRandom(SEED);
            List<A> actions = new ArrayList<>(maxSteps);
            List<Transition> transitions = new ArrayList<>(maxSteps);
            int episodesEnded = 0;
            for (int t = 0; t < maxSteps; t++) {
                A action = actionSpace.sample(rng);
                actions.add(action);
                String where = "step " + t + " of the random rollout";
                try {
                    s = env.step(copy(action));
                } catch (RuntimeException e) {
                    fail(where + " threw " + e + " for the valid action " + describe(action));
                    return null;
                }
                if (!checkStep(where, s, false)) return null;
                double[] obs = s.observation().clone();
                double reward = s.reward();
                boolean terminated = s.terminated();
                boolean truncated = s.truncated();
                double[] resetObs = null;
                if (terminated || truncated) {
                    episodesEnded++;
                    Step r = reset(env, null, "reset() after the episode ended at step " + t);
                    if (r == null) return null;
                    resetObs = r.observation().clone();
                }
                transitions.add(new Transition(obs, reward, terminated, truncated, resetObs));
            }
            if (episodesEnded == 0) {
                warnings.add("no episode ended in " + maxSteps + " random steps, so reset() after an episode's end was"
                        + " not checked (wrap endless tasks in a TimeLimit)");
            }
            return new Trajectory<>(initial, actions, transitions);
        }

        /** Replays {@code reference}'s actions on fresh environments and on the rollout's own. */
        private void checkDeterminism(Trajectory<A> reference) {
            Trajectory<A> a = replay(reference.actions(), "a fresh environment");
            Trajectory<A> b = replay(reference.actions(), "a second fresh environment");
            if (a == null || b == null) return;
            String difference = difference(a, b);
            if (difference != null) {
                fail("two fresh environments reset with seed " + SEED + " and given the same actions differ: " + difference
                        + "; hidden randomness (an unseeded generator, shared static state, the clock)?");
                return;
            }
            difference = difference(reference, a);
            if (difference != null) {
                fail("an environment used before and then reset(" + SEED + ") differs from a fresh one given the same"
                        + " actions: " + difference + "; reset(seed) must reset all state and re-seed");
            }
        }

        private Trajectory<A> replay(List<A> actions, String what) {
            Env<A> env = make(what);
            if (env == null) return null;
            try {
                Step s = env.reset(SEED);
                double[] initial = s.observation().clone();
                List<Transition> transitions = new ArrayList<>(actions.size());
                for (A action : actions) {
                    s = env.step(copy(action));
                    double[] obs = s.observation().clone();
                    double reward = s.reward();
                    boolean terminated = s.terminated();
                    boolean truncated = s.truncated();
                    double[] resetObs = terminated || truncated ? env.reset().observation().clone() : null;
                    transitions.add(new Transition(obs, reward, terminated, truncated, resetObs));
                }
                return new Trajectory<>(initial, actions, transitions);
            } catch (RuntimeException e) {
                fail("replaying the rollout's actions on " + what + " threw " + e);
                return null;
            } finally {
                closeQuietly(env);
            }
        }

        /** The first difference between two trajectories, in words; null if they are identical. */
        private static String difference(Trajectory<?> x, Trajectory<?> y) {
            if (!Arrays.equals(x.initial(), y.initial())) {
                return "the reset observations differ (" + firstDifference(x.initial(), y.initial()) + ")";
            }
            for (int t = 0; t < x.transitions().size(); t++) {
                Transition p = x.transitions().get(t);
                Transition q = y.transitions().get(t);
                if (!Arrays.equals(p.observation(), q.observation())) {
                    return "at step " + t + " the observations differ (" + firstDifference(p.observation(), q.observation()) + ")";
                }
                if (Double.compare(p.reward(), q.reward()) != 0) {
                    return "at step " + t + " the rewards differ (" + p.reward() + " vs " + q.reward() + ")";
                }
                if (p.terminated() != q.terminated() || p.truncated() != q.truncated()) {
                    return "at step " + t + " the flags differ (terminated " + p.terminated() + "/" + q.terminated()
                            + ", truncated " + p.truncated() + "/" + q.truncated() + ")";
                }
                if (!Arrays.equals(p.resetObservation(), q.resetObservation())) {
                    return "after the episode ended at step " + t + " the reset() observations differ";
                }
            }
            return null;
        }

        private static String firstDifference(double[] x, double[] y) {
            for (int i = 0; i < Math.min(x.length, y.length); i++) {
                if (Double.compare(x[i], y[i]) != 0) return "element " + i + ": " + x[i] + " vs " + y[i];
            }
            return "lengths " + x.length + " vs " + y.length;
        }

        @SuppressWarnings("unchecked")
        private void checkInvalidActions(Env<A> env) {
            if (actionSpace instanceof Box box) {
                Env<double[]> boxEnv = (Env<double[]>) env;
                int n = box.size();
                expectRejected(boxEnv, new double[n + 1], "an action of length " + (n + 1) + " (the space holds " + n + ")");
                if (n > 0) {
                    double[] nan = midpoint(box);
                    nan[0] = Double.NaN;
                    expectRejected(boxEnv, nan, "an action with a NaN element");
                    double[] inf = midpoint(box);
                    inf[0] = Double.POSITIVE_INFINITY;
                    expectRejected(boxEnv, inf, "an action with an infinite element");
                }
            } else if (actionSpace instanceof Discrete discrete) {
                Env<Integer> discreteEnv = (Env<Integer>) env;
                expectRejected(discreteEnv, -1, "action -1 (the space is " + discrete + ")");
                expectRejected(discreteEnv, discrete.n(), "action " + discrete.n() + " (the space is " + discrete + ")");
            }
        }

        private static double[] midpoint(Box box) {
            double[] x = new double[box.size()];
            for (int i = 0; i < x.length; i++) {
                double lo = box.low(i);
                double hi = box.high(i);
                x[i] = Double.isFinite(lo) && Double.isFinite(hi) ? lo + (hi - lo) / 2
                        : Double.isFinite(lo) ? lo : Double.isFinite(hi) ? hi : 0;
            }
            return x;
        }

        private <T> void expectRejected(Env<T> env, T action, String what) {
            try {
                env.reset(SEED);
            } catch (RuntimeException e) {
                fail("reset(" + SEED + ") before testing " + what + " threw " + e);
                return;
            }
            try {
                env.step(action);
                fail("step accepted " + what + " without throwing IllegalArgumentException");
            } catch (IllegalArgumentException expected) {
                // as the contract says
            } catch (RuntimeException e) {
                fail("step with " + what + " threw " + e + " instead of IllegalArgumentException");
            }
        }

        private void checkClose(Env<A> env) {
            for (String which : new String[] {"close()", "a second close()"}) {
                try {
                    env.close();
                } catch (RuntimeException e) {
                    fail(which + " threw " + e + "; closing must be idempotent");
                }
            }
            A action = actionSpace.sample(new SplittableRandom(SEED));
            try {
                env.step(action);
                fail("step after close did not throw IllegalStateException");
            } catch (IllegalStateException expected) {
                // as the contract says
            } catch (RuntimeException e) {
                fail("step after close threw " + e + " instead of IllegalStateException");
            }
        }

        private void closeQuietly(Env<A> env) {
            try {
                env.close();
            } catch (RuntimeException ignored) {
                // reported by checkClose where it matters
            }
        }

        @SuppressWarnings("unchecked")
        private static <T> T copy(T action) {
            return action instanceof double[] d ? (T) d.clone() : action;
        }

        private static String describe(Object action) {
            return action instanceof double[] d ? Arrays.toString(d) : String.valueOf(action);
        }
    }
}
