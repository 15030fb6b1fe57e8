package org.neuroprior.envs.wrappers;

import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * Base class for wrappers that keep the action type and leave actions alone: every method delegates to the inner
 * environment ({@link ActionWrapper} with the identity action map), so a subclass overrides only what it changes.
 *
 * <p>A wrapper that changes the observation must own its own {@link Step} (and write into it), never the
 * inner one's observation array: the inner environment may read its own array back. A wrapper that only
 * changes scalars (reward, flags, info) may edit and return the inner Step, which the inner environment
 * rewrites on its next call anyway.
 *
 * @param <A> the action type, the same outside and inside
 */
public abstract class Wrapper<A> extends ActionWrapper<A, A> {

    protected Wrapper(Env<A> env) {
        super(env);
    }

    /** The inner environment's action space. */
    @Override
    public Space<A> actionSpace() {
        return env.actionSpace();
    }

    /** The action itself. */
    @Override
    protected A action(A action) {
        return action;
    }

    /** Steps the inner environment, which checks the action. */
    @Override
    public Step step(A action) {
        return env.step(action);
    }
}
