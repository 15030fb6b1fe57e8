package org.neuroprior.envs.wrappers;

import java.util.Arrays;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Step;

/**
 * Appends the remaining-time feature to the observation, so a policy under a time limit can tell a state
 * near the deadline from the same state early on (Pardo et al., "Time Limits in Reinforcement Learning",
 * 2018). The appended value is {@code -1 + 2 t / limit}, where {@code t} is the number of steps since reset:
 * -1 right after reset, +1 at step {@code limit}, held at +1 if stepping goes on past it.
 *
 * <p>The observation becomes flat, of shape {@code [n + 1]}, with the new element bounded in [-1, 1]. This
 * wrapper does not end episodes: put a {@link TimeLimit} with the same limit below or above it.
 *
 * @param <A> the action type
 */
public final class TimeFeature<A> extends Wrapper<A> {

    private final int limit;
    private final int innerSize;
    private final Box observationSpace;
    private final Step step;
    private int t;

    /** @throws IllegalArgumentException if {@code limit < 1} */
    public TimeFeature(Env<A> env, int limit) {
        super(env);
        if (limit < 1) throw new IllegalArgumentException("time feature limit must be >= 1, got " + limit);
        this.limit = limit;
        Box inner = env.observationSpace();
        innerSize = inner.size();
        double[] low = Arrays.copyOf(inner.low(), innerSize + 1);
        double[] high = Arrays.copyOf(inner.high(), innerSize + 1);
        low[innerSize] = -1;
        high[innerSize] = 1;
        observationSpace = new Box(low, high, new int[] {innerSize + 1});
        step = new Step(innerSize + 1);
    }

    public int limit() {
        return limit;
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public Step reset(long seed) {
        t = 0;
        return write(env.reset(seed));
    }

    @Override
    public Step reset() {
        t = 0;
        return write(env.reset());
    }

    @Override
    public Step step(A action) {
        Step s = env.step(action);
        if (t < limit) t++;
        return write(s);
    }

    private Step write(Step inner) {
        double[] out = step.observation();
        System.arraycopy(inner.observation(), 0, out, 0, innerSize);
        out[innerSize] = -1.0 + 2.0 * t / limit;
        return step.copyScalarsFrom(inner);
    }
}
