package org.neuroprior.envs;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A box in R^n: element-wise lower and upper bounds, possibly infinite. {@code shape} describes how the flat
 * vector is laid out (for example {@code [110, 35, 6]}); its product is the vector's length.
 */
public record Box(double[] low, double[] high, int[] shape) implements Space<double[]> {

    public Box {
        if (low.length != high.length) {
            throw new IllegalArgumentException("Box bounds differ in length: low " + low.length + ", high " + high.length);
        }
        long product = 1;
        for (int d : shape) {
            if (d < 1) throw new IllegalArgumentException("Box shape " + Arrays.toString(shape) + " has a dimension < 1");
            product *= d;
        }
        if (product != low.length) {
            throw new IllegalArgumentException("Box shape " + Arrays.toString(shape) + " holds " + product
                    + " values but the bounds hold " + low.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (Double.isNaN(low[i]) || Double.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("Box bound " + i + " is invalid: low " + low[i] + ", high " + high[i]);
            }
        }
        low = low.clone();
        high = high.clone();
        shape = shape.clone();
    }

    /** A flat box of {@code size} values, each in [low, high]. */
    public static Box uniform(int size, double low, double high) {
        double[] lo = new double[size];
        double[] hi = new double[size];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(lo, hi, new int[] {size});
    }

    /** A flat box with the given bounds. */
    public static Box of(double[] low, double[] high) {
        return new Box(low, high, new int[] {low.length});
    }

    /** Number of values in a member vector. */
    public int size() {
        return low.length;
    }

    // Records expose their components; hand out copies so the bounds cannot be changed from outside.
    @Override
    public double[] low() {
        return low.clone();
    }

    @Override
    public double[] high() {
        return high.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public double low(int i) {
        return low[i];
    }

    public double high(int i) {
        return high[i];
    }

    /** True if every bound is finite. */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Double.isInfinite(low[i]) || Double.isInfinite(high[i])) return false;
        }
        return true;
    }

    @Override
    public boolean contains(double[] value) {
        if (value == null || value.length != low.length) return false;
        for (int i = 0; i < value.length; i++) {
            if (!(value[i] >= low[i] && value[i] <= high[i])) return false; // also rejects NaN
        }
        return true;
    }

    /** Uniform inside finite bounds; standard normal along unbounded dimensions (as Gymnasium does). */
    @Override
    public double[] sample(RandomGenerator rng) {
        double[] x = new double[low.length];
        for (int i = 0; i < x.length; i++) {
            boolean lowFinite = Double.isFinite(low[i]);
            boolean highFinite = Double.isFinite(high[i]);
            if (lowFinite && highFinite) x[i] = low[i] + (high[i] - low[i]) * rng.nextDouble();
            else if (lowFinite) x[i] = low[i] + Math.abs(rng.nextGaussian());
            else if (highFinite) x[i] = high[i] - Math.abs(rng.nextGaussian());
            else x[i] = rng.nextGaussian();
        }
        return x;
    }

    @Override
    public void requireValidAction(double[] value) {
        if (value == null) throw new IllegalArgumentException("action is null; accepted: a double[" + low.length + "]");
        if (value.length != low.length) {
            throw new IllegalArgumentException("action has length " + value.length + "; accepted: length " + low.length
                    + " (" + this + ")");
        }
        for (int i = 0; i < value.length; i++) {
            if (!Double.isFinite(value[i])) {
                throw new IllegalArgumentException("action[" + i + "] = " + value[i] + " is not finite; accepted: finite values in "
                        + boundsText(i));
            }
        }
    }

    private String boundsText(int i) {
        return "[" + low[i] + ", " + high[i] + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high) && Arrays.equals(shape, b.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(low) + Arrays.hashCode(high)) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        boolean sameBounds = true;
        for (int i = 1; i < low.length; i++) {
            if (low[i] != low[0] || high[i] != high[0]) sameBounds = false;
        }
        String bounds = low.length > 0 && sameBounds ? low[0] + ", " + high[0] : "per-element bounds";
        return "Box(" + bounds + ", shape " + Arrays.toString(shape) + ")";
    }
}
