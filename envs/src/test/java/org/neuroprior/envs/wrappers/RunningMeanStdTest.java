package org.neuroprior.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neuroprior.envs.wrappers.RunningMeanStd.Stats;

class RunningMeanStdTest {

    /** Population mean and variance the textbook way, two passes. */
    static double[][] twoPass(double[][] data) {
        int n = data[0].length;
        double[] mean = new double[n];
        double[] var = new double[n];
        for (double[] x : data) for (int i = 0; i < n; i++) mean[i] += x[i];
        for (int i = 0; i < n; i++) mean[i] /= data.length;
        for (double[] x : data) for (int i = 0; i < n; i++) var[i] += (x[i] - mean[i]) * (x[i] - mean[i]);
        for (int i = 0; i < n; i++) var[i] /= data.length;
        return new double[][] {mean, var};
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    private static double[][] data(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] data = new double[rows][3];
        for (double[] x : data) {
            x[0] = 1000 + rng.nextGaussian();
            x[1] = -5 + 20 * rng.nextDouble();
            x[2] = 1e-3 * rng.nextGaussian();
        }
        return data;
    }

    @Test
    void updateMatchesTwoPassMeanAndPopulationVariance() {
        double[][] data = data(5000, 1);
        RunningMeanStd rms = new RunningMeanStd(3);
        for (double[] x : data) rms.update(x);
        double[][] expected = twoPass(data);
        Stats stats = rms.stats();
        assertEquals(5000, stats.count());
        assertClose(expected[0], stats.mean(), "mean");
        assertClose(expected[1], stats.var(), "var");
    }

    @Test
    void mergeEqualsUpdatingOneByOne() {
        double[][] data = data(300, 2);
        RunningMeanStd all = new RunningMeanStd(3);
        RunningMeanStd first = new RunningMeanStd(3);
        RunningMeanStd second = new RunningMeanStd(3);
        for (int r = 0; r < data.length; r++) {
            all.update(data[r]);
            (r < 120 ? first : second).update(data[r]);
        }
        first.merge(second.stats());
        assertEquals(300, first.count());
        assertClose(all.stats().mean(), first.stats().mean(), "mean");
        assertClose(all.stats().var(), first.stats().var(), "var");
    }

    @Test
    void normalizesWithEpsilonAndClipAndIsTheIdentityBeforeAnyUpdate() {
        RunningMeanStd rms = new RunningMeanStd(2);
        double[] out = new double[2];
        rms.normalize(new double[] {0.5, -3}, out, 10);
        assertArrayEquals(new double[] {0.5 / Math.sqrt(1 + 1e-8), -3 / Math.sqrt(1 + 1e-8)}, out);
        rms.update(new double[] {1, 2});
        rms.update(new double[] {3, 2});
        rms.normalize(new double[] {4, 2}, out, 1.5);
        assertArrayEquals(new double[] {1.5, 0}, out); // (4-2)/1 clipped; constant element: 0
        rms.normalize(new double[] {2.5, 2}, out, 10);
        assertEquals(0.5 / Math.sqrt(1 + 1e-8), out[0]);
    }

    @Test
    void restoreReproducesTheStatistics() {
        RunningMeanStd rms = new RunningMeanStd(3);
        for (double[] x : data(50, 3)) rms.update(x);
        RunningMeanStd copy = new RunningMeanStd(3);
        copy.restore(rms.stats());
        assertEquals(rms.stats(), copy.stats());
        assertThrows(IllegalArgumentException.class, () -> new RunningMeanStd(2).restore(rms.stats()));
    }

    @Test
    void textRoundTripIsExact() {
        RunningMeanStd rms = new RunningMeanStd(3);
        for (double[] x : data(77, 4)) rms.update(x);
        Stats stats = rms.stats();
        assertEquals(stats, Stats.parse(stats.toText()));

        double[] awkward = {0.1, 1.0 / 3, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 2e-323, 1e23,
                Math.nextUp(1.0), 123456789.123456789};
        double[] var = new double[awkward.length];
        for (int i = 0; i < var.length; i++) var[i] = Math.abs(awkward[i]);
        Stats edge = new Stats(Long.MAX_VALUE, awkward, var);
        Stats back = Stats.parse(edge.toText());
        assertEquals(edge, back);
        for (int i = 0; i < awkward.length; i++) {
            assertEquals(Double.doubleToRawLongBits(awkward[i]), Double.doubleToRawLongBits(back.mean()[i]), "mean " + i);
        }

        SplittableRandom rng = new SplittableRandom(5);
        double[] mean = new double[20_000];
        double[] vars = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            do mean[i] = Double.longBitsToDouble(rng.nextLong()); while (!Double.isFinite(mean[i]));
            vars[i] = Math.abs(mean[i]);
        }
        Stats random = new Stats(12, mean, vars);
        assertEquals(random, Stats.parse(random.toText()));
        assertEquals(new Stats(0, new double[0], new double[0]), Stats.parse(new Stats(0, new double[0], new double[0]).toText()));
    }

    @Test
    void parseAcceptsAnyFieldOrderAndSpaces() {
        Stats expected = new Stats(3, new double[] {1.5, -2}, new double[] {0.25, 4});
        assertEquals(expected, Stats.parse(" var = 0.25, 4 ; count=3;mean=1.5 ,-2.0 "));
    }

    @Test
    void badTextGivesIllegalArgumentNamingTheProblem() {
        assertBad("count=3;mean=1,2", "'var' is missing");
        assertBad("count=3;mean=1,2;var=1,2;var=1,2", "'var' appears twice");
        assertBad("count=3;mean=1,2;var=1,2;std=1", "unknown field 'std'");
        assertBad("count=3;mean=1,x2;var=1,2", "mean[1] = 'x2' is not a number");
        assertBad("count=three;mean=1;var=1", "count 'three'");
        assertBad("count=-1;mean=1;var=1", "count must be >= 0, got -1");
        assertBad("count=3;mean=1,2;var=1", "mean has 2 values but var has 1");
        assertBad("count=3;mean=1;var=-1", "var[0] = -1.0");
        assertBad("count=3;mean=NaN;var=1", "mean[0] = NaN");
        assertBad("count=3;mean=1;var", "'var' has no '='");
        assertBad(null, "null");
    }

    private static void assertBad(String text, String expectedMessagePart) {
        var e = assertThrows(IllegalArgumentException.class, () -> Stats.parse(text));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }

    @Test
    void statsAreImmutable() {
        double[] mean = {1};
        Stats stats = new Stats(1, mean, new double[] {0});
        mean[0] = 5;
        stats.mean()[0] = 7;
        assertEquals(1, stats.mean()[0]);
    }
}
