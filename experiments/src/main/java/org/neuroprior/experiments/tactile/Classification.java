package org.neuroprior.experiments.tactile;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.data.WhiskerDataset;

/**
 * Classifying whisker sweeps with a model, the supervised {@link Objective}: batches read from a dataset split,
 * softmax cross-entropy with its gradient ({@link #crossEntropy}, which the linear probe shares), and the scores of a
 * whole split (loss, top-1, top-5, confusion matrix). One batch buffer per instance: the pass's batch size is fixed,
 * and a last, smaller batch is padded with zero rows that count for nothing.
 */
public final class Classification implements Objective {
    private final BatchPass pass;
    private final int batch;
    private final int classes;
    private final float[] input;
    private final INDArray inputArray;
    private final float[] gradient;
    private final int[] labels;
    private int rows;

    /**
     * @param pass    a pass of the model over {@code pass.batch()} samples of one step each ([110, 35, 6] input)
     * @param classes the model's outputs
     */
    public Classification(BatchPass pass, int classes) {
        this.pass = pass;
        this.batch = pass.batch();
        this.classes = classes;
        this.input = new float[batch * SweepSample.SIZE];
        this.inputArray = Nd4j.create(DataType.FLOAT, batch, SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS);
        this.gradient = new float[batch * classes];
        this.labels = new int[batch];
    }

    @Override
    public int batch() {
        return batch;
    }

    /** {@inheritDoc} The remaining rows of the pass are zeros; there are no random draws. */
    @Override
    public void load(WhiskerDataset.Samples split, int[] indices, int from, int n, long draws) {
        if (n < 1 || n > batch) throw new IllegalArgumentException("a batch of " + n + " samples in a pass of " + batch);
        for (int r = 0; r < n; r++) {
            split.signals(indices[from + r]).get(input, r * SweepSample.SIZE, SweepSample.SIZE);
            labels[r] = split.label(indices[from + r]);
        }
        Arrays.fill(input, n * SweepSample.SIZE, input.length, 0f);
        rows = n;
        inputArray.data().setData(input);
    }

    @Override
    public Batch forward() {
        return forward(null);
    }

    /**
     * The forward pass over the loaded batch; with {@code confusion} non-null each real row adds one to
     * {@code confusion[label][predicted]}. Keeps the loss gradient for {@link #backward}.
     */
    public Batch forward(long[][] confusion) {
        float[][] matrix = pass.forward(inputArray, null, null).toFloatMatrix(); // [batch, classes], owned by the pass
        float[] logits = new float[batch * classes];
        for (int r = 0; r < batch; r++) System.arraycopy(matrix[r], 0, logits, r * classes, classes);
        return crossEntropy(logits, labels, rows, classes, gradient, confusion);
    }

    /**
     * Softmax cross-entropy of the first {@code rows} rows of logits with their labels, scored, and the gradient of
     * the rows' mean loss with respect to the logits.
     *
     * @param logits    [at least rows * classes], row-major
     * @param labels    the rows' classes, in {@code 0 .. classes - 1}
     * @param gradient  receives dL/dlogits of the rows' mean loss, [rows * classes]; entries after them are zeroed
     * @param confusion if non-null, each row adds one to {@code confusion[label][predicted]}
     * @return the summed loss (nats), top-1 hits (the label has the highest logit) and top-5 hits (fewer than 5
     *         classes score above the label; ties count for the label)
     */
    public static Batch crossEntropy(float[] logits, int[] labels, int rows, int classes, float[] gradient, long[][] confusion) {
        double lossSum = 0;
        int top1 = 0, top5 = 0;
        Arrays.fill(gradient, 0f);
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            int best = 0;
            for (int k = 0; k < classes; k++) {
                if (logits[o + k] > max) {
                    max = logits[o + k];
                    best = k;
                }
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.exp(logits[o + k] - max);
            double logSum = max + Math.log(sum);
            int y = labels[r];
            lossSum += logSum - logits[o + y];
            for (int k = 0; k < classes; k++) {
                double p = Math.exp(logits[o + k] - logSum);
                gradient[o + k] = (float) ((p - (k == y ? 1 : 0)) / rows);
            }
            if (best == y) top1++;
            int above = 0; // classes scored higher than the true one (ties count for the true class)
            for (int k = 0; k < classes; k++) if (logits[o + k] > logits[o + y]) above++;
            if (above < 5) top5++;
            if (confusion != null) confusion[y][best]++;
        }
        return new Batch(lossSum, top1, top5, rows);
    }

    @Override
    public float[] backward() {
        try (INDArray g = Nd4j.create(gradient, new long[] {batch, classes}, 'c')) {
            return pass.backward(g, null);
        }
    }

    /** Scores of the model on every sample of {@code split}, in order, with the confusion matrix. */
    @Override
    public Scores evaluate(WhiskerDataset.Samples split) {
        int n = split.size();
        long[][] confusion = new long[classes][classes];
        if (n == 0) return new Scores(Double.NaN, Double.NaN, Double.NaN, 0, confusion);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        double loss = 0;
        double top1 = 0, top5 = 0;
        for (int from = 0; from < n; from += batch) {
            load(split, all, from, Math.min(batch, n - from), 0);
            Batch r = forward(confusion);
            loss += r.lossSum();
            top1 += r.top1();
            top5 += r.top5();
        }
        return new Scores(loss / n, top1 / n, top5 / n, n, confusion);
    }

    @Override
    public void close() {
        inputArray.close();
        pass.close();
    }
}
