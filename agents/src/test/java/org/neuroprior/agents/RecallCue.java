package org.neuroprior.agents;

import java.util.SplittableRandom;

import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * A tiny discrete task that needs memory: the first observation shows a cue (+1 or -1, drawn at reset), the next
 * {@code delay} observations show nothing (0); at the last step the agent must name the cue (action 1 for +1, 0 for
 * -1) and gets reward 1 if right, 0 otherwise; earlier steps give 0 whatever the action. A memoryless policy scores
 * 0.5 on average; one that remembers scores 1. Observation {@code [cue, is_last]}.
 */
final class RecallCue implements Env<Integer> {
    private final int delay;
    private final Step step = new Step(2);
    private SplittableRandom rng = new SplittableRandom(0);
    private double cue;
    private int t;
    private boolean closed;

    RecallCue(int delay) {
        this.delay = delay;
    }

    @Override
    public Box observationSpace() {
        return Box.of(new double[] {-1, 0}, new double[] {1, 1});
    }

    @Override
    public Space<Integer> actionSpace() {
        return new Discrete(2);
    }

    @Override
    public Step reset(long seed) {
        rng = new SplittableRandom(seed);
        return reset();
    }

    @Override
    public Step reset() {
        if (closed) throw new IllegalStateException("closed");
        cue = rng.nextBoolean() ? 1 : -1;
        t = 0;
        step.observation()[0] = cue;
        step.observation()[1] = delay == 0 ? 1 : 0;
        return step.set(0, false, false);
    }

    @Override
    public Step step(Integer action) {
        actionSpace().requireValidAction(action);
        boolean last = t == delay;
        t++;
        double reward = last && (action == 1) == (cue > 0) ? 1 : 0;
        step.observation()[0] = 0;
        step.observation()[1] = t == delay ? 1 : 0;
        return step.set(reward, last, false);
    }

    @Override
    public void close() {
        closed = true;
    }
}
