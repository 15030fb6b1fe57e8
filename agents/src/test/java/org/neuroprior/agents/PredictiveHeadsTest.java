package org.neuroprior.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The predictive heads' pairs: consecutive steps of one episode within one sequence of a pass, and nothing else. */
class PredictiveHeadsTest {
    /**
     * One environment's 12 steps as a recurrent pass cuts them, 3 windows of 4 rows (PPO's layout, bptt 4): an episode
     * ends at step 5 (row 6 starts the next), inside the second window. The pairs are the consecutive steps of one
     * episode within one window: (0, 1), (1, 2), (2, 3); (4, 5); (6, 7); (8, 9), (9, 10), (10, 11). Not (3, 4) nor
     * (7, 8), which cross a window's edge, nor (5, 6), which crosses the episode's end.
     */
    @Test
    void aRecurrentChunkPairsExactlyItsConsecutiveSameEpisodeSteps() {
        boolean[] continues = new boolean[12];
        Arrays.fill(continues, true);
        continues[5] = false; // step 5 ended its episode
        continues[11] = false; // the segment's last step: its next observation is no row
        int[] current = new int[12];
        int[] next = new int[12];
        int n = PredictiveHeads.consecutivePairs(continues, 12, 4, null, current, next);
        assertArrayEquals(new int[] {0, 1, 2, 4, 6, 8, 9, 10}, Arrays.copyOf(current, n));
        for (int p = 0; p < n; p++) assertEquals(current[p] + 1, next[p]);

        // A stateless pass of the same steps: one sequence, so the windows' edges do not cut pairs; the episode's end does.
        n = PredictiveHeads.consecutivePairs(continues, 12, 12, null, current, next);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 6, 7, 8, 9, 10}, Arrays.copyOf(current, n));

        // Shuffled: the same pairs, each still (t, t + 1).
        n = PredictiveHeads.consecutivePairs(continues, 12, 4, new SplittableRandom(3), current, next);
        int[] sorted = Arrays.copyOf(current, n);
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 4, 6, 8, 9, 10}, sorted);
        for (int p = 0; p < n; p++) assertEquals(current[p] + 1, next[p]);

        assertThrows(IllegalArgumentException.class, () -> PredictiveHeads.consecutivePairs(continues, 12, 5, null, current, next));
    }
}
