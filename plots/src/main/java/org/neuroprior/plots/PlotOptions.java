package org.neuroprior.plots;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Options of {@link Plots#writeAll(java.util.List, java.nio.file.Path, PlotOptions)}.
 *
 * @param width chart width in pixels (PNG) / user units (SVG)
 * @param height chart height
 * @param lastEpochs how many of the last evaluations of each run are averaged into its final score
 * @param threshold the score whose first reaching measures data efficiency ({@code steps_to_threshold}); NaN for
 *     none (the figure is then not drawn)
 * @param improvementOf labels of groups whose probability of improvement over every other group is estimated
 *     ({@code probability_of_improvement}); empty for none
 * @param reps bootstrap replicates of every confidence interval, at least 100 (rliable's default: 50,000)
 * @param bootstrapSeed seed of the bootstrap resampling (the same seed gives the same intervals)
 * @param x the {@code log.csv} column the curves are drawn against: {@link #STEPS} (environment steps, the default),
 *     {@link #EPISODES} (training episodes, the gridworld's axis) or any other column every run logs
 * @param band the learning curves' band across the seeds of a group
 * @param bin if &gt; 0, each run's learning curve is averaged over bins of this width in x (the predictive-heads
 *     paper's 5-episode bins: rows with x in [5k, 5k + 5) become one point at their mean x) before the statistics
 *     across seeds; 0 for none. Only the learning curves are binned; final scores read the evaluations as logged
 * @param xMax if finite, every figure reads only the evaluations with x &le; xMax (e.g. the scores before a transfer
 *     task changes); +infinity for all
 * @param lengthBound whether a run's policy cannot act on a body of another length (its parameters are sized for
 *     the one it trained on, as an MLP's input layer): a group without transfer results whose runs all are is named
 *     in the transfer figure as absent for that reason ({@code neuroprior plot} asks the architecture); by default
 *     no run is
 */
public record PlotOptions(int width, int height, int lastEpochs, double threshold, List<String> improvementOf,
                          int reps, long bootstrapSeed, String x, Band band, double bin, double xMax,
                          Predicate<RunData> lengthBound) {

    /** The environment-step column of {@code log.csv} (the default x). */
    public static final String STEPS = "train/steps";
    /** The training-episode column of {@code log.csv} (agents that train episode by episode). */
    public static final String EPISODES = "train/episodes";

    /** What the band around a group's mean learning curve shows. */
    public enum Band {
        /** Population standard deviation across the seeds (divisor n). */
        STD,
        /**
         * Standard error of the mean across the seeds: the sample standard deviation (divisor n - 1) over sqrt(n), as
         * the predictive-heads paper's curves (scipy's {@code sem}).
         */
        SEM;

        /** The option value: {@code std} or {@code sem}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @throws IllegalArgumentException for a chart smaller than 200 x 150, lastEpochs &lt; 1, an infinite
     *     threshold, fewer than 100 replicates, a blank x column, a negative or non-finite bin or a NaN xMax
 * @throws NullPointerException for a null improvementOf, band or lengthBound
     */
    public PlotOptions {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("Chart size too small: " + width + "x" + height);
        }
        if (lastEpochs < 1) {
            throw new IllegalArgumentException("lastEpochs must be >= 1, got " + lastEpochs);
        }
        if (Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite (or NaN for none), got " + threshold);
        }
        if (reps < 100) {
            throw new IllegalArgumentException("bootstrap replicates must be at least 100, got " + reps);
        }
        improvementOf = List.copyOf(Objects.requireNonNull(improvementOf, "improvementOf"));
        if (x == null || x.isBlank()) {
            throw new IllegalArgumentException("the x column must name a log.csv column, got '" + x + "'");
        }
        Objects.requireNonNull(band, "band");
        if (!(bin >= 0) || Double.isInfinite(bin)) {
            throw new IllegalArgumentException("bin must be a finite width >= 0 (0: none), got " + bin);
        }
        if (Double.isNaN(xMax)) {
            throw new IllegalArgumentException("xMax must be a number (+infinity: all), got NaN");
        }
        Objects.requireNonNull(lengthBound, "lengthBound");
    }

    /**
     * 900 x 560 charts, final score = mean of the last 5 evaluations, no threshold, no probability of improvement,
     * 50,000 bootstrap replicates with seed 1; curves against environment steps with a band of 1 std across seeds,
     * not binned, every evaluation; no run bound to its body length.
     */
    public static PlotOptions defaults() {
        return new PlotOptions(900, 560, 5, Double.NaN, List.of(), ScoreStatistics.DEFAULT_REPS, 1, STEPS, Band.STD, 0,
                Double.POSITIVE_INFINITY, run -> false);
    }

    /** These options with a data-efficiency threshold (NaN: none). */
    public PlotOptions withThreshold(double score) {
        return new PlotOptions(width, height, lastEpochs, score, improvementOf, reps, bootstrapSeed, x, band, bin, xMax, lengthBound);
    }

    /** These options with the groups whose probability of improvement over the others is estimated. */
    public PlotOptions withImprovementOf(List<String> labels) {
        return new PlotOptions(width, height, lastEpochs, threshold, labels, reps, bootstrapSeed, x, band, bin, xMax, lengthBound);
    }

    /** These options with another number of bootstrap replicates. */
    public PlotOptions withReps(int replicates) {
        return new PlotOptions(width, height, lastEpochs, threshold, improvementOf, replicates, bootstrapSeed, x, band, bin, xMax, lengthBound);
    }

    /** These options with another number of last evaluations per final score. */
    public PlotOptions withLastEpochs(int evaluations) {
        return new PlotOptions(width, height, evaluations, threshold, improvementOf, reps, bootstrapSeed, x, band, bin, xMax, lengthBound);
    }

    /** These options with curves against another {@code log.csv} column. */
    public PlotOptions withX(String column) {
        return new PlotOptions(width, height, lastEpochs, threshold, improvementOf, reps, bootstrapSeed, column, band, bin, xMax, lengthBound);
    }

    /** These options with another band, bin width and last x read. */
    public PlotOptions withCurves(Band curveBand, double binWidth, double lastX) {
        return new PlotOptions(width, height, lastEpochs, threshold, improvementOf, reps, bootstrapSeed, x, curveBand, binWidth, lastX, lengthBound);
    }

    /** These options with another test of which runs are bound to their body length ({@link #lengthBound}). */
    public PlotOptions withLengthBound(Predicate<RunData> bound) {
        return new PlotOptions(width, height, lastEpochs, threshold, improvementOf, reps, bootstrapSeed, x, band, bin, xMax, bound);
    }

    /** A short name of the x column for CSV headers: the part after its last '/' ({@code steps}, {@code episodes}). */
    public String xName() {
        return x.substring(x.lastIndexOf('/') + 1);
    }
}
