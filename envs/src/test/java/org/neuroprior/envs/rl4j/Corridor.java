package org.neuroprior.envs.rl4j;

import java.util.SplittableRandom;

import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * A deterministic test corridor of {@code length} cells: action 0 moves left, 1 moves right (walls clamp). Reaching
 * the rightmost cell gives +1 and terminates; every other step costs 0.01; after {@code timeLimit} steps the episode
 * is truncated. The start cell is drawn uniformly from the left half with the seeded generator. Observations are a
 * one-hot of the position. Like real envs, it reuses one {@link Step} and overwrites its observation array.
 */
final class Corridor implements Env<Integer> {
    static final double GOAL_REWARD = 1.0;
    static final double STEP_COST = 0.01;

    final int length;
    final int timeLimit;
    private final Box observationSpace;
    private final Discrete actionSpace = new Discrete(2);
    private final Step step;
    private SplittableRandom rng = new SplittableRandom(0);
    private int position;
    private int t;
    private boolean started;
    boolean closed;
    int resets;
    int seededResets;

    Corridor(int length, int timeLimit) {
        this.length = length;
        this.timeLimit = timeLimit;
        this.observationSpace = Box.uniform(length, 0, 1);
        this.step = new Step(length);
    }

    Corridor() {
        this(8, 20);
    }

    int position() {
        return position;
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    public Step reset(long seed) {
        rng = new SplittableRandom(seed);
        seededResets++;
        return reset();
    }

    @Override
    public Step reset() {
        if (closed) throw new IllegalStateException("closed");
        resets++;
        started = true;
        t = 0;
        position = rng.nextInt(length / 2);
        writeObservation();
        return step.set(0, false, false);
    }

    @Override
    public Step step(Integer action) {
        if (closed || !started) throw new IllegalStateException("reset first / closed");
        actionSpace.requireValidAction(action);
        position = Math.max(0, Math.min(length - 1, position + (action == 1 ? 1 : -1)));
        t++;
        boolean terminated = position == length - 1;
        boolean truncated = !terminated && t >= timeLimit;
        writeObservation();
        step.set(terminated ? GOAL_REWARD : -STEP_COST, terminated, truncated);
        step.info().put("t", t);
        return step;
    }

    private void writeObservation() {
        double[] o = step.observation();
        java.util.Arrays.fill(o, 0);
        o[position] = 1;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "Corridor(" + length + ")";
    }
}
