package org.neuroprior.envs.classic;

import java.util.SplittableRandom;

import org.neuroprior.envs.AbstractEnv;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * The cart-pole of Barto, Sutton and Anderson (1983) as Gymnasium's {@code CartPole-v1} simulates it (same
 * constants, equations and explicit Euler steps of 20 ms): a pole hinged on a cart that moves along a frictionless
 * track; action 0 pushes the cart left, 1 right, with 10 N. Observation {@code [x (m), x velocity (m/s), pole angle
 * (rad, 0 upright), pole angular velocity (rad/s)]}; every step rewards 1, the one that ends the episode included. The
 * episode terminates when |x| > 2.4 m or the pole leans more than 12 degrees; the registry adds the time limit
 * ({@code cartpole}: 500 steps, as v1). A reset draws each state value uniformly from [-0.05, 0.05].
 *
 * <p>Differences from Gymnasium: draws come from Java's {@link SplittableRandom}, so the same seed gives other initial
 * states; observations are the state in double precision (Gymnasium returns it rounded to float32). From the same
 * state the same actions give the same states (to the last digits of sin and cos).
 */
public final class CartPoleEnv extends AbstractEnv<Integer> {
    static final double GRAVITY = 9.8;
    static final double CART_MASS = 1.0;
    static final double POLE_MASS = 0.1;
    static final double TOTAL_MASS = CART_MASS + POLE_MASS;
    /** Half the pole's length (m). */
    static final double HALF_LENGTH = 0.5;
    static final double POLE_MASS_LENGTH = POLE_MASS * HALF_LENGTH;
    static final double FORCE = 10.0;
    /** Seconds per step. */
    static final double TAU = 0.02;
    static final double X_LIMIT = 2.4;
    static final double ANGLE_LIMIT = 12 * 2 * Math.PI / 360;

    private static final Box OBSERVATIONS = Box.of(
            new double[] {-2 * X_LIMIT, Double.NEGATIVE_INFINITY, -2 * ANGLE_LIMIT, Double.NEGATIVE_INFINITY},
            new double[] {2 * X_LIMIT, Double.POSITIVE_INFINITY, 2 * ANGLE_LIMIT, Double.POSITIVE_INFINITY});
    private static final Discrete ACTIONS = new Discrete(2);

    private final Step step = new Step(4);
    private final double[] state = new double[4];

    @Override
    public Box observationSpace() {
        return OBSERVATIONS;
    }

    @Override
    public Space<Integer> actionSpace() {
        return ACTIONS;
    }

    @Override
    protected Step resetEpisode(SplittableRandom random) {
        for (int i = 0; i < 4; i++) state[i] = -0.05 + 0.1 * random.nextDouble();
        System.arraycopy(state, 0, step.observation(), 0, 4);
        return step.set(0, false, false);
    }

    /** Sets the state (x, x velocity, angle, angular velocity), for tests against other implementations. */
    void setState(double[] s) {
        System.arraycopy(s, 0, state, 0, 4);
    }

    @Override
    protected Step stepEpisode(Integer action) {
        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];
        double force = action == 1 ? FORCE : -FORCE;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4.0 / 3.0 - POLE_MASS * cos * cos / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        state[0] = x + TAU * xDot;
        state[1] = xDot + TAU * xAcc;
        state[2] = theta + TAU * thetaDot;
        state[3] = thetaDot + TAU * thetaAcc;
        boolean terminated = state[0] < -X_LIMIT || state[0] > X_LIMIT || state[2] < -ANGLE_LIMIT || state[2] > ANGLE_LIMIT;
        if (terminated) endEpisode();
        System.arraycopy(state, 0, step.observation(), 0, 4);
        return step.set(1, terminated, false);
    }

    @Override
    public String toString() {
        return "CartPoleEnv";
    }
}
