package org.neuroprior.agents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.PredictiveHead;
import org.neuroprior.registry.Resolved;

/**
 * The predictive heads ({@link PredictiveHead}, Fang and Stachenfeld 2024) as an agent trains them on its policy or
 * Q network's latent, one definition for DQN, PPO and DDPG: the agent runs its network's batch pass over rows that
 * include each pair's z_t and z_{t+1}, hands the pass's latents and the pairs here ({@link #losses}), passes the
 * returned latent gradient to its backward (so the auxiliary gradient trains the encoder, never the value or policy
 * head), and calls {@link #step} after its own Adam step: one Adam step on the transition model with the agent's
 * step size. The three terms, averaged over the updates since the last {@link #record}, are logged as
 * {@code predictive/prediction}, {@code predictive/negative_random} and {@code predictive/negative_consecutive}.
 *
 * <p>Actions enter the transition model as {@link ActionCoding#features}: one-hot (Discrete) or raw (Box). A pair is
 * two rows of one batch pass ({@link org.neuroprior.architectures.BatchPass}): two samples of a stateless network's
 * batch, or two consecutive steps of one sequence of a recurrent network's unrolled pass, whose latent gradient then
 * flows back through the recurrence to earlier steps of the window (truncated backpropagation through time) as the
 * agent's own loss does. Which rows pair up is the agent's to say; none crosses an episode or window boundary
 * (docs/predictive.md). Not thread-safe.
 */
public final class PredictiveHeads implements AutoCloseable {
    private final PredictiveHead head;
    private final ActionCoding<?> coding;
    private final Adam adam;
    private final INDArray latentGradient;
    private final float[] latentGradientValues;
    private final float[] actionFeatures;
    private final float[] successorFeatures;
    private final double[] sums = new double[3];
    private int updates;

    /**
     * The heads an agent's resolved options ask for ({@link PredictiveHead#OPTIONS}), or null if every weight is 0.
     *
     * @param options      the agent's resolved options (which include {@link PredictiveHead#OPTIONS})
     * @param model        the network whose latent the heads read (its latent size; stateless or recurrent)
     * @param coding       the action space's coding
     * @param pairs        the most pairs one {@link #losses} call is given
     * @param rows         the rows of the agent's batch pass: the latent gradient is {@code [rows, latentSize]}
     * @param learningRate the transition model's Adam step size (the agent's own)
     * @param seed         initialises the transition model
     */
    public static PredictiveHeads of(Resolved options, Model model, ActionCoding<?> coding, int pairs, int rows,
                                     double learningRate, long seed) {
        PredictiveHead.Settings settings = PredictiveHead.Settings.of(options);
        if (!settings.enabled()) return null;
        return new PredictiveHeads(settings, model.latentSize(), coding, pairs, rows, learningRate, seed);
    }

    private PredictiveHeads(PredictiveHead.Settings settings, int latentSize, ActionCoding<?> coding, int pairs, int rows,
                            double learningRate, long seed) {
        this.head = new PredictiveHead(latentSize, coding.outputs(), pairs, settings, seed);
        this.coding = coding;
        this.adam = new Adam(head.transition().parameterCount(), learningRate);
        this.latentGradient = Nd4j.create(DataType.FLOAT, rows, latentSize);
        this.latentGradientValues = new float[rows * latentSize];
        this.actionFeatures = new float[pairs * coding.outputs()];
        this.successorFeatures = new float[pairs * coding.outputs()];
    }

    /**
     * The pairs (z_t, z_{t+1}) among the rows of a batch pass: rows r and r + 1 wherever row r + 1 holds the
     * observation that followed row r's step in the same episode and both rows lie in the same sequence of
     * {@code length} rows. For a recurrent pass the sequences are its windows (chunks of truncated backpropagation
     * through time), so that both latents of a pair come out of one unrolled recurrence; a stateless pass's rows are
     * independent, and its sequences only say where unrelated rows meet (one environment's segment, one sampled
     * transition).
     *
     * @param continues per row: true where the next row is the observation that followed this row's step in the same
     *                  episode (false where the step ended its episode, or the row holds no step)
     * @param rows      rows of the pass, a multiple of {@code length}; {@code continues} has at least this many
     * @param length    rows per sequence, at least 1
     * @param rng       shuffles the pairs (then the random-pairs term pairs each with an unrelated one), or null to
     *                  keep them in row order
     * @param current   receives z_t's row of each pair (at least {@code rows - rows / length} long)
     * @param next      receives z_{t+1}'s row
     * @return the number of pairs written
     * @throws IllegalArgumentException if rows is not a multiple of length
     */
    public static int consecutivePairs(boolean[] continues, int rows, int length, SplittableRandom rng, int[] current, int[] next) {
        if (length < 1 || rows % length != 0) {
            throw new IllegalArgumentException("rows = " + rows + " is not a multiple of the sequence length " + length);
        }
        int pairs = 0;
        for (int r = 0; r < rows; r++) {
            if (r % length == length - 1 || !continues[r]) continue;
            current[pairs] = r;
            next[pairs] = r + 1;
            pairs++;
        }
        if (rng != null) {
            for (int i = pairs - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int c = current[i];
                current[i] = current[j];
                current[j] = c;
                int x = next[i];
                next[i] = next[j];
                next[j] = x;
            }
        }
        return pairs;
    }

    /** Whether {@link #losses} reads the step after each pair (its observation's latent and its action). */
    public boolean readsSuccessor() {
        return head.settings().readsSuccessor();
    }

    /**
     * The heads' losses on n pairs of consecutive steps whose latents are rows of the agent's last batch pass; adds
     * the terms to the running means.
     *
     * @param latents          the pass's latents, {@code [rows, latentSize]}
     * @param n                pairs, at least 1
     * @param current          n rows: z_t of each pair
     * @param next             n rows: z_{t+1}
     * @param actions          stored actions ({@link ActionCoding#width()} numbers each) of the pairs, in pair order
     * @param successor        n rows: the latent the step after the pair acted on; read where {@code hasSuccessor} is 1
     * @param successorActions stored actions of those steps, in pair order
     * @param hasSuccessor     n flags: 1 where a step follows the pair (the horizon term needs it), else 0
     * @return d (weighted heads' loss) / d latents, {@code [rows, latentSize]}, for the agent's backward (owned here)
     */
    public INDArray losses(INDArray latents, int n, int[] current, int[] next, float[] actions, int[] successor,
                           float[] successorActions, float[] hasSuccessor) {
        int width = coding.width();
        int outs = coding.outputs();
        Arrays.fill(successorFeatures, 0f);
        for (int i = 0; i < n; i++) {
            coding.features(actions, i * width, actionFeatures, i * outs);
            if (hasSuccessor[i] > 0) coding.features(successorActions, i * width, successorFeatures, i * outs);
        }
        float[] z = latents.castTo(DataType.FLOAT).dup('c').data().asFloat();
        Arrays.fill(latentGradientValues, 0f);
        PredictiveHead.Losses l = head.compute(n, z, current, next, actionFeatures, successor, successorFeatures, hasSuccessor,
                latentGradientValues);
        latentGradient.data().setData(latentGradientValues);
        sums[0] += l.prediction();
        sums[1] += l.negativeRandom();
        sums[2] += l.negativeConsecutive();
        updates++;
        return latentGradient;
    }

    /** One Adam step on the transition model with the gradient of the last {@link #losses}. */
    public void step() {
        head.transition().parameters().update(p -> adam.descend(p, head.parameterGradient()));
    }

    /** Puts the three terms' means over the {@link #losses} calls since the last record (NaN if none) and restarts them. */
    public void record(Map<String, Double> stats) {
        stats.put("predictive/prediction", updates > 0 ? sums[0] / updates : Double.NaN);
        stats.put("predictive/negative_random", updates > 0 ? sums[1] / updates : Double.NaN);
        stats.put("predictive/negative_consecutive", updates > 0 ? sums[2] / updates : Double.NaN);
        Arrays.fill(sums, 0);
        updates = 0;
    }

    /** Writes the transition model and its Adam state. */
    public void write(DataOutputStream out) throws IOException {
        StateIO.writeModel(out, head.transition());
        adam.write(out);
    }

    /** Reads what {@link #write} wrote. */
    public void read(DataInputStream in) throws IOException {
        StateIO.readModel(in, head.transition(), "predictive head");
        adam.read(in);
    }

    @Override
    public void close() {
        head.close();
        latentGradient.close();
    }
}
