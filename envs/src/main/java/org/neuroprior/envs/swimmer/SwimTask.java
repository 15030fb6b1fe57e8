package org.neuroprior.envs.swimmer;

/**
 * Swim forward as fast as possible (the NCAP paper's task). The target is hidden.
 *
 * <p>Observation (NCAP layout): the {@code bodies - 1} joint angles, then for every body its local velocity x, y
 * and angular velocity z: {@code 4 * bodies - 1} values (23 for 6 bodies).
 * <p>Reward: the forward speed v of the head through a linear tolerance: 1 if v >= 0.1 m/s, v / 0.1 between 0 and
 * 0.1, 0 if v <= 0. The best possible return over 1000 steps is 1000.
 */
public record SwimTask(double desiredSpeed) implements SwimmerTask {
    public static final double DEFAULT_DESIRED_SPEED = 0.1;

    public SwimTask {
        if (!(desiredSpeed > 0) || !Double.isFinite(desiredSpeed)) {
            throw new IllegalArgumentException("desired speed must be a positive number, got " + desiredSpeed);
        }
    }

    public SwimTask() {
        this(DEFAULT_DESIRED_SPEED);
    }

    @Override
    public String name() {
        return "swim";
    }

    @Override
    public int observationSize(int bodies) {
        return (bodies - 1) + 3 * bodies;
    }

    @Override
    public void observe(SwimmerPhysics physics, double[] out) {
        int joints = physics.body().joints();
        physics.jointAngles(out, 0);
        physics.bodyVelocities(out, joints);
    }

    @Override
    public double reward(SwimmerPhysics physics) {
        return Tolerance.tolerance(physics.forwardSpeed(), desiredSpeed, Double.POSITIVE_INFINITY, desiredSpeed,
                Tolerance.Sigmoid.LINEAR, 0.0);
    }
}
