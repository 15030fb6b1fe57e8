package ncapspeed;

import java.util.Random;

/** The workload both sides time: PPO's batch for the paper's swimmer (6 links: 24 observation values, 5 joints). */
public final class Inputs {
    public static final int ROWS = 4096;
    public static final int N = 24;
    public static final int J = 5;

    private Inputs() {
    }

    /** [ROWS][N] row-major: joint angles up to 1.2 times the normalisation range, the exact time feature last. */
    public static float[] observations() {
        Random r = new Random(1);
        float[] x = new float[ROWS * N];
        double scale = 2 * Math.PI / (J + 1);
        for (int s = 0; s < ROWS; s++) {
            for (int k = 0; k < N; k++) x[s * N + k] = (float) r.nextGaussian();
            for (int k = 0; k < J; k++) x[s * N + k] = (float) (1.2 * (2 * r.nextDouble() - 1) * scale);
            x[s * N + N - 1] = (float) (-1 + 2.0 * r.nextInt(1001) / 1000);
        }
        return x;
    }

    /** dL/d output, [ROWS][J]. */
    public static float[] gradients() {
        Random r = new Random(2);
        float[] g = new float[ROWS * J];
        for (int i = 0; i < g.length; i++) g[i] = (float) r.nextGaussian();
        return g;
    }

    /** Trained-looking shared weights: w_prop, w_osc, w_ipsi, w_contra. */
    public static float[] parameters() {
        return new float[] {0.9f, 0.8f, 1.1f, -0.7f};
    }

    /** The observations as doubles, one array per step (what a rollout hands a policy). */
    public static double[][] steps(float[] x) {
        double[][] obs = new double[ROWS][N];
        for (int s = 0; s < ROWS; s++) for (int k = 0; k < N; k++) obs[s][k] = x[s * N + k];
        return obs;
    }
}
