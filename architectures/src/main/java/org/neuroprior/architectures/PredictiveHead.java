package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.parts.Dense;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/**
 * Predictive auxiliary objectives on a model's latent z (Fang and Stachenfeld, ICLR 2024, "Predictive auxiliary
 * objectives in deep RL mimic learning in the brain"): a transition model in latent space and two anti-collapse
 * terms, whose gradient trains the encoder (everything before the latent) and the transition model, never the value
 * or policy head (the latent gradient enters the model at the head's input: {@link BatchPass#backward}).
 *
 * <p><b>Transition model.</b> {@code T(z, a) = z + f([relu(z), a])}, residual, with {@code a} the action one-hot
 * (Discrete) or raw (Box), and f fully connected: relu layers of {@code predictive_hidden} (16) then a linear map to
 * the latent size, PyTorch's initialisation. The reference applies its relu to {@code [z, onehot(a)]}, which leaves a
 * one-hot unchanged; here it applies to z only, so that negative raw Box actions are not lost.
 *
 * <p><b>Losses</b> over a batch of n pairs of consecutive steps (z_t, a_t, z_{t+1}) and, where a step follows, that
 * step's latent and action (z'_{t+1}, a_{t+1}): z'_{t+1} is z_{t+1} itself within an episode; the reference code also
 * pairs the last step of an episode with the first of the next, whose latent differs:
 * <pre>
 *   prediction            L_pred = mean over the n x d elements of (T(z_t, a_t) - y)^2,
 *                                  y = z_{t+1} + gamma * stopgrad(T(z'_{t+1}, a_{t+1}))   (gamma 0: one-step;
 *                                  the bootstrap term is dropped where no step follows)
 *   negative, random      L_rand = mean_i exp(-c ||z_t[i] - z_t[i - 1]||)   (the batch rolled by one, i - 1 mod n)
 *   negative, consecutive L_cons = mean_i exp(-c ||z_t[i] - z_{t+1}[i]||)
 *   total                 predictive_weight L_pred + negative_random_weight L_rand + negative_consecutive_weight L_cons
 * </pre>
 * with the plain (not squared) Euclidean norm and c = {@code negative_temperature} (5); the gradient of a norm at 0 is
 * taken as 0. The gradient flows into z_t and into the target's z_{t+1} (as in the reference code; only the
 * bootstrap term is stopped). The weights are relative to the agent's own loss (weight 1).
 *
 * <p>Made once per batch size; not thread-safe.
 */
public final class PredictiveHead implements AutoCloseable {
    /** The architecture name recorded in the transition model (it is not a registered architecture). */
    public static final String NAME = "predictive_head";

    /** The options of every agent that offers the heads (all weights 0 by default: no head). */
    public static final Options OPTIONS = Options.of(
            Option.number("predictive_weight", 0, 0, 1e6,
                    "weight of the latent prediction loss MSE(T(z_t, a_t), z_{t+1} + predictive_gamma * stopgrad T(z_{t+1}, a_{t+1})); 0 = none"),
            Option.number("predictive_gamma", 0, 0, 0.99, "horizon of the prediction target: 0 = one step; larger = a successor-like target"),
            Option.number("negative_random_weight", 0, 0, 1e6, "weight of mean exp(-c ||z - z'||) over random pairs of the batch (anti-collapse)"),
            Option.number("negative_consecutive_weight", 0, 0, 1e6, "weight of mean exp(-c ||z_t - z_{t+1}||) over consecutive steps (anti-collapse)"),
            Option.number("negative_temperature", 5, 1e-6, 1e6, "c in the negative terms' exp(-c ||z - z'||)"),
            Option.integers("predictive_hidden", List.of(16), 1, 1_000_000, "relu widths of f in the transition model T(z, a) = z + f([relu(z), a])"));

    /**
     * The head's settings, as {@link #OPTIONS} resolve them.
     *
     * @param predictionWeight          weight of L_pred (0: no transition model is trained)
     * @param gamma                     horizon of the prediction target, in [0, 1)
     * @param negativeRandomWeight      weight of L_rand
     * @param negativeConsecutiveWeight weight of L_cons
     * @param temperature               c in exp(-c ||z - z'||), > 0
     * @param hidden                    relu widths of f
     */
    public record Settings(double predictionWeight, double gamma, double negativeRandomWeight, double negativeConsecutiveWeight,
                           double temperature, List<Integer> hidden) {
        public Settings {
            hidden = List.copyOf(hidden);
            if (predictionWeight < 0 || negativeRandomWeight < 0 || negativeConsecutiveWeight < 0) {
                throw new IllegalArgumentException("loss weights must be >= 0");
            }
            if (gamma < 0 || gamma >= 1) throw new IllegalArgumentException("predictive_gamma = " + gamma + " is not valid; accepted: [0, 1)");
            if (!(temperature > 0)) throw new IllegalArgumentException("negative_temperature = " + temperature + " is not valid; accepted: > 0");
        }

        /** The settings among an agent's resolved options (which include {@link #OPTIONS}). */
        public static Settings of(Resolved options) {
            return new Settings(options.number("predictive_weight"), options.number("predictive_gamma"),
                    options.number("negative_random_weight"), options.number("negative_consecutive_weight"),
                    options.number("negative_temperature"), options.integers("predictive_hidden"));
        }

        /** Whether any term has a weight: without one the agent trains as if there were no head. */
        public boolean enabled() {
            return predictionWeight > 0 || negativeRandomWeight > 0 || negativeConsecutiveWeight > 0;
        }

        /** Whether the losses read the step after each pair (its action, for the bootstrap term). */
        public boolean readsSuccessor() {
            return predictionWeight > 0 && gamma > 0;
        }
    }

    /**
     * The terms of one batch.
     *
     * @param prediction          L_pred (0 when its weight is 0: not computed)
     * @param negativeRandom      L_rand
     * @param negativeConsecutive L_cons
     * @param total               the weighted sum, whose gradients {@link #compute} returns
     */
    public record Losses(double prediction, double negativeRandom, double negativeConsecutive, double total) {
    }

    private final Settings settings;
    private final int latentSize;
    private final int actionWidth;
    private final int capacity;
    private final Model transition;
    private final BatchPass pass;
    private final INDArray passInput;
    private final INDArray passOutputGradient;
    private final float[] input;
    private final float[] outputGradient;
    private final float[] parameterGradient;

    /**
     * @param latentSize  d, the size of the model's latent
     * @param actionWidth numbers per coded action: n for one-hot Discrete actions, the dimensions of a Box
     * @param capacity    the largest batch of pairs {@link #compute} will be given
     * @param settings    weights and shapes
     * @param seed        initialises f
     * @throws IllegalArgumentException if a size is < 1
     */
    public PredictiveHead(int latentSize, int actionWidth, int capacity, Settings settings, long seed) {
        if (latentSize < 1 || actionWidth < 1 || capacity < 1) {
            throw new IllegalArgumentException("a predictive head needs latent, action and batch sizes >= 1, got " + latentSize + ", "
                    + actionWidth + ", " + capacity);
        }
        this.settings = settings;
        this.latentSize = latentSize;
        this.actionWidth = actionWidth;
        this.capacity = capacity;
        int in = latentSize + actionWidth;
        List<Part> parts = new ArrayList<>(Dense.chain("f", new int[] {in}, settings.hidden(), Activation.RELU));
        parts.add(new Dense("f_out", parts.isEmpty() ? new int[] {in} : parts.get(parts.size() - 1).outputShape(), latentSize,
                Activation.IDENTITY));
        this.transition = new Model(NAME, Map.of("predictive_hidden", settings.hidden()),
                ModelIO.vector(in, latentSize, ModelIO.Output.LINEAR), parts, false, seed);
        // Rows 0 .. capacity - 1: the pairs' (z_t, a_t); rows capacity .. 2 capacity - 1: the successors' (z_{t+1}, a_{t+1}).
        this.pass = transition.pass(2 * capacity, 1, true);
        this.passInput = Nd4j.create(DataType.FLOAT, 2L * capacity, in);
        this.passOutputGradient = Nd4j.create(DataType.FLOAT, 2L * capacity, latentSize);
        this.input = new float[2 * capacity * in];
        this.outputGradient = new float[2 * capacity * latentSize];
        this.parameterGradient = new float[transition.parameterCount()];
    }

    public Settings settings() {
        return settings;
    }

    /** The transition model's f ([relu(z), a] -> d): its parameters are trained and saved by the agent. */
    public Model transition() {
        return transition;
    }

    /** d total / d f's parameters of the last {@link #compute} (flat, in f's parameter order; owned by the head). */
    public float[] parameterGradient() {
        return parameterGradient;
    }

    /**
     * The losses of n pairs of consecutive steps whose latents are rows of {@code latents}, and their gradients: d
     * total / d latents is added into {@code latentGradient}, d total / d f's parameters is left in
     * {@link #parameterGradient()}.
     *
     * @param n                pairs, in 1 .. capacity
     * @param latents          [rows, d], row-major
     * @param current          n row indices: z_t of each pair
     * @param next             n row indices: z_{t+1}
     * @param actions          [n, actionWidth]: a_t, coded
     * @param successor        n row indices: the latent the following step acted on (z_{t+1} itself within an
     *                         episode); read where {@code hasSuccessor} is set
     * @param successorActions [n, actionWidth]: that step's action a_{t+1}, coded
     * @param hasSuccessor     [n]: 1 where a step follows the pair, 0 where none does (the bootstrap term is dropped);
     *                         may be null if {@link Settings#readsSuccessor()} is false
     * @param latentGradient   [rows, d]: receives d total / d latents (added)
     * @return the terms and their weighted total
     * @throws IllegalArgumentException if n is out of range
     */
    public Losses compute(int n, float[] latents, int[] current, int[] next, float[] actions, int[] successor,
                          float[] successorActions, float[] hasSuccessor, float[] latentGradient) {
        if (n < 1 || n > capacity) throw new IllegalArgumentException("n = " + n + " pairs is not valid; accepted: 1.." + capacity);
        int d = latentSize;
        double prediction = 0;
        Arrays.fill(parameterGradient, 0f);
        if (settings.predictionWeight() > 0) {
            prediction = predict(n, latents, current, next, actions, successor, successorActions, hasSuccessor, latentGradient);
        }
        double random = 0;
        double consecutive = 0;
        double c = settings.temperature();
        for (int i = 0; i < n; i++) {
            if (settings.negativeRandomWeight() > 0) {
                random += repel(latents, current[i], current[Math.floorMod(i - 1, n)], c, settings.negativeRandomWeight() / n, latentGradient, d);
            }
            if (settings.negativeConsecutiveWeight() > 0) {
                consecutive += repel(latents, current[i], next[i], c, settings.negativeConsecutiveWeight() / n, latentGradient, d);
            }
        }
        random /= n;
        consecutive /= n;
        double total = settings.predictionWeight() * prediction + settings.negativeRandomWeight() * random
                + settings.negativeConsecutiveWeight() * consecutive;
        return new Losses(prediction, random, consecutive, total);
    }

    /**
     * exp(-c ||z_a - z_b||) for rows a and b; adds {@code weight} times its gradient into {@code gradient}.
     */
    private static double repel(float[] latents, int a, int b, double c, double weight, float[] gradient, int d) {
        double r2 = 0;
        for (int k = 0; k < d; k++) {
            double diff = latents[a * d + k] - latents[b * d + k];
            r2 += diff * diff;
        }
        double r = Math.sqrt(r2);
        double e = Math.exp(-c * r);
        if (r > 0) {
            double scale = -weight * c * e / r; // d e / d z_a = -c e (z_a - z_b) / r
            for (int k = 0; k < d; k++) {
                double g = scale * (latents[a * d + k] - latents[b * d + k]);
                gradient[a * d + k] += (float) g;
                gradient[b * d + k] -= (float) g;
            }
        }
        return e;
    }

    /** L_pred and its gradients (weighted by predictive_weight). */
    private double predict(int n, float[] latents, int[] current, int[] next, float[] actions, int[] successor,
                           float[] successorActions, float[] hasSuccessor, float[] latentGradient) {
        int d = latentSize;
        int in = d + actionWidth;
        boolean bootstrap = settings.readsSuccessor();
        Arrays.fill(input, 0f);
        for (int i = 0; i < n; i++) {
            writeInput(latents, current[i], actions, i, i);
            if (bootstrap && hasSuccessor[i] > 0) writeInput(latents, successor[i], successorActions, i, capacity + i);
        }
        passInput.data().setData(input);
        double[] f = doubles(pass.forward(passInput, null, null));
        double loss = 0;
        double scale = 2.0 * settings.predictionWeight() / ((double) n * d);
        Arrays.fill(outputGradient, 0f);
        for (int i = 0; i < n; i++) {
            boolean follows = bootstrap && hasSuccessor[i] > 0;
            for (int k = 0; k < d; k++) {
                double t = latents[current[i] * d + k] + f[i * d + k];
                double y = latents[next[i] * d + k];
                if (follows) y += settings.gamma() * (latents[successor[i] * d + k] + f[(capacity + i) * d + k]);
                double diff = t - y;
                loss += diff * diff;
                float g = (float) (scale * diff);
                outputGradient[i * d + k] = g;                 // through f
                latentGradient[current[i] * d + k] += g;       // the residual z_t
                latentGradient[next[i] * d + k] -= g;          // the target's z_{t+1} (not stopped, as the reference)
            }
        }
        passOutputGradient.data().setData(outputGradient);
        float[] gradient = pass.backward(passOutputGradient, null);
        System.arraycopy(gradient, 0, parameterGradient, 0, gradient.length);
        double[] dInput = doubles(pass.inputGradient());
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                if (latents[current[i] * d + k] > 0) latentGradient[current[i] * d + k] += (float) dInput[i * in + k]; // through relu(z_t)
            }
        }
        return loss / ((double) n * d);
    }

    private static double[] doubles(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asDouble();
    }

    /** Row {@code row} of f's input: [relu(z of latent row), action i]. */
    private void writeInput(float[] latents, int latentRow, float[] actionRows, int actionRow, int row) {
        int d = latentSize;
        int in = d + actionWidth;
        for (int k = 0; k < d; k++) input[row * in + k] = Math.max(0f, latents[latentRow * d + k]);
        System.arraycopy(actionRows, actionRow * actionWidth, input, row * in + d, actionWidth);
    }

    @Override
    public void close() {
        pass.close();
        passInput.close();
        passOutputGradient.close();
    }
}
