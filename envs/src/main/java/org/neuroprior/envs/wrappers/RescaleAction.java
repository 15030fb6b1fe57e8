package org.neuroprior.envs.wrappers;

import java.util.Arrays;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;

/**
 * Lets the agent act in [-1, 1]<sup>n</sup> whatever the environment's bounds are: squashed policies (tanh)
 * and exploration noise are then scaled alike on every dimension. An action {@code a} is mapped affinely to
 * {@code low + (a + 1) / 2 * (high - low)} per element, so -1, 0 and +1 give exactly low, the midpoint and
 * high. Values beyond [-1, 1] are mapped the same way and left to the environment to clip.
 *
 * <p>The mapped action is written into one buffer reused on every step: the environment must not keep it.
 */
public final class RescaleAction extends ActionWrapper<double[], double[]> {

    private final Box actionSpace;
    private final double[] low;
    private final double[] high;
    private final double[] mapped;

    /** @throws IllegalArgumentException if the environment's action space is not a Box with finite bounds */
    public RescaleAction(Env<double[]> env) {
        super(env);
        if (!(env.actionSpace() instanceof Box box)) {
            throw new IllegalArgumentException("RescaleAction needs a Box action space, got " + env.actionSpace());
        }
        if (!box.isBounded()) {
            throw new IllegalArgumentException("RescaleAction needs finite action bounds, got low "
                    + Arrays.toString(box.low()) + ", high " + Arrays.toString(box.high()));
        }
        low = box.low();
        high = box.high();
        mapped = new double[low.length];
        double[] minusOne = new double[low.length];
        double[] one = new double[low.length];
        Arrays.fill(minusOne, -1);
        Arrays.fill(one, 1);
        actionSpace = new Box(minusOne, one, box.shape());
    }

    /** [-1, 1] on every element, in the inner action space's shape. */
    @Override
    public Space<double[]> actionSpace() {
        return actionSpace;
    }

    @Override
    protected double[] action(double[] action) {
        for (int i = 0; i < mapped.length; i++) {
            double t = (action[i] + 1) * 0.5;
            mapped[i] = (1 - t) * low[i] + t * high[i]; // exact at both ends
        }
        return mapped;
    }
}
