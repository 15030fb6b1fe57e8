package org.neuroprior.experiments.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.experiments.data.ShardPlan;

/** How {@link SparkShards} cuts shards into tasks for the cores: pieces only where a shard would leave cores idle. */
class SparkShardsTest {
    private static ShardPlan shard(Split split, int number, int samples) {
        return new ShardPlan(split, number, IntStream.range(0, samples).toArray());
    }

    @Test
    void theIssues400SweepSetOn2CoresIsCutIntoEqualTasks() {
        // 320, 40 and 40 sweeps on 2 slots: pieces of at most 400 / 4 = 100, so 4 x 80, 40 and 40 (200 per core).
        List<int[]> b = SparkShards.bounds(List.of(shard(Split.TRAIN, 0, 320), shard(Split.VALIDATE, 0, 40), shard(Split.TEST, 0, 40)), 2);
        assertArrayEquals(new int[] {0, 80, 160, 240, 320}, b.get(0));
        assertArrayEquals(new int[] {0, 40}, b.get(1));
        assertArrayEquals(new int[] {0, 40}, b.get(2));
    }

    @Test
    void manyShardsForTheCoresAreLeftWhole() {
        List<ShardPlan> shards = new ArrayList<>();
        for (int k = 0; k < 4000; k++) shards.add(shard(Split.TRAIN, k, 500));
        for (int[] b : SparkShards.bounds(shards, 512)) assertArrayEquals(new int[] {0, 500}, b);
        assertArrayEquals(new int[] {0, 0}, SparkShards.bounds(List.of(shard(Split.TEST, 0, 0)), 8).get(0), "an empty shard stays one task");
    }

    @Test
    void piecesCoverTheShardInNearEqualRuns() {
        int[] b = SparkShards.bounds(List.of(shard(Split.TRAIN, 0, 7)), 3).get(0); // at most ceil(7 / 6) = 2: 4 pieces
        assertArrayEquals(new int[] {0, 1, 3, 5, 7}, b);
        assertEquals(2, SparkShards.bounds(List.of(shard(Split.TRAIN, 0, 1)), 64).get(0).length, "one sweep is one task");
    }
}
