package org.neuroprior.experiments.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

import org.neuroprior.agents.Seeds;
import org.neuroprior.envs.whisker.data.Split;

/**
 * Which sample indices go to which split, and in which order: a pure function of (size, classes, fractions, seed).
 *
 * <p>When the class of each index is known without simulating it ({@code classOf}), each class is shuffled and cut
 * by the fractions on its own, so every class is split in proportion; otherwise all indices are shuffled and cut
 * together (proportions per class then hold only on average). Each split's indices are then shuffled once more, so
 * every shard mixes the classes and a reader can stream shards in order.
 *
 * <p>Shuffles are Fisher-Yates driven by {@link Random}, whose sequence the Java specification fixes, with seeds
 * derived from the dataset seed: the plan never changes between JVMs or versions.
 */
public final class SplitPlan {
    private final Map<Split, int[]> indices;

    private SplitPlan(Map<Split, int[]> indices) {
        this.indices = indices;
    }

    /**
     * @param classOf the class of an index, known in advance (e.g. {@code i -> i / perClass}), or null when unknown
     */
    public static SplitPlan of(int size, IntUnaryOperator classOf, SplitFractions fractions, long seed) {
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < size; i++) byClass.computeIfAbsent(classOf == null ? 0 : classOf.applyAsInt(i), c -> new ArrayList<>()).add(i);
        Map<Split, List<Integer>> parts = new EnumMap<>(Split.class);
        for (Split s : Split.values()) parts.put(s, new ArrayList<>());
        for (Map.Entry<Integer, List<Integer>> entry : byClass.entrySet()) {
            int[] members = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
            shuffle(members, Seeds.derive(seed, 1, entry.getKey()));
            int[] counts = fractions.counts(members.length);
            int from = 0;
            for (Split s : Split.values()) {
                for (int k = from; k < from + counts[s.ordinal()]; k++) parts.get(s).add(members[k]);
                from += counts[s.ordinal()];
            }
        }
        Map<Split, int[]> indices = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            int[] part = parts.get(s).stream().mapToInt(Integer::intValue).toArray();
            Arrays.sort(part); // the order of classes met above must not matter, only the seed
            shuffle(part, Seeds.derive(seed, 2, s.ordinal()));
            indices.put(s, part);
        }
        return new SplitPlan(indices);
    }

    /** The split's sample indices in the order they are stored. */
    public int[] indices(Split split) {
        return indices.get(split).clone();
    }

    private static void shuffle(int[] a, long seed) {
        Random random = new Random(seed);
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
