package org.neuroprior.experiments.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.neuroprior.envs.whisker.data.Split;

/**
 * One shard to write: which split, its number within the split, and the global sample indices it holds, in order.
 * Shard {@code k} of a split holds that split's indices {@code [k * shardSize, (k + 1) * shardSize)}. A split with
 * no samples gets one empty shard (data of shape (0, 110, 35, 6), labels of shape (0,)), so that every split can be
 * loaded the same way (the README's {@code np.concatenate} over a split's shards).
 */
public record ShardPlan(Split split, int number, int[] indices) implements java.io.Serializable {
    public ShardPlan {
        indices = indices.clone();
    }

    public static List<ShardPlan> all(SplitPlan splits, int shardSize) {
        if (shardSize < 1) throw new IllegalArgumentException("shard size must be at least 1, got " + shardSize);
        List<ShardPlan> shards = new ArrayList<>();
        for (Split split : Split.values()) {
            int[] indices = splits.indices(split);
            if (indices.length == 0) shards.add(new ShardPlan(split, 0, indices));
            for (int from = 0, k = 0; from < indices.length; from += shardSize, k++) {
                shards.add(new ShardPlan(split, k, Arrays.copyOfRange(indices, from, Math.min(indices.length, from + shardSize))));
            }
        }
        return shards;
    }

    public int samples() {
        return indices.length;
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** A name for messages, e.g. {@code train/00003}. */
    public String name() {
        return split.directory() + "/" + String.format("%05d", number);
    }

    /** Paths relative to the dataset directory, always with '/'. */
    public String dataFile() {
        return file("data", "npy");
    }

    public String labelsFile() {
        return file("labels", "npy");
    }

    public String sweepsFile() {
        return file("sweeps", "json");
    }

    private String file(String kind, String extension) {
        return String.format("%s/%s-%05d.%s", split.directory(), kind, number, extension);
    }
}
