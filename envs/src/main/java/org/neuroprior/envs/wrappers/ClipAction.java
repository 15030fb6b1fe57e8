package org.neuroprior.envs.wrappers;

import java.util.Arrays;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;

/**
 * Clips actions into the environment's bounds, so an unsquashed policy (a Gaussian's sample) can be fed
 * straight in. Its own action space is therefore unbounded, of the inner shape; actions must still have the
 * right length and be finite.
 *
 * <p>The clipped action is written into one buffer reused on every step: the environment must not keep it.
 */
public final class ClipAction extends ActionWrapper<double[], double[]> {

    private final Box actionSpace;
    private final double[] low;
    private final double[] high;
    private final double[] clipped;

    /** @throws IllegalArgumentException if the environment's action space is not a Box */
    public ClipAction(Env<double[]> env) {
        super(env);
        if (!(env.actionSpace() instanceof Box box)) {
            throw new IllegalArgumentException("ClipAction needs a Box action space, got " + env.actionSpace());
        }
        low = box.low();
        high = box.high();
        clipped = new double[low.length];
        double[] minusInf = new double[low.length];
        double[] inf = new double[low.length];
        Arrays.fill(minusInf, Double.NEGATIVE_INFINITY);
        Arrays.fill(inf, Double.POSITIVE_INFINITY);
        actionSpace = new Box(minusInf, inf, box.shape());
    }

    /** (-inf, inf) on every element, in the inner action space's shape. */
    @Override
    public Space<double[]> actionSpace() {
        return actionSpace;
    }

    @Override
    protected double[] action(double[] action) {
        for (int i = 0; i < clipped.length; i++) {
            clipped[i] = Math.min(Math.max(action[i], low[i]), high[i]);
        }
        return clipped;
    }
}
