package org.neuroprior.envs;

/**
 * A reinforcement-learning environment: Gymnasium's contract in Java.
 *
 * <pre>{@code
 * try (Env<double[]> env = Envs.makeContinuous("swimmer-swim", Map.of())) {
 *     Step s = env.reset(42);
 *     while (!s.done()) s = env.step(policy.act(s.observation()));
 * }
 * }</pre>
 *
 * <p>Observations are always flat {@code double[]} vectors inside {@link #observationSpace()}.
 * Actions are {@code double[]} for a {@link Box} action space and {@code Integer} for a {@link Discrete} one.
 *
 * <p>To step without allocating, an environment returns the same {@link Step} object every time and
 * overwrites it (and its observation array) on the next {@code reset} or {@code step}: copy what you keep
 * ({@link Step#snapshot()}).
 *
 * <p>Truncation (a time limit, diverged physics) is not termination: a learner should bootstrap from the
 * value of a truncated state but not of a terminated one.
 *
 * @param <A> the action type: {@code double[]} or {@code Integer}
 */
public interface Env<A> extends AutoCloseable {

    /** The space every observation lies in. */
    Box observationSpace();

    /** The space of valid actions. */
    Space<A> actionSpace();

    /** Re-seeds the environment's random stream with {@code seed} and starts a new episode. */
    Step reset(long seed);

    /** Starts a new episode, continuing the random stream of the last seeded reset. */
    Step reset();

    /**
     * Advances one control step.
     *
     * @throws IllegalArgumentException if the action is not of the action space's shape or is not finite
     * @throws IllegalStateException    if called before {@code reset} or after {@code close}
     */
    Step step(A action);

    /** The innermost environment, below every wrapper. */
    default Env<?> unwrapped() {
        return this;
    }

    /** Releases native resources. Calling it twice is harmless. */
    @Override
    void close();
}
