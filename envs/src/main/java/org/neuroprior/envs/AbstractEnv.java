package org.neuroprior.envs;

import java.util.SplittableRandom;

/**
 * Base class of environments, as Gymnasium's {@code Env}: it keeps the bookkeeping every environment needs, so a
 * subclass writes only its dynamics ({@link #resetEpisode}, {@link #stepEpisode}) and what it releases
 * ({@link #release}).
 *
 * <ul>
 *   <li>Seeding: {@code reset(seed)} starts a new random stream from the seed; {@code reset()} goes on with the last
 *       one (an unseeded stream if there was never a seed, as Gymnasium does without one). The subclass draws from
 *       the stream it is handed.</li>
 *   <li>Order: {@code step} before the first {@code reset}, after the end of an episode (see {@link #endEpisode()})
 *       or after a reset that failed throws {@link IllegalStateException}; so does anything after {@code close}.</li>
 *   <li>Actions are checked against {@link #actionSpace()} before the subclass sees them.</li>
 *   <li>{@code close} releases once; calling it again is harmless.</li>
 * </ul>
 *
 * @param <A> the action type: {@code double[]} or {@code Integer}
 */
public abstract class AbstractEnv<A> implements Env<A> {
    /**
     * Info key of a step truncated because MuJoCo reported a diverged state (bad position, velocity or acceleration)
     * or a reading was not finite; its value is {@code true}. The observation is still finite.
     */
    public static final String PHYSICS_DIVERGED = "physics_diverged";

    private SplittableRandom random;
    private boolean started;
    private boolean needsReset = true;
    private boolean closed;

    /**
     * Starts an episode: draws its initial state from {@code random} and returns the first step (reward 0, not
     * done). Called with the environment open.
     */
    protected abstract Step resetEpisode(SplittableRandom random);

    /** Advances one control step with an action already checked against the action space. */
    protected abstract Step stepEpisode(A action);

    /** Releases native resources; called once, by the first {@link #close()}. Nothing by default. */
    protected void release() {
    }

    /**
     * Marks the episode as over: the next {@code step} throws until a reset. For a subclass whose episodes end by
     * themselves (a terminal step, diverged physics that cannot go on); an environment that can go on after a
     * truncation (a time limit added by a wrapper) does not call it.
     */
    protected final void endEpisode() {
        needsReset = true;
    }

    @Override
    public final Step reset(long seed) {
        checkOpen();
        random = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public final Step reset() {
        checkOpen();
        if (random == null) random = new SplittableRandom(); // unseeded, as Gymnasium does without a seed
        needsReset = true; // stays so if the reset fails
        Step first = resetEpisode(random);
        started = true;
        needsReset = false;
        return first;
    }

    /**
     * @throws IllegalArgumentException if the action is not in the action space (wrong length, not finite, out of
     *                                  range for a Discrete space)
     * @throws IllegalStateException    before the first reset, after the episode ended, or after close
     */
    @Override
    public final Step step(A action) {
        checkOpen();
        if (needsReset) throw new IllegalStateException(started ? "episode is over: call reset()" : "call reset() before step()");
        actionSpace().requireValidAction(action);
        return stepEpisode(action);
    }

    /** Whether {@link #close()} was called. */
    protected final boolean isClosed() {
        return closed;
    }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        release();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("environment is closed");
    }

    /** Whether every value is finite (no NaN, no infinity). */
    protected static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) return false;
        }
        return true;
    }
}
