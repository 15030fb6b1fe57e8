package org.neuroprior.plots;

import java.util.List;
import java.util.TreeSet;

/** Means, population standard deviations and linear interpolation onto a common step grid. */
final class Stats {

    private Stats() {}

    /** Mean of the finite values; NaN when there is none. */
    static double mean(double... v) {
        double sum = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Population standard deviation (divisor n) of the finite values; NaN when there is none. */
    static double std(double... v) {
        double m = mean(v);
        if (Double.isNaN(m)) {
            return Double.NaN;
        }
        double ss = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                ss += (x - m) * (x - m);
                n++;
            }
        }
        return Math.sqrt(ss / n);
    }

    /** Median of a non-empty array. */
    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * The common step grid of several curves: every step any curve logged between the latest first step and the
     * earliest last step (the range every curve covers), sorted. Empty when the curves do not overlap.
     */
    static double[] commonGrid(List<double[]> steps) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (double[] s : steps) {
            if (s.length == 0) {
                return new double[0];
            }
            lo = Math.max(lo, s[0]);
            hi = Math.min(hi, s[s.length - 1]);
        }
        TreeSet<Double> grid = new TreeSet<>();
        for (double[] s : steps) {
            for (double x : s) {
                if (x >= lo && x <= hi) {
                    grid.add(x);
                }
            }
        }
        return grid.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Piecewise-linear interpolation of (xs, ys) at each grid point; xs strictly increasing. A grid point outside
     * [xs[0], xs[last]] gives NaN (no extrapolation).
     */
    static double[] interpolate(double[] xs, double[] ys, double[] grid) {
        double[] out = new double[grid.length];
        int j = 0;
        for (int i = 0; i < grid.length; i++) {
            double g = grid[i];
            if (xs.length == 0 || g < xs[0] || g > xs[xs.length - 1]) {
                out[i] = Double.NaN;
                continue;
            }
            while (j > 0 && xs[j] > g) {
                j--;
            }
            while (j < xs.length - 1 && xs[j + 1] <= g) {
                j++;
            }
            if (xs[j] == g || j == xs.length - 1) {
                out[i] = ys[j];
            } else {
                double t = (g - xs[j]) / (xs[j + 1] - xs[j]);
                out[i] = ys[j] + t * (ys[j + 1] - ys[j]);
            }
        }
        return out;
    }
}
