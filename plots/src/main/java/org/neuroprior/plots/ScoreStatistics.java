package org.neuroprior.plots;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The statistics deep-RL readers expect of a few runs (Agarwal et al. 2021, "Deep Reinforcement Learning at the
 * Edge of the Statistical Precipice", NeurIPS; the definitions of their library rliable): the interquartile mean,
 * stratified bootstrap confidence intervals with percentiles, the probability of improvement; and two summaries
 * of learning curves: the steps a run needs to first reach a score, and whether a curve has levelled off.
 *
 * <p>Scores are given per task: {@code scores[t]} holds the final scores of the runs on task t (one array per
 * task; tasks may have different run counts). Scores are used as they are, not normalised, so aggregating over
 * tasks only makes sense when their score scales are comparable (one task, or tasks with scores in [0, 1000] such
 * as the swimmer's). Every method rejects empty input and non-finite scores with {@link IllegalArgumentException}.
 */
public final class ScoreStatistics {

    /** rliable's default number of bootstrap replications. */
    public static final int DEFAULT_REPS = 50_000;

    private ScoreStatistics() {}

    /**
     * A point estimate and its confidence interval.
     *
     * @param estimate the statistic on the data as given
     * @param low lower end of the interval
     * @param high upper end of the interval
     */
    public record Interval(double estimate, double low, double high) {}

    /**
     * The interquartile mean of every score of every task together: scipy's {@code trim_mean(scores, 0.25)} as
     * rliable's {@code aggregate_iqm} computes it. Of n sorted scores, floor(n / 4) are cut from each end and the
     * rest averaged (n = 5: the middle 3; n = 3: all 3; n = 4: the middle 2).
     *
     * @param scores per task, the runs' scores
     * @return the 25% trimmed mean
     */
    public static double iqm(double[][] scores) {
        double[] all = flatten(check(scores, "scores"));
        Arrays.sort(all);
        int cut = (int) (0.25 * all.length);
        double sum = 0;
        for (int i = cut; i < all.length - cut; i++) {
            sum += all[i];
        }
        return sum / (all.length - 2 * cut);
    }

    /** {@link #iqm(double[][])} of one task's runs. */
    public static double iqm(double... scores) {
        return iqm(new double[][] {scores});
    }

    /**
     * Probability of improvement of X over Y, rliable's {@code probability_of_improvement}: per task, the
     * Mann-Whitney U statistic of X's runs against Y's divided by the number of pairs, i.e. P(x &gt; y) + P(x = y) / 2
     * over all pairs of a run of X and a run of Y; then the mean over tasks.
     *
     * @param x per task, the runs' scores of algorithm X
     * @param y per task, the runs' scores of algorithm Y (the same number of tasks, in the same order)
     * @return a probability in [0, 1]
     * @throws IllegalArgumentException when the task counts differ or a task has no runs
     */
    public static double probabilityOfImprovement(double[][] x, double[][] y) {
        check(x, "x");
        check(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " tasks but y has " + y.length);
        }
        double sum = 0;
        for (int t = 0; t < x.length; t++) {
            double u = 0;
            for (double a : x[t]) {
                for (double b : y[t]) {
                    u += a > b ? 1 : a == b ? 0.5 : 0;
                }
            }
            sum += u / ((double) x[t].length * y[t].length);
        }
        return sum / x.length;
    }

    /**
     * A percentile confidence interval from the stratified bootstrap (rliable's {@code StratifiedBootstrap} with
     * {@code method='percentile'}): each replicate resamples, within every task separately, as many runs as the
     * task has, with replacement; the interval runs from the (1 - confidence) / 2 to the (1 + confidence) / 2
     * quantile of the statistic over the replicates (numpy's linear interpolation between order statistics).
     *
     * @param scores per task, the runs' scores
     * @param statistic the aggregate, e.g. {@code ScoreStatistics::iqm}
     * @param reps replicates, at least 100 (rliable: 50,000)
     * @param confidence coverage in (0, 1), e.g. 0.95
     * @param seed the resampling seed: the same seed gives the same interval
     */
    public static Interval stratifiedBootstrap(double[][] scores, ToDoubleFunction<double[][]> statistic, int reps,
                                               double confidence, long seed) {
        check(scores, "scores");
        Objects.requireNonNull(statistic, "statistic");
        checkBootstrap(reps, confidence);
        SplittableRandom random = new SplittableRandom(seed);
        double[] replicates = new double[reps];
        double[][] sample = emptyLike(scores);
        for (int r = 0; r < reps; r++) {
            resample(scores, sample, random);
            replicates[r] = statistic.applyAsDouble(sample);
        }
        return interval(statistic.applyAsDouble(scores), replicates, confidence);
    }

    /** {@link #stratifiedBootstrap} of {@link #iqm(double[][])} at 95% with {@link #DEFAULT_REPS} replicates. */
    public static Interval iqmInterval(double[][] scores, long seed) {
        return stratifiedBootstrap(scores, ScoreStatistics::iqm, DEFAULT_REPS, 0.95, seed);
    }

    /**
     * The probability of improvement of X over Y with a percentile interval from rliable's
     * {@code StratifiedIndependentBootstrap}: each replicate resamples X's runs and Y's runs independently, each
     * within every task.
     *
     * @see #probabilityOfImprovement(double[][], double[][])
     * @see #stratifiedBootstrap
     */
    public static Interval probabilityOfImprovementInterval(double[][] x, double[][] y, int reps, double confidence,
                                                            long seed) {
        double estimate = probabilityOfImprovement(x, y);
        checkBootstrap(reps, confidence);
        SplittableRandom random = new SplittableRandom(seed);
        double[][] sx = emptyLike(x);
        double[][] sy = emptyLike(y);
        double[] replicates = new double[reps];
        for (int r = 0; r < reps; r++) {
            resample(x, sx, random);
            resample(y, sy, random);
            replicates[r] = probabilityOfImprovement(sx, sy);
        }
        return interval(estimate, replicates, confidence);
    }

    /**
     * The first logged step at which a curve's score reaches {@code threshold} (score &ge; threshold), as logged:
     * no interpolation between evaluations. Empty when it never does.
     *
     * @param curve one run's test scores against steps
     * @param threshold the score to reach
     */
    public static OptionalDouble stepsToReach(Curve curve, double threshold) {
        for (int i = 0; i < curve.size(); i++) {
            if (curve.mean()[i] >= threshold) {
                return OptionalDouble.of(curve.steps()[i]);
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * Whether a curve has levelled off over its last part.
     *
     * @param from first step of the window
     * @param to last step of the window
     * @param points evaluations in the window
     * @param change the least-squares line's rise over the window (its slope times {@code to - from})
     * @param relativeChange {@code change} divided by the absolute mean score in the window (NaN when that is 0)
     * @param levelsOff whether |relativeChange| is below the tolerance
     */
    public record LevelOff(double from, double to, int points, double change, double relativeChange,
                           boolean levelsOff) {}

    /**
     * Whether a curve levels off: a straight line is fitted by least squares to the evaluations in the last
     * {@code fraction} of its step range (steps &ge; last - fraction (last - first)), and the curve levels off when
     * the line's rise over that window is less than {@code tolerance} times the window's mean score (in absolute
     * value). The fit, rather than the two end points, keeps one noisy evaluation from deciding. The issue's
     * definition: fraction 0.2, tolerance 0.01 (less than 1% change over the last 20%).
     *
     * @param curve test scores against steps (one run, or a group's mean)
     * @param fraction the window as a fraction of the step range, in (0, 1]
     * @param tolerance the relative change below which the curve has levelled off, &gt; 0
     * @throws IllegalArgumentException when the window holds fewer than 3 evaluations, or an argument is out of range
     */
    public static LevelOff levelOff(Curve curve, double fraction, double tolerance) {
        if (!(fraction > 0 && fraction <= 1) || !(tolerance > 0)) {
            throw new IllegalArgumentException("fraction must be in (0, 1] and tolerance > 0, got " + fraction + ", "
                    + tolerance);
        }
        double first = curve.steps()[0];
        double last = curve.lastStep();
        double from = last - fraction * (last - first);
        SimpleRegression fit = new SimpleRegression();
        double sum = 0;
        double start = Double.NaN;
        for (int i = 0; i < curve.size(); i++) {
            double s = curve.steps()[i];
            if (s >= from && Double.isFinite(curve.mean()[i])) {
                fit.addData(s, curve.mean()[i]);
                sum += curve.mean()[i];
                start = Double.isNaN(start) ? s : start;
            }
        }
        int n = (int) fit.getN();
        if (n < 3) {
            throw new IllegalArgumentException("the last " + fraction + " of the curve (steps " + Style.num(from)
                    + " to " + Style.num(last) + ") holds " + n + " evaluations; at least 3 are needed");
        }
        double change = fit.getSlope() * (last - start);
        double mean = Math.abs(sum / n);
        double relative = mean == 0 ? Double.NaN : change / mean;
        return new LevelOff(start, last, n, change, relative, Math.abs(relative) < tolerance);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static double[][] check(double[][] scores, String name) {
        Objects.requireNonNull(scores, name);
        if (scores.length == 0) {
            throw new IllegalArgumentException(name + " has no task");
        }
        for (int t = 0; t < scores.length; t++) {
            if (scores[t] == null || scores[t].length == 0) {
                throw new IllegalArgumentException(name + ": task " + t + " has no runs");
            }
            for (double v : scores[t]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(name + ": task " + t + " has a non-finite score " + v);
                }
            }
        }
        return scores;
    }

    private static void checkBootstrap(int reps, double confidence) {
        if (reps < 100) {
            throw new IllegalArgumentException("bootstrap replicates must be at least 100, got " + reps);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }

    private static double[] flatten(double[][] scores) {
        return Arrays.stream(scores).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[][] emptyLike(double[][] scores) {
        double[][] out = new double[scores.length][];
        for (int t = 0; t < scores.length; t++) {
            out[t] = new double[scores[t].length];
        }
        return out;
    }

    private static void resample(double[][] scores, double[][] into, SplittableRandom random) {
        for (int t = 0; t < scores.length; t++) {
            double[] runs = scores[t];
            for (int i = 0; i < runs.length; i++) {
                into[t][i] = runs[random.nextInt(runs.length)];
            }
        }
    }

    private static Interval interval(double estimate, double[] replicates, double confidence) {
        Percentile p = new Percentile().withEstimationType(EstimationType.R_7); // numpy's default "linear"
        p.setData(replicates);
        return new Interval(estimate, p.evaluate(50 * (1 - confidence)), p.evaluate(50 * (1 + confidence)));
    }
}
