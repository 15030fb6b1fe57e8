package org.neuroprior.experiments.tactile;

import org.neuroprior.envs.whisker.data.WhiskerDataset;

/**
 * What {@code tactile-train} minimises, batch by batch, over a model's pass: supervised cross-entropy
 * ({@link Classification}) or SimCLR's InfoNCE ({@link Contrastive}). The trainer's loop, optimiser, schedule,
 * checkpoints and log are the same for both; an objective reads the batches, scores them and gives the gradient.
 * One batch buffer per instance. Not thread-safe.
 */
public interface Objective extends AutoCloseable {

    /** Samples per batch (at most this many per {@link #load}). */
    int batch();

    /**
     * Loads samples {@code indices[from .. from + n)} of {@code split} (n at most the batch) as the next batch.
     *
     * @param draws the seed of the batch's random draws (augmentations); objectives without any ignore it
     */
    void load(WhiskerDataset.Samples split, int[] indices, int from, int n, long draws);

    /** The forward pass over the loaded batch; keeps the loss gradient for {@link #backward}. */
    Batch forward();

    /** The gradient of the batch's mean loss with respect to the model's parameters (owned by the pass). */
    float[] backward();

    /** The scores of the model on a whole split, in order (validation every epoch: the same draws every time). */
    Scores evaluate(WhiskerDataset.Samples split);

    @Override
    void close();

    /**
     * A batch's figures, summed over its samples.
     *
     * @param lossSum the per-sample losses summed (nats)
     * @param top1    top-1 hits (a contrastive objective: the mean over a sample's views, so it may be a half)
     * @param top5    top-5 hits
     * @param rows    the batch's samples
     */
    record Batch(double lossSum, double top1, double top5, int rows) {
    }

    /**
     * The scores of a whole split.
     *
     * @param loss      mean loss per sample (nats)
     * @param top1      fraction of top-1 hits
     * @param top5      fraction of top-5 hits
     * @param samples   the split's samples
     * @param confusion [true class][predicted class] counts; empty for an objective without classes
     */
    record Scores(double loss, double top1, double top5, int samples, long[][] confusion) {
    }
}
