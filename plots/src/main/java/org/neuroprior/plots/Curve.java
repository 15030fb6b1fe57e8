package org.neuroprior.plots;

/**
 * A score curve: at each {@code steps[i]} a {@code mean[i]} with spread {@code std[i]} (NaN when unknown).
 * Steps are strictly increasing.
 *
 * @param steps environment steps
 * @param mean score at each step
 * @param std spread at each step (across test episodes for one run, across seeds for a group)
 */
public record Curve(double[] steps, double[] mean, double[] std) {

    public Curve {
        if (steps.length != mean.length || steps.length != std.length) {
            throw new IllegalArgumentException("Curve arrays differ in length: " + steps.length + ", " + mean.length
                    + ", " + std.length);
        }
    }

    public int size() {
        return steps.length;
    }

    public double lastStep() {
        return steps[steps.length - 1];
    }

    /**
     * This curve averaged over bins of {@code width} in x: the points with x in [k width, (k + 1) width) become one
     * point at their mean x, with the mean of their values and of their spreads. {@code width} 0 returns the curve.
     *
     * @throws IllegalArgumentException if {@code width} is negative or not finite
     */
    public Curve binned(double width) {
        if (!(width >= 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("bin width must be finite and >= 0, got " + width);
        }
        if (width == 0 || size() == 0) return this;
        java.util.List<double[]> points = new java.util.ArrayList<>();
        int i = 0;
        while (i < size()) {
            double bin = Math.floor(steps[i] / width);
            int j = i;
            while (j < size() && Math.floor(steps[j] / width) == bin) j++;
            double[] x = java.util.Arrays.copyOfRange(steps, i, j);
            points.add(new double[] {Stats.mean(x), Stats.mean(java.util.Arrays.copyOfRange(mean, i, j)),
                    Stats.mean(java.util.Arrays.copyOfRange(std, i, j))});
            i = j;
        }
        double[] s = new double[points.size()];
        double[] m = new double[points.size()];
        double[] d = new double[points.size()];
        for (int k = 0; k < points.size(); k++) {
            s[k] = points.get(k)[0];
            m[k] = points.get(k)[1];
            d[k] = points.get(k)[2];
        }
        return new Curve(s, m, d);
    }
}
