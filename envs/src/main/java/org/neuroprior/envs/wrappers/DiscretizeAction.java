package org.neuroprior.envs.wrappers;

import java.util.Arrays;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;

/**
 * Turns a continuous-control environment into a discrete one, for agents that need a finite action set (DQN
 * and its relatives): each action dimension gets {@code bins} evenly spaced levels from its low to its high
 * bound ({@code low + k (high - low) / (bins - 1)}, k = 0 .. bins-1, both ends exact), and every combination
 * of levels is one discrete action, so the action space is {@code Discrete(bins^n)}.
 *
 * <p>The index is decoded in mixed radix with dimension 0 varying fastest:
 * {@code k_d = (index / bins^d) % bins}. For example with 3 bins and 2 dimensions, index 5 = 2 + 1*3 means
 * level 2 (high) on dimension 0 and level 1 (the midpoint) on dimension 1.
 *
 * <p>The count grows exponentially with the dimension, so it is capped at {@link #MAX_ACTIONS}.
 */
public final class DiscretizeAction extends ActionWrapper<Integer, double[]> {

    /** The largest discrete action count accepted. */
    public static final int MAX_ACTIONS = 1_000_000;

    private final int bins;
    private final double[][] levels; // [dimension][k]
    private final Discrete actionSpace;
    private final double[] action;

    /**
     * @throws IllegalArgumentException if the action space is not a bounded Box, if {@code bins < 2}, or if
     *                                  {@code bins^n} exceeds {@link #MAX_ACTIONS}
     */
    public DiscretizeAction(Env<double[]> env, int binsPerDimension) {
        super(env);
        if (!(env.actionSpace() instanceof Box box)) {
            throw new IllegalArgumentException("DiscretizeAction needs a Box action space, got " + env.actionSpace());
        }
        if (!box.isBounded()) {
            throw new IllegalArgumentException("DiscretizeAction needs finite action bounds, got low "
                    + Arrays.toString(box.low()) + ", high " + Arrays.toString(box.high()));
        }
        if (binsPerDimension < 2) {
            throw new IllegalArgumentException("binsPerDimension must be >= 2, got " + binsPerDimension);
        }
        int n = box.size();
        long count = 1;
        for (int d = 0; d < n; d++) {
            count *= binsPerDimension;
            if (count > MAX_ACTIONS) {
                throw new IllegalArgumentException(binsPerDimension + " bins on each of " + n + " action dimensions make "
                        + binsPerDimension + "^" + n + " discrete actions, more than the " + MAX_ACTIONS + " allowed");
            }
        }
        this.bins = binsPerDimension;
        this.actionSpace = new Discrete((int) count);
        this.levels = new double[n][bins];
        for (int d = 0; d < n; d++) {
            for (int k = 0; k < bins; k++) {
                double t = (double) k / (bins - 1);
                levels[d][k] = (1 - t) * box.low(d) + t * box.high(d);
            }
        }
        this.action = new double[n];
    }

    public int binsPerDimension() {
        return bins;
    }

    /** The continuous action that discrete action {@code index} stands for: a new array. */
    public double[] continuousAction(int index) {
        actionSpace.requireValidAction(index);
        double[] out = new double[levels.length];
        decode(index, out);
        return out;
    }

    private void decode(int index, double[] out) {
        for (int d = 0; d < out.length; d++) {
            out[d] = levels[d][index % bins];
            index /= bins;
        }
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    protected double[] action(Integer index) {
        decode(index, action);
        return action;
    }
}
