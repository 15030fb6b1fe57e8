package org.neuroprior.envs.whisker.tasks;

import java.util.List;
import java.util.Locale;

/**
 * How raw base signals (forces in micronewtons, moments in micronewton-millimetres) become observation values.
 *
 * <p>Readings span four decades: a light touch gives a few micronewtons, a whisker pressed hard against an object
 * thousands of micronewtons and ten thousand micronewton-millimetres. {@link Kind#LOG} (the default) maps x to
 * sign(x) log(1 + |x| / scale), which keeps the sign, is linear below {@code scale} and compresses the tail: with
 * scale 100, a 10 uN touch reads about 0.1, 1,000 uN about 2.4, 10,000 uN mm about 4.6. {@link Kind#LINEAR} is
 * x / scale (scale 1 gives the raw values).
 *
 * @param kind  the transform
 * @param scale micronewtons (and micronewton-millimetres) per unit, > 0
 */
public record SignalScaling(Kind kind, double scale) {
    public static final double DEFAULT_SCALE = 100;

    /** The transforms, by the names the options use. */
    public enum Kind {
        LOG, LINEAR;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static List<String> keys() {
            return List.of(LOG.key(), LINEAR.key());
        }

        public static Kind of(String key) {
            for (Kind k : values()) if (k.key().equals(key)) return k;
            throw new IllegalArgumentException("unknown signal transform '" + key + "'; accepted: " + String.join(", ", keys()));
        }
    }

    public SignalScaling {
        if (kind == null) throw new IllegalArgumentException("signal transform is null; accepted: " + Kind.keys());
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("signal scale = " + scale + "; accepted: a finite number > 0");
        }
    }

    public static SignalScaling defaults() {
        return new SignalScaling(Kind.LOG, DEFAULT_SCALE);
    }

    /** The observation value of a raw reading; a non-finite reading becomes 0 so no NaN reaches a learner. */
    public double apply(double raw) {
        if (!Double.isFinite(raw)) return 0;
        return switch (kind) {
            case LOG -> Math.signum(raw) * Math.log1p(Math.abs(raw) / scale);
            case LINEAR -> raw / scale;
        };
    }
}
