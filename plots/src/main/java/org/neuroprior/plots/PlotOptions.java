package org.neuroprior.plots;

import java.util.List;
import java.util.Objects;

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
 */
public record PlotOptions(int width, int height, int lastEpochs, double threshold, List<String> improvementOf,
                          int reps, long bootstrapSeed) {

    /**
     * @throws IllegalArgumentException for a chart smaller than 200 x 150, lastEpochs &lt; 1, an infinite
     *     threshold or fewer than 100 replicates
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
    }

    /**
     * 900 x 560 charts, final score = mean of the last 5 evaluations, no threshold, no probability of improvement,
     * 50,000 bootstrap replicates with seed 1.
     */
    public static PlotOptions defaults() {
        return new PlotOptions(900, 560, 5, Double.NaN, List.of(), ScoreStatistics.DEFAULT_REPS, 1);
    }

    /** These options with a data-efficiency threshold (NaN: none). */
    public PlotOptions withThreshold(double score) {
        return new PlotOptions(width, height, lastEpochs, score, improvementOf, reps, bootstrapSeed);
    }

    /** These options with the groups whose probability of improvement over the others is estimated. */
    public PlotOptions withImprovementOf(List<String> labels) {
        return new PlotOptions(width, height, lastEpochs, threshold, labels, reps, bootstrapSeed);
    }

    /** These options with another number of bootstrap replicates. */
    public PlotOptions withReps(int replicates) {
        return new PlotOptions(width, height, lastEpochs, threshold, improvementOf, replicates, bootstrapSeed);
    }
}
