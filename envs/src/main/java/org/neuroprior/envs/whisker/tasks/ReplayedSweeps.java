package org.neuroprior.envs.whisker.tasks;

import java.util.List;
import java.util.SplittableRandom;

import org.neuroprior.envs.whisker.data.WhiskerDataset;

/**
 * Draws the sweeps of one dataset split in passes: each pass is a permutation of the split drawn from the env's
 * random stream; a new stream (the env was reset with a seed) starts a new pass.
 */
final class ReplayedSweeps implements SweepSupply {
    private final WhiskerDataset.Samples samples;
    private final List<String> classNames;
    private final int[] order;
    private int next;
    private SplittableRandom stream;

    ReplayedSweeps(WhiskerDataset.Samples samples, List<String> classNames) {
        if (samples.size() == 0) {
            throw new IllegalArgumentException("the " + samples.split().directory() + " split of the dataset holds no sweep; choose another split");
        }
        if (classNames.isEmpty()) throw new IllegalArgumentException("the dataset names no classes");
        this.samples = samples;
        this.classNames = List.copyOf(classNames);
        this.order = new int[samples.size()];
        this.next = order.length;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public Drawn draw(SplittableRandom rng) {
        if (rng != stream || next == order.length) {
            stream = rng;
            shuffle(rng);
        }
        int i = order[next++];
        return new Drawn(samples.label(i), samples.signals(i), null, null, false);
    }

    /** A fresh permutation of 0..size-1 ({@link WhiskerDataset#permutation}). */
    private void shuffle(SplittableRandom rng) {
        System.arraycopy(WhiskerDataset.permutation(order.length, rng), 0, order, 0, order.length);
        next = 0;
    }

    @Override
    public String toString() {
        return samples.size() + " " + samples.split().directory() + " sweeps replayed";
    }
}
