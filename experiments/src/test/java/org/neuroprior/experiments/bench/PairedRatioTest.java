package org.neuroprior.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PairedRatioTest {

    @Test
    void roundsAlternateAThenBAndEachPairIsReportedAsItEnds() throws Exception {
        List<String> calls = new ArrayList<>();
        double[] next = {0};
        PairedRatio.Result r = PairedRatio.measure(3, () -> {
            calls.add("A");
            return 10 + ++next[0];
        }, () -> {
            calls.add("B");
            return 5;
        }, (pair, i) -> calls.add("pair " + i));
        assertEquals(List.of("A", "B", "pair 0", "A", "B", "pair 1", "A", "B", "pair 2"), calls);
        assertEquals(List.of(new PairedRatio.Pair(11, 5), new PairedRatio.Pair(12, 5), new PairedRatio.Pair(13, 5)), r.pairs());
    }

    @Test
    void theMedianPairRatioIgnoresAPairThatLoadHitOnOneSide() {
        // Four quiet pairs at ratio 0.9 (whatever the machine's speed), one where B was slowed by half.
        var r = new PairedRatio.Result(List.of(new PairedRatio.Pair(90, 100), new PairedRatio.Pair(72, 80),
                new PairedRatio.Pair(90, 50), new PairedRatio.Pair(99, 110), new PairedRatio.Pair(81, 90)));
        assertEquals(0.9, r.median(), 1e-12);
        assertEquals(0.9, r.min(), 1e-12);
        assertEquals(1.8, r.max(), 1e-12);
        assertEquals(0.9, r.lowerQuartile(), 1e-12);
        assertEquals(0.9, r.upperQuartile(), 1e-12);
        assertEquals(90, r.medianA(), 1e-12);
        assertEquals(90, r.medianB(), 1e-12);
        assertEquals("0.900 (pairs 0.900-1.800, IQR 0.900-0.900, n = 5)", r.summary());
    }

    @Test
    void quartilesInterpolateAsNumpyDoes() {
        double[] v = {4, 1, 3, 2};
        assertEquals(1.75, PairedRatio.quantile(v, 0.25), 1e-12); // np.quantile([1,2,3,4], 0.25)
        assertEquals(2.5, PairedRatio.quantile(v, 0.5), 1e-12);
        assertEquals(3.25, PairedRatio.quantile(v, 0.75), 1e-12);
        assertEquals(7, PairedRatio.quantile(new double[] {7}, 0.25), 0);
    }

    @Test
    void badRatesAndCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PairedRatio.Pair(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PairedRatio.Pair(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PairedRatio.Pair(Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalArgumentException.class, () -> new PairedRatio.Result(List.of()));
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.measure(0, () -> 1, () -> 1, (p, i) -> { }));
    }
}
