package org.neuroprior.experiments.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.whisker.data.Split;

class SplitPlanTest {
    @Test
    void everyClassIsSplitInProportionAndEveryIndexOnce() {
        int perClass = 101, classes = 5;
        SplitPlan plan = SplitPlan.of(perClass * classes, i -> i / perClass, SplitFractions.DEFAULT, 7);
        Set<Integer> all = new HashSet<>();
        int[][] expected = {{81, 10, 10}}; // round(80.8) = 81, round(90.9) - 81 = 10, the rest 10
        for (Split split : Split.values()) {
            int[] indices = plan.indices(split);
            for (int c = 0; c < classes; c++) {
                int cls = c;
                long count = Arrays.stream(indices).filter(i -> i / perClass == cls).count();
                assertEquals(expected[0][split.ordinal()], count, split + " class " + c);
            }
            for (int i : indices) assertTrue(all.add(i));
        }
        assertEquals(perClass * classes, all.size());
    }

    @Test
    void thePlanDependsOnTheSeedOnly() {
        SplitPlan a = SplitPlan.of(200, i -> i % 4, SplitFractions.DEFAULT, 3);
        SplitPlan b = SplitPlan.of(200, i -> i % 4, SplitFractions.DEFAULT, 3);
        SplitPlan c = SplitPlan.of(200, i -> i % 4, SplitFractions.DEFAULT, 4);
        assertArrayEquals(a.indices(Split.TRAIN), b.indices(Split.TRAIN));
        assertFalse(Arrays.equals(a.indices(Split.TRAIN), c.indices(Split.TRAIN)));
        int[] train = a.indices(Split.TRAIN);
        assertFalse(Arrays.equals(IntStream.of(train).sorted().toArray(), train), "shards mix the source's order");
        // Pinned: Random's sequence is fixed by the Java specification, so a dataset's plan never changes.
        SplitPlan pinned = SplitPlan.of(10, null, SplitFractions.DEFAULT, 1);
        assertEquals("[5, 8, 9, 4, 0, 1, 6, 7][2][3]", Arrays.toString(pinned.indices(Split.TRAIN)) + Arrays.toString(pinned.indices(Split.VALIDATE))
                + Arrays.toString(pinned.indices(Split.TEST)));
    }

    @Test
    void fractionsMustBeAProperSplit() {
        assertThrows(IllegalArgumentException.class, () -> new SplitFractions(0.8, 0.1, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new SplitFractions(1.1, -0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SplitFractions(Double.NaN, 0.5, 0.5));
        assertArrayEquals(new int[]{3, 0, 0}, new SplitFractions(1, 0, 0).counts(3));
        assertArrayEquals(new int[]{8, 1, 1}, SplitFractions.DEFAULT.counts(10));
        assertArrayEquals(new int[]{2, 1, 0}, SplitFractions.DEFAULT.counts(3), "cumulative rounding: round(2.4), round(2.7) - 2");
    }
}
