package org.neuroprior.envs;

/**
 * Test environment: a 2-D point mass pushed by a force, to be brought into a goal disc around the origin.
 * Observation {@code [x, y, vx, vy]} in a finite Box (walls at +-1 stop the mass); action: the force, in the
 * deliberately asymmetric Box {@code [-2, 2] x [-0.5, 1.5]}, clipped. Reward: minus the distance to the origin;
 * terminated (with {@code info["is_success"] = true}) inside radius {@value #GOAL_RADIUS}. The start position is
 * random (SplitMix64, seeded by {@code reset(seed)}), outside radius 0.5. Stepping and unseeded resets allocate
 * nothing.
 */
public final class PointMassEnv implements Env<double[]> {

    public static final double DT = 0.05;
    public static final double MAX_SPEED = 2.0;
    public static final double GOAL_RADIUS = 0.1;

    private static final Box OBSERVATION_SPACE = Box.of(new double[] {-1, -1, -MAX_SPEED, -MAX_SPEED},
            new double[] {1, 1, MAX_SPEED, MAX_SPEED});
    private static final Box ACTION_SPACE = Box.of(new double[] {-2, -0.5}, new double[] {2, 1.5});

    private final Step step = new Step(4);
    private final double[] state = new double[4];
    private long rng;
    private boolean started;
    private boolean closed;

    @Override
    public Box observationSpace() {
        return OBSERVATION_SPACE;
    }

    @Override
    public Space<double[]> actionSpace() {
        return ACTION_SPACE;
    }

    @Override
    public Step reset(long seed) {
        rng = seed;
        return reset();
    }

    @Override
    public Step reset() {
        if (closed) throw new IllegalStateException("PointMassEnv is closed");
        double x;
        double y;
        do {
            x = 2 * nextDouble() - 1;
            y = 2 * nextDouble() - 1;
        } while (x * x + y * y < 0.25);
        state[0] = x;
        state[1] = y;
        state[2] = 0;
        state[3] = 0;
        started = true;
        System.arraycopy(state, 0, step.observation(), 0, 4);
        return step.set(0, false, false);
    }

    @Override
    public Step step(double[] action) {
        if (closed) throw new IllegalStateException("PointMassEnv is closed");
        if (!started) throw new IllegalStateException("call reset before step");
        ACTION_SPACE.requireValidAction(action);
        for (int d = 0; d < 2; d++) {
            double force = Math.min(Math.max(action[d], ACTION_SPACE.low(d)), ACTION_SPACE.high(d));
            double v = Math.min(Math.max(state[2 + d] + force * DT, -MAX_SPEED), MAX_SPEED);
            double p = state[d] + v * DT;
            if (p > 1 || p < -1) {
                p = Math.copySign(1, p);
                v = 0;
            }
            state[d] = p;
            state[2 + d] = v;
        }
        double distance = Math.sqrt(state[0] * state[0] + state[1] * state[1]);
        boolean reached = distance < GOAL_RADIUS;
        System.arraycopy(state, 0, step.observation(), 0, 4);
        step.set(-distance, reached, false);
        if (reached) step.info().put("is_success", Boolean.TRUE);
        return step;
    }

    private double nextDouble() {
        long z = (rng += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return ((z ^ (z >>> 31)) >>> 11) * 0x1.0p-53;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "PointMassEnv";
    }
}
