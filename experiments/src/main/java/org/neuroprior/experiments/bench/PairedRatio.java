package org.neuroprior.experiments.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ObjIntConsumer;

/**
 * A speed ratio A / B measured from interleaved pairs: A, B, A, B, ... Each pair's two rounds run back to back, so
 * a change in the machine's load (other jobs on a shared machine, CPU frequency, a garbage collection) tends to hit
 * both sides of a pair alike and cancels in that pair's ratio; the median over pairs then drops the pairs that a
 * burst of load hit on one side only. The spread of the pair ratios (min-max and interquartile range) says how far
 * a rerun can be expected to move the median.
 *
 * <p>Use {@link #measure} to run the rounds, or build a {@link Result} from pairs collected some other way (for
 * example a training epoch and the environment-only round that follows it).
 */
public final class PairedRatio {
    private PairedRatio() {
    }

    /** One timed round: returns a rate (e.g. steps per second), finite and greater than 0. */
    @FunctionalInterface
    public interface Round {
        double run() throws Exception;
    }

    /**
     * One pair of rounds, A then B.
     *
     * @param a the numerator side's rate
     * @param b the denominator side's rate
     */
    public record Pair(double a, double b) {
        /** @throws IllegalArgumentException if a rate is not finite or not greater than 0 */
        public Pair {
            if (!(a > 0) || !(b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
                throw new IllegalArgumentException("a pair of rates must be finite and > 0, got " + a + " and " + b);
            }
        }

        public double ratio() {
            return a / b;
        }
    }

    /**
     * The pairs and their summary.
     *
     * @param pairs at least one pair, in the order measured
     */
    public record Result(List<Pair> pairs) {
        /** @throws IllegalArgumentException if there are no pairs */
        public Result {
            if (pairs.isEmpty()) throw new IllegalArgumentException("a paired ratio needs at least one pair");
            pairs = List.copyOf(pairs);
        }

        /** The median of the pair ratios A / B: the figure to report. */
        public double median() {
            return quantile(ratios(), 0.5);
        }

        public double min() {
            return quantile(ratios(), 0);
        }

        public double max() {
            return quantile(ratios(), 1);
        }

        /** First quartile of the pair ratios (linear interpolation between order statistics, as numpy's default). */
        public double lowerQuartile() {
            return quantile(ratios(), 0.25);
        }

        /** Third quartile of the pair ratios. */
        public double upperQuartile() {
            return quantile(ratios(), 0.75);
        }

        /** The median of the A rates alone (for the table; the ratio is not medianA / medianB). */
        public double medianA() {
            return quantile(pairs.stream().mapToDouble(Pair::a).toArray(), 0.5);
        }

        /** The median of the B rates alone. */
        public double medianB() {
            return quantile(pairs.stream().mapToDouble(Pair::b).toArray(), 0.5);
        }

        /** E.g. {@code 0.942 (pairs 0.910-0.968, IQR 0.931-0.955, n = 5)}. */
        public String summary() {
            return String.format(Locale.ROOT, "%.3f (pairs %.3f-%.3f, IQR %.3f-%.3f, n = %d)", median(), min(), max(),
                    lowerQuartile(), upperQuartile(), pairs.size());
        }

        /** The spread alone, e.g. {@code 0.910-0.968 (IQR 0.931-0.955, n = 5)}. */
        public String spread() {
            return String.format(Locale.ROOT, "%.3f-%.3f (IQR %.3f-%.3f, n = %d)", min(), max(), lowerQuartile(), upperQuartile(),
                    pairs.size());
        }

        private double[] ratios() {
            return pairs.stream().mapToDouble(Pair::ratio).toArray();
        }
    }

    /**
     * Runs {@code pairs} pairs of rounds, A then B each time, and reports each pair as it is measured.
     *
     * @param onPair called after each pair with the pair and its 0-based index (e.g. to print progress)
     * @throws IllegalArgumentException if {@code pairs < 1} or a round returns a rate that is not finite and > 0
     * @throws Exception                whatever a round throws
     */
    public static Result measure(int pairs, Round a, Round b, ObjIntConsumer<Pair> onPair) throws Exception {
        if (pairs < 1) throw new IllegalArgumentException("pairs = " + pairs + "; accepted: 1 or more");
        List<Pair> measured = new ArrayList<>(pairs);
        for (int i = 0; i < pairs; i++) {
            double rateA = a.run();
            double rateB = b.run();
            Pair pair = new Pair(rateA, rateB);
            measured.add(pair);
            onPair.accept(pair, i);
        }
        return new Result(measured);
    }

    /** The q-quantile (0 <= q <= 1) of the values, interpolating linearly between order statistics. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
