package org.neuroprior.experiments.tactile;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.agents.Seeds;
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.data.WhiskerDataset;

/**
 * SimCLR on whisker sweeps (Chen et al. 2020; the tactile version of Chung et al. 2025), the self-supervised
 * {@link Objective}: each of a batch's n samples is augmented twice ({@link TactileAugmentation}), the model (encoder,
 * attender, projection head) maps the 2n views to projections, and the loss is {@link InfoNce} at the configured
 * temperature. The model's pass holds 2n rows: the first views in rows {@code 0 .. n-1}, the second views in rows
 * {@code batch .. batch + n - 1}; rows of a last, smaller batch that hold no sample count for nothing.
 *
 * <p><b>Draws.</b> Per sample (the default): every view of every sample has its own draw; per batch (the reference
 * code): one draw per view for the whole batch. A batch's draws come from the seed given to {@link #load}, so a
 * resumed run repeats them; {@link #evaluate} draws from a seed fixed per batch position, the same every epoch.
 *
 * <p><b>Scores</b> per sample: the InfoNCE loss of its two views (mean), and top-1 / top-5 as the mean of its views'
 * hits (a view's positive is the most similar, or among the 5 most similar, of the 2n - 1 other views).
 */
public final class Contrastive implements Objective {
    /** Config values of {@code augment_draws}. */
    public static final String PER_SAMPLE = "per_sample", PER_BATCH = "per_batch";
    public static final List<String> DRAWS = List.of(PER_SAMPLE, PER_BATCH);

    private final BatchPass pass;
    private final int batch;
    private final int outputs;
    private final double temperature;
    private final TactileAugmentation augmentation;
    private final boolean perSample;
    private final long evaluationSeed;
    private final float[] samples;
    private final float[] input;
    private final INDArray inputArray;
    private final float[] projections;
    private final float[] gradient;
    private int rows;

    /**
     * @param pass           a pass of the model over {@code 2 x batch} samples of one step each ([110, 35, 6] input)
     * @param outputs        the model's outputs (the projection's size)
     * @param temperature    InfoNCE's temperature, above 0
     * @param augmentations  the augmentations applied ({@link TactileAugmentation#ALL} or a subset)
     * @param draws          {@link #PER_SAMPLE} or {@link #PER_BATCH}
     * @param evaluationSeed the seed of {@link #evaluate}'s draws
     * @throws IllegalArgumentException if the pass's batch is odd, the temperature not above 0, or a choice unknown
     */
    public Contrastive(BatchPass pass, int outputs, double temperature, List<String> augmentations, String draws, long evaluationSeed) {
        if (pass.batch() % 2 != 0) throw new IllegalArgumentException("a contrastive pass holds two views per sample; its batch " + pass.batch() + " is odd");
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be above 0, got " + temperature);
        if (!DRAWS.contains(draws)) throw new IllegalArgumentException("augment_draws '" + draws + "'; accepted: " + String.join(", ", DRAWS));
        this.pass = pass;
        this.batch = pass.batch() / 2;
        this.outputs = outputs;
        this.temperature = temperature;
        this.augmentation = new TactileAugmentation(augmentations);
        this.perSample = draws.equals(PER_SAMPLE);
        this.evaluationSeed = evaluationSeed;
        this.samples = new float[batch * SweepSample.SIZE];
        this.input = new float[2 * batch * SweepSample.SIZE];
        this.inputArray = Nd4j.create(DataType.FLOAT, 2L * batch, SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS);
        this.projections = new float[2 * batch * outputs];
        this.gradient = new float[2 * batch * outputs];
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public void load(WhiskerDataset.Samples split, int[] indices, int from, int n, long draws) {
        if (n < 1 || n > batch) throw new IllegalArgumentException("a batch of " + n + " samples in a pass of " + batch);
        for (int r = 0; r < n; r++) split.signals(indices[from + r]).get(samples, r * SweepSample.SIZE, SweepSample.SIZE);
        views(augmentation, perSample, draws, samples, n, input, batch);
        rows = n;
        inputArray.data().setData(input);
    }

    /**
     * The two views of n sweeps: the first views into rows {@code 0 .. n-1} of {@code into}, the second views into
     * rows {@code batch .. batch + n - 1}; every other row is zeroed.
     *
     * @param perSample each view of each sweep its own draw (from (draws, view, sample)), else one draw per view (from
     *                  (draws, view)) for all of them
     * @param samples   n sweeps of {@link SweepSample#SIZE} floats
     * @param into      {@code 2 x batch} rows of {@link SweepSample#SIZE} floats
     */
    static void views(TactileAugmentation augmentation, boolean perSample, long draws, float[] samples, int n, float[] into, int batch) {
        Arrays.fill(into, 0f);
        for (int v = 0; v < 2; v++) {
            TactileAugmentation.Draw shared = augmentation.draw(new SplittableRandom(Seeds.derive(draws, v)));
            for (int r = 0; r < n; r++) {
                TactileAugmentation.Draw d = perSample ? augmentation.draw(new SplittableRandom(Seeds.derive(draws, v, r))) : shared;
                TactileAugmentation.apply(d, samples, r * SweepSample.SIZE, into, (v * batch + r) * SweepSample.SIZE);
            }
        }
    }

    @Override
    public Batch forward() {
        float[][] matrix = pass.forward(inputArray, null, null).toFloatMatrix(); // [2 batch, outputs], owned by the pass
        int n = rows;
        for (int v = 0; v < 2; v++) {
            for (int r = 0; r < n; r++) System.arraycopy(matrix[v * batch + r], 0, projections, (v * n + r) * outputs, outputs);
        }
        InfoNce.Result result = InfoNce.of(projections, 0, n, outputs, temperature);
        Arrays.fill(gradient, 0f);
        for (int v = 0; v < 2; v++) {
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < outputs; j++) {
                    gradient[(v * batch + r) * outputs + j] = (float) result.gradient()[(v * n + r) * outputs + j];
                }
            }
        }
        return new Batch(result.loss() * n, result.top1() / 2.0, result.top5() / 2.0, n);
    }

    @Override
    public float[] backward() {
        try (INDArray g = Nd4j.create(gradient, new long[] {2L * batch, outputs}, 'c')) {
            return pass.backward(g, null);
        }
    }

    /** The InfoNCE loss and the views' hits over {@code split} in order, in batches of {@link #batch()}. */
    @Override
    public Scores evaluate(WhiskerDataset.Samples split) {
        int n = split.size();
        if (n == 0) return new Scores(Double.NaN, Double.NaN, Double.NaN, 0, new long[0][0]);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        double loss = 0, top1 = 0, top5 = 0;
        for (int from = 0, b = 0; from < n; from += batch, b++) {
            load(split, all, from, Math.min(batch, n - from), Seeds.derive(evaluationSeed, b));
            Batch r = forward();
            loss += r.lossSum();
            top1 += r.top1();
            top5 += r.top5();
        }
        return new Scores(loss / n, top1 / n, top5 / n, n, new long[0][0]);
    }

    @Override
    public void close() {
        inputArray.close();
        pass.close();
    }
}
