package org.neuroprior.plots;

import java.nio.file.Path;

/**
 * One played episode read from {@code trajectory.csv}: columns {@code step,reward,target_x,target_y,x0,y0,...,
 * x{N-1},y{N-1}} (world positions of the body frames, head first; an optional {@code time} column in seconds).
 */
final class Trajectory {

    /** Distance between consecutive body frames (m). */
    static final double LINK = 0.1;

    final Path file;
    final int bodies;
    final double[] step;
    final double[] time;
    final double[] reward;
    final double[] targetX;
    final double[] targetY;
    /** x[t][i], y[t][i]: body frame i at row t. */
    final double[][] x;
    final double[][] y;

    private Trajectory(Path file, int bodies, double[] step, double[] time, double[] reward, double[] targetX,
                       double[] targetY, double[][] x, double[][] y) {
        this.file = file;
        this.bodies = bodies;
        this.step = step;
        this.time = time;
        this.reward = reward;
        this.targetX = targetX;
        this.targetY = targetY;
        this.x = x;
        this.y = y;
    }

    static Trajectory read(Path file) {
        CsvTable t = CsvTable.read(file);
        t.require("step", "x0", "y0", "x1", "y1");
        int n = 0;
        while (t.has("x" + n) && t.has("y" + n)) {
            n++;
        }
        if (t.rows() == 0) {
            throw new IllegalArgumentException(file + " has a header but no data rows (empty trajectory)");
        }
        int rows = t.rows();
        double[] step = t.column("step");
        double[][] x = new double[rows][n];
        double[][] y = new double[rows][n];
        for (int i = 0; i < n; i++) {
            double[] xi = t.column("x" + i);
            double[] yi = t.column("y" + i);
            for (int r = 0; r < rows; r++) {
                if (!Double.isFinite(xi[r]) || !Double.isFinite(yi[r])) {
                    throw new IllegalArgumentException(file + ": data row " + (r + 1) + " has a non-numeric position"
                            + " in x" + i + "/y" + i);
                }
                x[r][i] = xi[r];
                y[r][i] = yi[r];
            }
        }
        for (int r = 0; r < rows; r++) {
            if (!Double.isFinite(step[r])) {
                step[r] = r;
            }
        }
        return new Trajectory(file, n, step, t.columnOrNaN("time"), t.columnOrNaN("reward"), t.columnOrNaN("target_x"),
                t.columnOrNaN("target_y"), x, y);
    }

    int length() {
        return step.length;
    }

    /** Return accumulated up to and including row t (non-finite rewards count as 0). */
    double[] cumulativeReward() {
        double[] c = new double[length()];
        double sum = 0;
        for (int r = 0; r < length(); r++) {
            if (Double.isFinite(reward[r])) {
                sum += reward[r];
            }
            c[r] = sum;
        }
        return c;
    }

    boolean hasReward() {
        for (double r : reward) {
            if (Double.isFinite(r)) {
                return true;
            }
        }
        return false;
    }

    /** Tail end: one link beyond the last body frame, along the last link. */
    double[] tail(int r) {
        int k = bodies - 1;
        double dx = x[r][k] - x[r][k - 1];
        double dy = y[r][k] - y[r][k - 1];
        double len = Math.hypot(dx, dy);
        if (len < 1e-12) {
            return new double[] {x[r][k], y[r][k]};
        }
        return new double[] {x[r][k] + LINK * dx / len, y[r][k] + LINK * dy / len};
    }

    /** Mean of the body frames and the tail end at row r. */
    double[] centroid(int r) {
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < bodies; i++) {
            sx += x[r][i];
            sy += y[r][i];
        }
        double[] t = tail(r);
        return new double[] {(sx + t[0]) / (bodies + 1), (sy + t[1]) / (bodies + 1)};
    }

    boolean hasTarget(int r) {
        return Double.isFinite(targetX[r]) && Double.isFinite(targetY[r]);
    }
}
