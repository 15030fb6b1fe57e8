package org.neuroprior.envs.swimmer;

/**
 * dm_control's {@code rewards.tolerance}: 1 inside [lower, upper], falling off outside over {@code margin}
 * along a sigmoid that equals {@code valueAtMargin} at distance {@code margin}.
 */
public final class Tolerance {
    private Tolerance() {
    }

    /** Shapes of the fall-off outside the bounds. */
    public enum Sigmoid {
        /** Straight line to 0 (reached at margin / (1 - valueAtMargin)). */
        LINEAR,
        /** 1 / (1 + (d s)^2): a long tail that never reaches 0. */
        LONG_TAIL,
        /** exp(-(d s)^2 / 2). */
        GAUSSIAN
    }

    public static double tolerance(double x, double lower, double upper, double margin, Sigmoid sigmoid, double valueAtMargin) {
        if (lower > upper) throw new IllegalArgumentException("lower bound " + lower + " > upper bound " + upper);
        if (margin < 0) throw new IllegalArgumentException("margin must be >= 0, got " + margin);
        if (x >= lower && x <= upper) return 1.0;
        if (margin == 0) return 0.0;
        double d = (x < lower ? lower - x : x - upper) / margin;
        return switch (sigmoid) {
            case LINEAR -> {
                double scaled = d * (1 - valueAtMargin);
                yield Math.abs(scaled) < 1 ? 1 - scaled : 0.0;
            }
            case LONG_TAIL -> {
                double scale = Math.sqrt(1 / valueAtMargin - 1);
                yield 1 / ((d * scale) * (d * scale) + 1);
            }
            case GAUSSIAN -> {
                double scale = Math.sqrt(-2 * Math.log(valueAtMargin));
                yield Math.exp(-0.5 * (d * scale) * (d * scale));
            }
        };
    }
}
