package org.neuroprior.experiments.tactile;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.agents.Seeds;
import org.neuroprior.agents.Sgd;
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.architectures.Model;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.data.WhiskerDataset;

/**
 * A linear probe: a linear classifier trained on a frozen model's features, how SimCLR representations are scored
 * (Chen et al. 2020; Chung et al. 2025 froze the encoder and attender and trained a linear decoder). The features are
 * the model's latent ({@link Model#latentSize()}: for the tactile models the last step of the encoder or attender,
 * the projection head's input), computed once per split ({@link #features}), since the model does not change.
 *
 * <p>Training ({@link #fit}): softmax cross-entropy ({@link Classification#crossEntropy}) on features standardised by
 * the training split's mean and standard deviation per dimension (the same transform for every split; a dimension
 * that does not vary is centred only), so that one learning rate serves trained and random-init features alike (the
 * reference uses none); weights start at zero (the loss is convex); SGD with momentum and L2 weight decay under a step
 * schedule (the reference's: lr 0.1, momentum 0.9, weight decay 1e-4, x 0.1 every 30 epochs, batch 256). Batches are
 * drawn in an order seeded by (seed, epoch): same settings, same probe.
 */
public final class LinearProbe {

    /**
     * How a probe is trained.
     *
     * @param epochs       passes over the training features, at least 1
     * @param batchSize    samples per step, at least 1
     * @param learningRate SGD's initial rate, above 0
     * @param momentum     in [0, 1)
     * @param weightDecay  L2 penalty, at least 0
     * @param stepEpochs   epochs between decays of the rate, at least 1
     * @param stepGamma    factor of each decay, in (0, 1]
     * @param seed         the batch order's seed
     */
    public record Settings(int epochs, int batchSize, double learningRate, double momentum, double weightDecay, int stepEpochs,
                           double stepGamma, long seed) {
        /** @throws IllegalArgumentException naming a value out of range */
        public Settings {
            if (epochs < 1) throw new IllegalArgumentException("probe epochs must be at least 1, got " + epochs);
            if (batchSize < 1) throw new IllegalArgumentException("probe batch size must be at least 1, got " + batchSize);
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("probe learning rate must be above 0, got " + learningRate);
            if (stepEpochs < 1) throw new IllegalArgumentException("probe step epochs must be at least 1, got " + stepEpochs);
            if (!(stepGamma > 0 && stepGamma <= 1)) throw new IllegalArgumentException("probe step gamma must lie in (0, 1], got " + stepGamma);
        }

        /** The reference's probe (SGD 0.1, momentum 0.9, weight decay 1e-4, step x 0.1 every 30 epochs) for {@code epochs}. */
        public static Settings reference(int epochs, int batchSize, double learningRate, long seed) {
            return new Settings(epochs, batchSize, learningRate, 0.9, 1e-4, 30, 0.1, seed);
        }
    }

    private final int dims;
    private final int classes;
    private final double[] mean;
    private final double[] scale;
    private final float[] parameters; // weights [dims][classes] row-major, then the biases [classes]

    private LinearProbe(int dims, int classes, double[] mean, double[] scale, float[] parameters) {
        this.dims = dims;
        this.classes = classes;
        this.mean = mean;
        this.scale = scale;
        this.parameters = parameters;
    }

    /**
     * The features of every sample of a split, in order: the model's latent after a forward pass.
     *
     * @param batch samples per pass, at least 1
     * @return [split.size()][model.latentSize()]
     */
    public static float[][] features(Model model, WhiskerDataset.Samples split, int batch) {
        int n = split.size();
        float[][] out = new float[n][];
        if (n == 0) return out;
        batch = Math.max(1, Math.min(batch, n));
        float[] input = new float[batch * SweepSample.SIZE];
        try (BatchPass pass = model.pass(batch, 1, false);
             INDArray inputArray = Nd4j.create(DataType.FLOAT, batch, SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS)) {
            for (int from = 0; from < n; from += batch) {
                int rows = Math.min(batch, n - from);
                java.util.Arrays.fill(input, 0f);
                for (int r = 0; r < rows; r++) split.signals(from + r).get(input, r * SweepSample.SIZE, SweepSample.SIZE);
                inputArray.data().setData(input);
                pass.forward(inputArray, null, null);
                float[][] latent = pass.latent().toFloatMatrix();
                for (int r = 0; r < rows; r++) out[from + r] = latent[r].clone();
            }
        }
        return out;
    }

    /**
     * Trains a probe on features and their labels.
     *
     * @param x [n][d] features, n at least 1
     * @param y [n] classes in {@code 0 .. classes - 1}
     * @throws IllegalArgumentException if the features are empty or ragged, or the labels do not match them
     * @throws IllegalStateException    if the probe's loss stops being finite (a learning rate too high)
     */
    public static LinearProbe fit(float[][] x, int[] y, int classes, Settings settings) {
        int n = x.length;
        if (n == 0 || y.length != n) throw new IllegalArgumentException("a probe needs features and as many labels, got " + n + " and " + y.length);
        int d = x[0].length;
        double[] mean = new double[d], scale = new double[d];
        for (float[] row : x) {
            if (row.length != d) throw new IllegalArgumentException("features of " + row.length + " and " + d + " values");
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (float[] row : x) for (int j = 0; j < d; j++) scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        for (int j = 0; j < d; j++) {
            double std = Math.sqrt(scale[j] / n);
            scale[j] = std > 1e-12 ? 1 / std : 1;
        }
        LinearProbe probe = new LinearProbe(d, classes, mean, scale, new float[d * classes + classes]);
        int batch = Math.min(settings.batchSize(), n);
        int batches = (n + batch - 1) / batch;
        long total = (long) settings.epochs() * batches;
        Sgd sgd = new Sgd(probe.parameters.length, settings.momentum(), settings.weightDecay());
        float[] inputs = new float[batch * d];
        int[] labels = new int[batch];
        float[] logits = new float[batch * classes];
        float[] dLogits = new float[batch * classes];
        float[] gradient = new float[probe.parameters.length];
        long step = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            int[] order = WhiskerDataset.permutation(n, new SplittableRandom(Seeds.derive(settings.seed(), epoch)));
            for (int b = 0; b < batches; b++) {
                int rows = Math.min(batch, n - b * batch);
                for (int r = 0; r < rows; r++) {
                    probe.standardise(x[order[b * batch + r]], inputs, r * d);
                    labels[r] = y[order[b * batch + r]];
                }
                probe.logits(inputs, rows, logits);
                Objective.Batch result = Classification.crossEntropy(logits, labels, rows, classes, dLogits, null);
                if (!Double.isFinite(result.lossSum())) {
                    throw new IllegalStateException("the linear probe diverged in epoch " + (epoch + 1) + "; try a lower probe learning rate than "
                            + settings.learningRate());
                }
                java.util.Arrays.fill(gradient, 0f);
                int biases = d * classes;
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < classes; k++) {
                        float g = dLogits[r * classes + k];
                        if (g == 0) continue;
                        for (int j = 0; j < d; j++) gradient[j * classes + k] += inputs[r * d + j] * g;
                        gradient[biases + k] += g;
                    }
                }
                double lr = TactileConfig.learningRate("step", settings.learningRate(), 0, settings.stepEpochs(), settings.stepGamma(), step,
                        total, batches);
                sgd.descend(probe.parameters, gradient, lr);
                step++;
            }
        }
        return probe;
    }

    private void standardise(float[] features, float[] into, int offset) {
        for (int j = 0; j < dims; j++) into[offset + j] = (float) ((features[j] - mean[j]) * scale[j]);
    }

    private void logits(float[] inputs, int rows, float[] into) {
        int biases = dims * classes;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < classes; k++) {
                double s = parameters[biases + k];
                for (int j = 0; j < dims; j++) s += inputs[r * dims + j] * parameters[j * classes + k];
                into[r * classes + k] = (float) s;
            }
        }
    }

    /**
     * The probe's scores on features and their labels: mean cross-entropy, top-1, top-5 and the confusion matrix.
     *
     * @throws IllegalArgumentException if the features are not of the probe's size or the labels do not match them
     */
    public Objective.Scores score(float[][] x, int[] y) {
        int n = x.length;
        if (y.length != n) throw new IllegalArgumentException(n + " features and " + y.length + " labels");
        long[][] confusion = new long[classes][classes];
        if (n == 0) return new Objective.Scores(Double.NaN, Double.NaN, Double.NaN, 0, confusion);
        float[] inputs = new float[dims];
        float[] logits = new float[classes];
        float[] unused = new float[classes];
        double loss = 0, top1 = 0, top5 = 0;
        for (int i = 0; i < n; i++) {
            if (x[i].length != dims) throw new IllegalArgumentException("features of " + x[i].length + " values; the probe reads " + dims);
            standardise(x[i], inputs, 0);
            logits(inputs, 1, logits);
            Objective.Batch r = Classification.crossEntropy(logits, new int[] {y[i]}, 1, classes, unused, confusion);
            loss += r.lossSum();
            top1 += r.top1();
            top5 += r.top5();
        }
        return new Objective.Scores(loss / n, top1 / n, top5 / n, n, confusion);
    }
}
