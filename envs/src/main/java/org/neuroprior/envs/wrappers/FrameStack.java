package org.neuroprior.envs.wrappers;

import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Step;

/**
 * Observes the last {@code frames} observations at once, oldest first, as Gymnasium's {@code FrameStack}: a memoryless
 * policy can then see motion or a short history. The observation space has shape {@code [frames, inner shape...]}
 * (the inner bounds repeated). At a reset the first observation fills every frame, as Gymnasium does.
 *
 * <p>Allocation-free: the stack is one array, shifted by one frame per step.
 *
 * @param <A> the action type
 */
public final class FrameStack<A> extends Wrapper<A> {
    private final int frames;
    private final int size;
    private final Box observationSpace;
    private final Step step;

    /**
     * @param frames observations stacked, at least 1
     * @throws IllegalArgumentException if {@code frames < 1}
     */
    public FrameStack(Env<A> env, int frames) {
        super(env);
        if (frames < 1) throw new IllegalArgumentException("frames = " + frames + " is not valid; accepted: 1 or more");
        this.frames = frames;
        Box inner = env.observationSpace();
        this.size = inner.size();
        double[] low = new double[frames * size];
        double[] high = new double[frames * size];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < size; i++) {
                low[f * size + i] = inner.low(i);
                high[f * size + i] = inner.high(i);
            }
        }
        int[] innerShape = inner.shape();
        int[] shape = new int[innerShape.length + 1];
        shape[0] = frames;
        System.arraycopy(innerShape, 0, shape, 1, innerShape.length);
        this.observationSpace = new Box(low, high, shape);
        this.step = new Step(frames * size);
    }

    public int frames() {
        return frames;
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public Step reset(long seed) {
        return fill(env.reset(seed));
    }

    @Override
    public Step reset() {
        return fill(env.reset());
    }

    @Override
    public Step step(A action) {
        Step inner = env.step(action);
        double[] out = step.observation();
        System.arraycopy(out, size, out, 0, (frames - 1) * size);
        System.arraycopy(inner.observation(), 0, out, (frames - 1) * size, size);
        return step.copyScalarsFrom(inner);
    }

    private Step fill(Step inner) {
        double[] out = step.observation();
        for (int f = 0; f < frames; f++) System.arraycopy(inner.observation(), 0, out, f * size, size);
        return step.copyScalarsFrom(inner);
    }
}
