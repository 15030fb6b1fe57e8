package org.neuroprior.envs.wrappers;

import org.neuroprior.envs.Env;
import org.neuroprior.envs.Step;

/**
 * Ends episodes after a fixed number of steps by <em>truncating</em> them: {@code truncated} becomes true on
 * step {@code maxEpisodeSteps} and {@code terminated} is left as the environment set it, so a learner still
 * bootstraps from the last state. Stepping on past the limit without a reset keeps reporting truncation.
 *
 * @param <A> the action type
 */
public final class TimeLimit<A> extends Wrapper<A> {

    private final int maxEpisodeSteps;
    private int elapsedSteps;

    /** @throws IllegalArgumentException if {@code maxEpisodeSteps < 1} */
    public TimeLimit(Env<A> env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps taken since the last reset. */
    public int elapsedSteps() {
        return elapsedSteps;
    }

    @Override
    public Step reset(long seed) {
        Step s = env.reset(seed);
        elapsedSteps = 0;
        return s;
    }

    @Override
    public Step reset() {
        Step s = env.reset();
        elapsedSteps = 0;
        return s;
    }

    @Override
    public Step step(A action) {
        Step s = env.step(action);
        if (elapsedSteps < Integer.MAX_VALUE) elapsedSteps++;
        if (elapsedSteps >= maxEpisodeSteps) s.setTruncated(true);
        return s;
    }
}
