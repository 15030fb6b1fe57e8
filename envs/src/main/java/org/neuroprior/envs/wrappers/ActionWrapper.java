package org.neuroprior.envs.wrappers;

import java.util.Objects;

import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * Base class of wrappers, as Gymnasium's {@code ActionWrapper}: the agent acts in this wrapper's action space
 * ({@code A}), {@link #step} checks the action there, maps it with {@link #action} to the inner environment's
 * ({@code B}) and steps the inner environment; everything else delegates to it. {@link Wrapper} is the case
 * {@code A = B} that leaves actions alone.
 *
 * @param <A> the action type the agent uses
 * @param <B> the action type of the wrapped environment
 */
public abstract class ActionWrapper<A, B> implements Env<A> {

    /** The wrapped environment. */
    protected final Env<B> env;

    protected ActionWrapper(Env<B> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The environment directly below this wrapper. */
    public Env<B> inner() {
        return env;
    }

    /** The space the agent's actions are checked against. */
    @Override
    public abstract Space<A> actionSpace();

    /**
     * The inner environment's action for a valid action of this wrapper. It may return a buffer reused on every
     * call (the inner environment must not keep it).
     */
    protected abstract B action(A action);

    /** @throws IllegalArgumentException if the action is not in {@link #actionSpace()} */
    @Override
    public Step step(A action) {
        actionSpace().requireValidAction(action);
        return env.step(action(action));
    }

    @Override
    public Box observationSpace() {
        return env.observationSpace();
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
