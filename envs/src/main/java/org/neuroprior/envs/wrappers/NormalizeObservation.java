package org.neuroprior.envs.wrappers;

import java.util.Arrays;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Step;

/**
 * Standardises observations with running statistics, {@code clip((obs - mean) / sqrt(var + 1e-8))}, so that
 * elements on very different scales (joint angles, velocities, whisker forces) reach the network alike.
 * The statistics are updated with every observation this wrapper returns, reset observations included,
 * unless {@linkplain #setFrozen frozen}: freeze them for evaluation, and save {@link #runningMeanStd()}'s
 * {@link RunningMeanStd#stats() stats} with the agent's checkpoint.
 *
 * <p>The observation space becomes {@code Box(-clip, clip)} in the inner shape.
 *
 * @param <A> the action type
 */
public final class NormalizeObservation<A> extends Wrapper<A> {

    /** The clip used unless another is given. */
    public static final double DEFAULT_CLIP = 10.0;

    private final double clip;
    private final RunningMeanStd rms;
    private final Box observationSpace;
    private final Step step;
    private boolean frozen;

    public NormalizeObservation(Env<A> env) {
        this(env, DEFAULT_CLIP);
    }

    /** @throws IllegalArgumentException unless {@code clip > 0} (it may be infinite: no clipping) */
    public NormalizeObservation(Env<A> env, double clip) {
        super(env);
        if (!(clip > 0)) throw new IllegalArgumentException("clip must be > 0, got " + clip);
        this.clip = clip;
        Box inner = env.observationSpace();
        rms = new RunningMeanStd(inner.size());
        double[] low = new double[inner.size()];
        double[] high = new double[inner.size()];
        Arrays.fill(low, -clip);
        Arrays.fill(high, clip);
        observationSpace = new Box(low, high, inner.shape());
        step = new Step(inner.size());
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    public double clip() {
        return clip;
    }

    /** The live statistics: {@code stats()} to save them, {@code restore(...)} to load them. */
    public RunningMeanStd runningMeanStd() {
        return rms;
    }

    /** While frozen the statistics are used but not updated (for evaluation runs). */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    public boolean isFrozen() {
        return frozen;
    }

    @Override
    public Step reset(long seed) {
        return write(env.reset(seed));
    }

    @Override
    public Step reset() {
        return write(env.reset());
    }

    @Override
    public Step step(A action) {
        return write(env.step(action));
    }

    private Step write(Step inner) {
        double[] obs = inner.observation();
        if (!frozen) rms.update(obs);
        rms.normalize(obs, step.observation(), clip);
        return step.copyScalarsFrom(inner);
    }
}
