package org.neuroprior.envs.wrappers;

import java.util.Objects;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * Base class for wrappers that keep the action type: every method delegates to the inner environment, so a
 * subclass overrides only what it changes.
 *
 * <p>A wrapper that changes the observation must own its own {@link Step} (and write into it), never the
 * inner one's observation array: the inner environment may read its own array back. A wrapper that only
 * changes scalars (reward, flags, info) may edit and return the inner Step, which the inner environment
 * rewrites on its next call anyway.
 *
 * @param <A> the action type, the same outside and inside
 */
public abstract class Wrapper<A> implements Env<A> {

    /** The wrapped environment. */
    protected final Env<A> env;

    protected Wrapper(Env<A> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The environment directly below this wrapper. */
    public Env<A> inner() {
        return env;
    }

    @Override
    public Box observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space<A> actionSpace() {
        return env.actionSpace();
    }

    @Override
    public Step reset(long seed) {
        return env.reset(seed);
    }

    @Override
    public Step reset() {
        return env.reset();
    }

    @Override
    public Step step(A action) {
        return env.step(action);
    }

    @Override
    public Env<?> unwrapped() {
        return env.unwrapped();
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
