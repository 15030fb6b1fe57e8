package org.neuroprior.envs.swimmer;

/**
 * Bring the nose to a target (dm_control's {@code swimmer} task).
 *
 * <p>Observation: the joint angles, the target in the head frame ({@code to_target}: x, y), then every body's
 * local velocity x, y and angular velocity z: {@code 4 * bodies + 1} values.
 * <p>Reward: 1 with the nose inside the target sphere (radius 0.1 m), decaying with a long tail over a margin of
 * 5 radii (0.1 at the margin).
 */
public record NavigateTask() implements SwimmerTask {
    public static final double TARGET_RADIUS = 0.1;

    @Override
    public String name() {
        return "navigate";
    }

    @Override
    public int observationSize(int bodies) {
        return (bodies - 1) + 2 + 3 * bodies;
    }

    @Override
    public void observe(SwimmerPhysics physics, double[] out) {
        int joints = physics.body().joints();
        physics.jointAngles(out, 0);
        physics.noseToTarget(out, joints);
        physics.bodyVelocities(out, joints + 2);
    }

    @Override
    public double reward(SwimmerPhysics physics) {
        return Tolerance.tolerance(physics.noseToTargetDistance(), 0, TARGET_RADIUS, 5 * TARGET_RADIUS,
                Tolerance.Sigmoid.LONG_TAIL, 0.1);
    }
}
