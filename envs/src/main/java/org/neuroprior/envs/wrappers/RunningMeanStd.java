package org.neuroprior.envs.wrappers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Element-wise running mean and (population) variance of a stream of vectors, updated one vector at a time
 * without storing the stream (Welford's update) or by merging another set of statistics (Chan et al.'s
 * parallel formula). It backs {@link NormalizeObservation}; its {@link Stats} are the part of a training run
 * to save in a checkpoint, since an agent trained on normalised observations is useless without them.
 *
 * <p>Before any update the mean is 0 and the variance 1, so normalising is the identity (up to the clip).
 * Not thread-safe; nothing here allocates except {@link #stats()}.
 */
public final class RunningMeanStd {

    /** Added to the variance before taking its square root, so constant elements do not divide by zero. */
    public static final double EPSILON = 1e-8;

    private long count;
    private final double[] mean;
    private final double[] var;

    /** Statistics of vectors of {@code size} values, none seen yet. */
    public RunningMeanStd(int size) {
        if (size < 0) throw new IllegalArgumentException("size must be >= 0, got " + size);
        mean = new double[size];
        var = new double[size];
        Arrays.fill(var, 1.0);
    }

    public int size() {
        return mean.length;
    }

    /** Number of vectors seen. */
    public long count() {
        return count;
    }

    /** Adds one vector (Welford's update). */
    public void update(double[] x) {
        requireLength("x", x.length);
        long n = count + 1;
        for (int i = 0; i < mean.length; i++) {
            double delta = x[i] - mean[i];
            double m = mean[i] + delta / n;
            var[i] = (var[i] * count + delta * (x[i] - m)) / n;
            mean[i] = m;
        }
        count = n;
    }

    /** Merges the statistics of another set of vectors, as if they had been added one by one. */
    public void merge(Stats other) {
        requireLength("merged statistics", other.mean.length);
        if (other.count == 0) return;
        long n = count + other.count;
        for (int i = 0; i < mean.length; i++) {
            double delta = other.mean[i] - mean[i];
            double m2 = var[i] * count + other.var[i] * other.count + delta * delta * ((double) count * other.count / n);
            mean[i] += delta * other.count / n;
            var[i] = m2 / n;
        }
        count = n;
    }

    /**
     * Writes {@code (in - mean) / sqrt(var + EPSILON)}, clipped to [-clip, clip], into {@code out} ({@code out}
     * may be {@code in}).
     */
    public void normalize(double[] in, double[] out, double clip) {
        requireLength("in", in.length);
        requireLength("out", out.length);
        for (int i = 0; i < mean.length; i++) {
            double z = (in[i] - mean[i]) / Math.sqrt(var[i] + EPSILON);
            out[i] = Math.max(-clip, Math.min(clip, z));
        }
    }

    /** A copy of the current statistics. */
    public Stats stats() {
        return new Stats(count, mean, var);
    }

    /** Replaces the statistics with {@code saved}, for example from a checkpoint. */
    public void restore(Stats saved) {
        requireLength("restored statistics", saved.mean.length);
        count = saved.count;
        System.arraycopy(saved.mean, 0, mean, 0, mean.length);
        System.arraycopy(saved.var, 0, var, 0, var.length);
    }

    private void requireLength(String what, int length) {
        if (length != mean.length) {
            throw new IllegalArgumentException(what + " has " + length + " values; these statistics hold " + mean.length);
        }
    }

    @Override
    public String toString() {
        return "RunningMeanStd" + stats();
    }

    /**
     * A snapshot of running statistics: how many vectors were seen, their element-wise mean and population
     * variance. {@link #toText()} and {@link #parse(String)} round-trip it exactly, one line of text, so it
     * can go into a checkpoint or properties file.
     */
    public record Stats(long count, double[] mean, double[] var) {

        public Stats {
            if (count < 0) throw new IllegalArgumentException("count must be >= 0, got " + count);
            if (mean.length != var.length) {
                throw new IllegalArgumentException("mean has " + mean.length + " values but var has " + var.length);
            }
            for (int i = 0; i < mean.length; i++) {
                if (!Double.isFinite(mean[i])) throw new IllegalArgumentException("mean[" + i + "] = " + mean[i] + " is not finite");
                if (!(var[i] >= 0) || var[i] == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("var[" + i + "] = " + var[i] + " is not a finite value >= 0");
                }
            }
            mean = mean.clone();
            var = var.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] var() {
            return var.clone();
        }

        /**
         * One line: {@code count=N;mean=m0,m1,...;var=v0,v1,...}. Doubles are written with
         * {@link Double#toString(double)}, which parses back to the identical value.
         */
        public String toText() {
            StringBuilder sb = new StringBuilder("count=").append(count).append(";mean=");
            join(sb, mean);
            sb.append(";var=");
            join(sb, var);
            return sb.toString();
        }

        private static void join(StringBuilder sb, double[] values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(values[i]);
            }
        }

        /**
         * Reads what {@link #toText()} wrote (fields in any order, spaces around separators allowed).
         *
         * @throws IllegalArgumentException naming the missing, repeated, unknown or malformed field
         */
        public static Stats parse(String text) {
            if (text == null) throw new IllegalArgumentException("statistics text is null");
            Map<String, String> fields = new LinkedHashMap<>();
            for (String part : text.strip().split(";", -1)) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("statistics text: field '" + part.strip()
                            + "' has no '='; expected count=N;mean=...;var=... in '" + text + "'");
                }
                String key = part.substring(0, eq).strip();
                if (!key.equals("count") && !key.equals("mean") && !key.equals("var")) {
                    throw new IllegalArgumentException("statistics text: unknown field '" + key
                            + "'; expected count, mean and var");
                }
                if (fields.put(key, part.substring(eq + 1).strip()) != null) {
                    throw new IllegalArgumentException("statistics text: field '" + key + "' appears twice");
                }
            }
            for (String key : new String[] {"count", "mean", "var"}) {
                if (!fields.containsKey(key)) throw new IllegalArgumentException("statistics text: field '" + key + "' is missing");
            }
            long count;
            try {
                count = Long.parseLong(fields.get("count"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("statistics text: count '" + fields.get("count") + "' is not an integer");
            }
            return new Stats(count, parseArray("mean", fields.get("mean")), parseArray("var", fields.get("var")));
        }

        private static double[] parseArray(String name, String value) {
            if (value.isEmpty()) return new double[0];
            String[] items = value.split(",", -1);
            double[] out = new double[items.length];
            for (int i = 0; i < items.length; i++) {
                try {
                    out[i] = Double.parseDouble(items[i].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("statistics text: " + name + "[" + i + "] = '" + items[i].strip()
                            + "' is not a number");
                }
            }
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stats s && count == s.count && Arrays.equals(mean, s.mean) && Arrays.equals(var, s.var);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Long.hashCode(count) + Arrays.hashCode(mean)) + Arrays.hashCode(var);
        }

        @Override
        public String toString() {
            return "[count=" + count + ", mean=" + Arrays.toString(mean) + ", var=" + Arrays.toString(var) + "]";
        }
    }
}
