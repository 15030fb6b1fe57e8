package org.neuroprior.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreStatisticsTest {

    /** rliable's metrics_test: x and y as (runs x tasks) matrices, here one array per task (the columns). */
    private static final double[][] RLIABLE_X = {{1, 2, 1, 2}, {2, 2, 1, 1}};
    private static final double[][] RLIABLE_Y = {{1, 2, 3}, {1, 2, 3}};

    @Test
    void iqmIsScipysTrimMeanAsRliableUsesIt() {
        // rliable's own test values: aggregate_iqm(x) == 1.5, aggregate_iqm(y) == 2
        assertEquals(1.5, ScoreStatistics.iqm(RLIABLE_X), 1e-12);
        assertEquals(2.0, ScoreStatistics.iqm(RLIABLE_Y), 1e-12);
        // by hand: 5 runs -> floor(1.25) = 1 cut from each end: mean of 3, 5, 10
        assertEquals(6.0, ScoreStatistics.iqm(10, 1, 3, 100, 5), 1e-12);
        // 3 runs -> floor(0.75) = 0 cut: the plain mean
        assertEquals(4.0, ScoreStatistics.iqm(1, 2, 9), 1e-12);
        // 8 runs -> 2 cut from each end: mean of 3, 4, 5, 6
        assertEquals(4.5, ScoreStatistics.iqm(8, 7, 6, 5, 4, 3, 2, 1), 1e-12);
        assertEquals(7.0, ScoreStatistics.iqm(7), 1e-12);
    }

    @Test
    void probabilityOfImprovementIsTheNormalisedMannWhitneyU() {
        // rliable's own test value
        assertEquals(1.0 / 3, ScoreStatistics.probabilityOfImprovement(RLIABLE_X, RLIABLE_Y), 1e-12);
        // by hand: pairs (3,1)=1, (3,3)=1/2, (4,1)=1, (4,3)=1 -> 3.5 / 4
        double[][] x = {{3, 4}};
        double[][] y = {{1, 3}};
        assertEquals(0.875, ScoreStatistics.probabilityOfImprovement(x, y), 1e-12);
        assertEquals(0.125, ScoreStatistics.probabilityOfImprovement(y, x), 1e-12);
        assertEquals(0.5, ScoreStatistics.probabilityOfImprovement(x, x), 1e-12);
        // averaged over tasks: 1 on the first, 0 on the second
        assertEquals(0.5, ScoreStatistics.probabilityOfImprovement(new double[][] {{5}, {0}},
                new double[][] {{1}, {9}}), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> ScoreStatistics.probabilityOfImprovement(new double[][] {{1}}, new double[][] {{1}, {2}}));
    }

    @Test
    void bootstrapIntervalOfTwoValuesIsTheirRange() {
        // resampling {0, 1}: the mean is 0 (p 1/4), 1/2 (p 1/2) or 1 (p 1/4): the 2.5% and 97.5% quantiles are 0, 1
        ScoreStatistics.Interval ci = ScoreStatistics.stratifiedBootstrap(new double[][] {{0, 1}},
                ScoreStatistics::iqm, 10_000, 0.95, 3);
        assertEquals(0.5, ci.estimate(), 1e-12);
        assertEquals(0.0, ci.low(), 1e-12);
        assertEquals(1.0, ci.high(), 1e-12);
        // a 30% interval of the same: its 35% and 65% quantiles fall inside the half of the replicates at 1/2
        ci = ScoreStatistics.stratifiedBootstrap(new double[][] {{0, 1}}, ScoreStatistics::iqm, 10_000, 0.3, 3);
        assertEquals(0.5, ci.low(), 1e-12);
        assertEquals(0.5, ci.high(), 1e-12);
    }

    @Test
    void bootstrapResamplesWithinEachTask() {
        // each task's runs are all equal, so a stratified resample always holds two 0s and two 10s: IQM 5 always.
        // Resampling the four scores together would give 0 or 10 in about one replicate in eight.
        ScoreStatistics.Interval ci = ScoreStatistics.stratifiedBootstrap(new double[][] {{0, 0}, {10, 10}},
                ScoreStatistics::iqm, 2_000, 0.99, 5);
        assertEquals(5.0, ci.estimate(), 1e-12);
        assertEquals(5.0, ci.low(), 1e-12);
        assertEquals(5.0, ci.high(), 1e-12);
    }

    @Test
    void bootstrapIntervalOfAMeanMatchesTheNormalApproximation() {
        Random random = new Random(11);
        double[] v = new double[400];
        for (int i = 0; i < v.length; i++) {
            v[i] = 50 + 10 * random.nextGaussian();
        }
        // with n = 400 the trimmed mean's bootstrap distribution is close to normal; the width of its 95% interval
        // is 2 * 1.96 * (standard error of the 25% trimmed mean), about 2 * 1.96 * 1.11 sigma / sqrt(n) for normal
        // data (the trimmed mean's efficiency is 0.83)
        ScoreStatistics.Interval ci = ScoreStatistics.stratifiedBootstrap(new double[][] {v}, ScoreStatistics::iqm,
                4_000, 0.95, 9);
        double expected = 2 * 1.96 * 10 / Math.sqrt(0.83) / Math.sqrt(v.length);
        assertEquals(expected, ci.high() - ci.low(), 0.12 * expected);
        assertTrue(ci.low() < ci.estimate() && ci.estimate() < ci.high());
        assertEquals(ci, ScoreStatistics.stratifiedBootstrap(new double[][] {v}, ScoreStatistics::iqm, 4_000, 0.95, 9),
                "the same seed gives the same interval");
    }

    @Test
    void probabilityOfImprovementInterval() {
        double[][] better = {{10, 11, 12, 13, 14}};
        double[][] worse = {{1, 2, 3, 4, 5}};
        ScoreStatistics.Interval all = ScoreStatistics.probabilityOfImprovementInterval(better, worse, 1_000, 0.95, 1);
        assertEquals(new ScoreStatistics.Interval(1, 1, 1), all);
        // overlapping runs: the interval contains the estimate and stays within [0, 1]
        double[][] x = {{3, 5, 7, 9, 11}};
        double[][] y = {{2, 4, 6, 8, 10}};
        ScoreStatistics.Interval ci = ScoreStatistics.probabilityOfImprovementInterval(x, y, 5_000, 0.95, 1);
        assertEquals(15.0 / 25, ci.estimate(), 1e-12);
        assertTrue(0 <= ci.low() && ci.low() < ci.estimate() && ci.estimate() < ci.high() && ci.high() <= 1, ci::toString);
    }

    @Test
    void stepsToReachIsTheFirstLoggedStepAtOrAboveTheThreshold() {
        Curve c = new Curve(new double[] {0, 10, 20, 30}, new double[] {1, 5, 9, 7}, new double[4]);
        assertEquals(OptionalDouble.of(20), ScoreStatistics.stepsToReach(c, 8));
        assertEquals(OptionalDouble.of(20), ScoreStatistics.stepsToReach(c, 9));
        assertEquals(OptionalDouble.of(0), ScoreStatistics.stepsToReach(c, 1));
        assertEquals(OptionalDouble.empty(), ScoreStatistics.stepsToReach(c, 9.5));
    }

    @Test
    void levelOffComparesTheFittedRiseOverTheLastFifthWithOnePercent() {
        double[] steps = new double[11];
        double[] rising = new double[11];
        double[] flat = new double[11];
        for (int i = 0; i <= 10; i++) {
            steps[i] = 10 * i;
            rising[i] = 500 + steps[i];            // last 20%: 580, 590, 600: rise 20 over a mean of 590 = 3.4%
            flat[i] = 1000 + 0.05 * steps[i];      // last 20%: 1004, 1004.5, 1005: rise 1 over 1004.5 = 0.1%
        }
        ScoreStatistics.LevelOff up = ScoreStatistics.levelOff(new Curve(steps, rising, new double[11]), 0.2, 0.01);
        assertEquals(80, up.from(), 1e-12);
        assertEquals(100, up.to(), 1e-12);
        assertEquals(3, up.points());
        assertEquals(20, up.change(), 1e-9);
        assertEquals(20 / 590.0, up.relativeChange(), 1e-12);
        assertFalse(up.levelsOff());
        ScoreStatistics.LevelOff level = ScoreStatistics.levelOff(new Curve(steps, flat, new double[11]), 0.2, 0.01);
        assertEquals(1 / 1004.5, level.relativeChange(), 1e-12);
        assertTrue(level.levelsOff());
        // one noisy evaluation in the middle of the window does not tilt the fitted line
        double[] noisy = flat.clone();
        noisy[9] = 900;
        assertTrue(ScoreStatistics.levelOff(new Curve(steps, noisy, new double[11]), 0.2, 0.01).levelsOff());
        assertThrows(IllegalArgumentException.class,
                () -> ScoreStatistics.levelOff(new Curve(steps, flat, new double[11]), 0.1, 0.01), "2 evaluations");
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScoreStatistics.iqm(new double[][] {}));
        assertThrows(IllegalArgumentException.class, () -> ScoreStatistics.iqm(new double[][] {{}}));
        assertThrows(IllegalArgumentException.class, () -> ScoreStatistics.iqm(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ScoreStatistics.stratifiedBootstrap(new double[][] {{1}},
                ScoreStatistics::iqm, 10, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> ScoreStatistics.stratifiedBootstrap(new double[][] {{1}},
                ScoreStatistics::iqm, 1000, 1.0, 1));
    }
}
