package org.neuroprior.agents;

import java.util.SplittableRandom;

import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * A tiny continuous-control task for learning tests: observe (target, 1), act in [-1, 1]; reward -(action - target)^2
 * for 20 steps. The target is drawn uniformly from [-0.8, 0.8] at reset, so a good policy maps the observation to
 * the action: a linear network solves it.
 */
final class ReachTarget implements Env<double[]> {
    static final int LENGTH = 20;
    private final Step step = new Step(2);
    private SplittableRandom rng = new SplittableRandom(0);
    private double target;
    private int t;
    private boolean closed;

    @Override
    public Box observationSpace() {
        return Box.of(new double[] {-1, 1}, new double[] {1, 1});
    }

    @Override
    public Space<double[]> actionSpace() {
        return Box.uniform(1, -1, 1);
    }

    @Override
    public Step reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public Step reset() {
        if (closed) throw new IllegalStateException("closed");
        target = -0.8 + 1.6 * rng.nextDouble();
        t = 0;
        step.observation()[0] = target;
        step.observation()[1] = 1;
        return step.set(0, false, false);
    }

    @Override
    public Step step(double[] action) {
        if (closed) throw new IllegalStateException("closed");
        actionSpace().requireValidAction(action);
        double a = Math.max(-1, Math.min(1, action[0]));
        t++;
        return step.set(-(a - target) * (a - target), false, t >= LENGTH);
    }

    @Override
    public void close() {
        closed = true;
    }
}
