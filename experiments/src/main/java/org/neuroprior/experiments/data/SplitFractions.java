package org.neuroprior.experiments.data;

import org.neuroprior.envs.whisker.data.Split;

/** Which fraction of the samples (of each class, where classes are known up front) goes to each split. */
public record SplitFractions(double train, double validate, double test) {
    public static final SplitFractions DEFAULT = new SplitFractions(0.8, 0.1, 0.1);

    public SplitFractions {
        for (double f : new double[]{train, validate, test}) {
            if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException("split fractions must lie in [0, 1], got " + this);
        }
        if (Math.abs(train + validate + test - 1) > 1e-9) {
            throw new IllegalArgumentException("split fractions must add up to 1, got " + train + " + " + validate + " + " + test);
        }
    }

    /**
     * How many of {@code n} samples each split gets: cumulative rounding, so the three add up to {@code n} and each is
     * within one of its exact share.
     */
    public int[] counts(int n) {
        int trainEnd = (int) Math.round(n * train);
        int validateEnd = Math.max(trainEnd, Math.min(n, (int) Math.round(n * (train + validate))));
        return new int[]{trainEnd, validateEnd - trainEnd, n - validateEnd};
    }

    /**
     * Reads {@code TRAIN,VALIDATE,TEST}, e.g. {@code 0.8,0.1,0.1} (as {@link #toText()} writes it).
     *
     * @throws IllegalArgumentException naming the text when it is not three numbers in [0, 1] that add up to 1
     */
    public static SplitFractions parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("split '" + text + "' needs three fractions TRAIN,VALIDATE,TEST, e.g. " + DEFAULT.toText());
        }
        double[] f = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                f[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("split '" + text + "': '" + parts[i].strip() + "' is not a number; accepted: "
                        + "three fractions TRAIN,VALIDATE,TEST, e.g. " + DEFAULT.toText());
            }
        }
        return new SplitFractions(f[0], f[1], f[2]);
    }

    /** {@code TRAIN,VALIDATE,TEST}, e.g. {@code 0.8,0.1,0.1}. */
    public String toText() {
        return train + "," + validate + "," + test;
    }

    public double of(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALIDATE -> validate;
            case TEST -> test;
        };
    }
}
