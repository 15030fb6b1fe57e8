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
}
