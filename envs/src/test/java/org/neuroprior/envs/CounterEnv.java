package org.neuroprior.envs;

import java.util.SplittableRandom;

/**
 * Test environment with results easy to predict: observation {@code [t, u]} where t counts the steps since
 * reset and u is drawn at reset from the seeded random stream; reward t on step t; terminated at step
 * {@code episodeLength} with {@code info["tag"] = "end"}. The action (a Box of {@code actionDims} values in
 * [-1, 1]) is validated and otherwise ignored.
 */
public final class CounterEnv implements Env<double[]> {

    private final int episodeLength;
    private final Box actionSpace;
    private final Step step = new Step(2);
    private SplittableRandom rng = new SplittableRandom(0);
    private int t;
    private double u;
    private boolean started;
    private boolean closed;

    public CounterEnv(int episodeLength) {
        this(episodeLength, 1);
    }

    public CounterEnv(int episodeLength, int actionDims) {
        this.episodeLength = episodeLength;
        this.actionSpace = Box.uniform(actionDims, -1, 1);
    }

    @Override
    public Box observationSpace() {
        return Box.of(new double[] {0, 0}, new double[] {1e6, 1});
    }

    @Override
    public Space<double[]> actionSpace() {
        return actionSpace;
    }

    @Override
    public Step reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public Step reset() {
        if (closed) throw new IllegalStateException("closed");
        t = 0;
        u = rng.nextDouble();
        started = true;
        return write().set(0, false, false);
    }

    @Override
    public Step step(double[] action) {
        if (closed) throw new IllegalStateException("closed");
        if (!started) throw new IllegalStateException("call reset before step");
        actionSpace.requireValidAction(action);
        t++;
        boolean end = t >= episodeLength;
        write().set(t, end, false);
        if (end) step.info().put("tag", "end");
        return step;
    }

    private Step write() {
        step.observation()[0] = t;
        step.observation()[1] = u;
        return step;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
