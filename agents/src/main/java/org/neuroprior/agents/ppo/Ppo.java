package org.neuroprior.agents.ppo;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.agents.ActionCoding;
import org.neuroprior.agents.Adam;
import org.neuroprior.agents.Agent;
import org.neuroprior.agents.AgentContext;
import org.neuroprior.agents.AgentSpec;
import org.neuroprior.agents.Iteration;
import org.neuroprior.agents.Policy;
import org.neuroprior.agents.PredictiveHeads;
import org.neuroprior.agents.RepeatableUpdate;
import org.neuroprior.agents.Seeds;
import org.neuroprior.agents.StateIO;
import org.neuroprior.agents.Workers;
import org.neuroprior.agents.distributions.Categorical;
import org.neuroprior.agents.distributions.Gaussian;
import org.neuroprior.agents.distributions.PolicyDistribution;
import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.architectures.Evaluator;
import org.neuroprior.architectures.Mlp;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.architectures.PredictiveHead;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.vector.VectorEnv;
import org.neuroprior.envs.vector.VectorStep;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/**
 * Proximal policy optimisation (Schulman et al. 2017) with tonic's defaults, as the NCAP paper trained its agents;
 * for Box actions (a Gaussian policy) and Discrete ones (a categorical policy over the model's logits).
 *
 * <p>Each iteration ({@link #iterate}, read it top to bottom):
 * <ol>
 *   <li>reset {@code envs} environments with seeds derived from (seed, iteration) and collect {@code segment} steps
 *       with the stochastic policy (each iteration starts fresh episodes, so no simulator state crosses iterations);</li>
 *   <li>add the segment's observations to the models' running statistics;</li>
 *   <li>generalised advantage estimates (gamma 0.99, lambda 0.97): a truncated episode (time limit, or the segment's
 *       end) is bootstrapped from the value of its next observation, a terminated one is not; advantages normalised;
 *       </li>
 *   <li>up to {@code actor_iterations} full-batch Adam steps of the clipped surrogate, stopping before a step once the
 *       approximate KL divergence from the collecting policy exceeds {@code max_kl};</li>
 *   <li>{@code critic_iterations} full-batch Adam steps of the squared value error (an MLP critic on normalised
 *       observations), beside the actor's steps when there is more than one thread.</li>
 * </ol>
 *
 * <p><b>Recurrent policies</b> train by truncated backpropagation through time: the segment is cut into windows of
 * {@code bptt} steps per environment; each window starts from the state the policy had when that step was collected
 * (no gradient flows into it, and it is zeros at an episode start), and the state is zeroed inside a window where a
 * new episode begins. Each iteration starts from zero states, since it starts fresh episodes. The critic is an MLP
 * (it sees the current observation only).
 *
 * <p><b>Predictive heads</b> ({@link PredictiveHeads}; options {@code predictive_weight}, {@code predictive_gamma},
 * {@code negative_random_weight}, {@code negative_consecutive_weight}, ...) shape the policy's encoder: when a weight
 * is set, the pairs are the segment's consecutive steps (s_t, a_t, s_{t+1}) of one environment within one episode
 * (a pair whose s_{t+1} is an episode's final observation, or lies beyond the segment, is left out: the actor's pass
 * does not read it) and, for a recurrent policy, within one bptt window (both latents of a pair come out of one
 * unrolled recurrence, and the heads' gradient flows back through it to the window's earlier steps), shuffled once per iteration so that the random-pairs term pairs unrelated steps as in a replay
 * batch, the step that follows each pair is the one taken from s_{t+1}, and at every actor step the heads'
 * losses join the clipped surrogate: their gradient enters the policy at its latent (never its output layer), and the
 * transition model takes an Adam step with the actor's step size. Actions enter T(z, a) one-hot (Discrete) or as the
 * clipped action the environment received (Box).
 *
 * <p>The loss, its gradient with respect to the policy's outputs and the advantage estimate are written out here;
 * the models' gradients come from their passes ({@link Model#pass}).
 *
 * @param <A> the environment's action type
 */
public final class Ppo<A> implements Agent, RepeatableUpdate {
    public static final String NAME = "ppo";

    static final Options OPTIONS = Options.of(
            Option.integer("segment", 4096, 2, 100_000_000, "environment steps collected per update, all environments together"),
            Option.integer("envs", 4, 1, 4096, "environments stepped side by side"),
            Option.number("gamma", 0.99, 0, 1, "discount factor"),
            Option.number("lambda", 0.97, 0, 1, "GAE lambda"),
            Option.number("clip", 0.2, 1e-6, 10, "clip range of the probability ratio"),
            Option.number("actor_learning_rate", 3e-4, 1e-9, 10, "the actor's Adam step size"),
            Option.number("critic_learning_rate", 1e-3, 1e-9, 10, "the critic's Adam step size"),
            Option.integer("actor_iterations", 80, 0, 1_000_000, "full-batch actor steps per update (fewer once max_kl is passed)"),
            Option.integer("critic_iterations", 80, 0, 1_000_000, "full-batch critic steps per update"),
            Option.number("max_kl", 0.015, 0, 1e9, "the actor stops when the approximate KL from the collecting policy exceeds this"),
            Option.number("fixed_std", 0, 0, 100, "Box actions: the Gaussian's std; 0 = a learned state-independent log-std"),
            Option.number("initial_log_std", -0.5, -20, 5, "Box actions: the learned log-std's initial value"),
            Option.integer("bptt", 16, 1, 1_000_000, "recurrent policies: window of truncated backpropagation through time (steps)"),
            Option.integers("critic_hidden", List.of(64, 64), 1, 1_000_000, "the critic MLP's hidden widths"),
            Option.choice("critic_activation", "tanh", Activation.ids(Activation.TANH, Activation.RELU), "the critic's hidden activation"))
            .plus(PredictiveHead.OPTIONS.list().toArray(Option[]::new));

    /** The registration: PPO acts in Box and Discrete spaces. */
    public static final AgentSpec SPEC = AgentSpec.of(NAME,
            "proximal policy optimisation, tonic's defaults (a Gaussian policy for Box actions, categorical for Discrete); predictive heads",
            OPTIONS, space -> null, Ppo::new);

    private final Resolved o;
    private final long seed;
    private final Space<A> space;
    private final ActionCoding<A> coding;
    private final PolicyDistribution distribution;
    private final Model actor;
    private final Model critic;
    private final VectorEnv<A> vec;
    private final int envs;
    private final int stepsPerEnv;
    private final int window;
    private final int n;
    private final Adam actorAdam;
    private final Adam distributionAdam;
    private final Adam criticAdam;
    private final PredictiveHeads heads;
    private long iterations;

    // The segment, environment by environment: row i = e * stepsPerEnv + t (so each bptt window is contiguous).
    private final double[][] observations;
    private final double[] actions;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] ended;
    private final float[] starts;
    private final float[] windowStates;
    private final Map<Integer, double[]> nextObservations = new LinkedHashMap<>();
    // The predictive heads' pairs of the segment (with heads only): rows t and t + 1, their actions, and 1s (a step
    // always follows, the one taken from row t + 1); continues[i]: row i + 1 followed row i's step in its episode.
    private int pairs;
    private boolean[] continues;
    private int[] pairCurrent;
    private int[] pairNext;
    private float[] pairActions;
    private float[] pairNextActions;
    private float[] pairFollowed;

    private final Evaluator rollout;
    private final BatchPass actorPass;
    private final BatchPass[] criticHalves;
    private final INDArray actorInputs;
    private final INDArray[] criticInputs;
    private final INDArray startsArray;
    private final INDArray windowStateArray;
    private final INDArray actorOutputGradient;
    private final INDArray[] criticOutputGradients;
    /** Train the critic beside the actor, and the critic's second half-batch beside its first, when threads allow. */
    private final ExecutorService criticWorker;
    private final ExecutorService criticHalfWorker;

    private Ppo(AgentContext context) {
        this.o = context.options();
        this.seed = Seeds.derive(context.seed(), 2);
        this.space = context.space();
        this.coding = ActionCoding.of(space);
        this.distribution = coding.isDiscrete() ? new Categorical(coding.outputs())
                : new Gaussian(coding.outputs(), o.number("fixed_std"), o.number("initial_log_std"));
        this.actor = context.policyModel(coding.outputs(), coding.isDiscrete() ? ModelIO.Output.LINEAR : ModelIO.Output.BOUNDED,
                Seeds.derive(context.seed(), 1));
        this.critic = Architectures.create(Mlp.NAME, new ModelIO(context.observationSpace().shape(), 1, ModelIO.Output.LINEAR),
                Map.of("hidden", o.integers("critic_hidden"), "activation", o.choice("critic_activation"), "observation_normalization", true),
                Seeds.derive(context.seed(), 3));
        this.envs = o.integer("envs");
        int segment = o.integer("segment");
        if (envs > segment) throw new IllegalArgumentException("envs = " + envs + " exceeds segment = " + segment + "; accepted: envs <= segment");
        this.stepsPerEnv = (segment + envs - 1) / envs;
        this.window = actor.isRecurrent() ? o.integer("bptt") : 1;
        if (stepsPerEnv % window != 0) {
            throw new IllegalArgumentException("bptt = " + window + " must divide the steps per environment (segment / envs = "
                    + stepsPerEnv + ") for a recurrent policy");
        }
        this.n = stepsPerEnv * envs;
        this.vec = new VectorEnv<>(envs, i -> context.environment(), Math.min(context.threads(), envs));

        this.observations = new double[n][];
        this.actions = new double[n * coding.width()];
        this.rewards = new double[n];
        this.terminated = new boolean[n];
        this.ended = new boolean[n];
        this.starts = new float[n];
        this.windowStates = new float[(n / window) * actor.stateSize()];

        this.rollout = actor.evaluator(envs);
        this.actorPass = actor.pass(n / window, window, false);
        int half = n / 2;
        this.criticHalves = new BatchPass[] {critic.pass(half, 1, false), critic.pass(n - half, 1, false)};
        this.actorInputs = Nd4j.create(DataType.FLOAT, rows(n, actor.io().inputShape()));
        this.criticInputs = new INDArray[] {Nd4j.create(DataType.FLOAT, rows(half, critic.io().inputShape())),
                Nd4j.create(DataType.FLOAT, rows(n - half, critic.io().inputShape()))};
        this.startsArray = Nd4j.create(DataType.FLOAT, n);
        this.windowStateArray = Nd4j.create(DataType.FLOAT, n / window, Math.max(1, actor.stateSize()));
        this.actorOutputGradient = Nd4j.create(DataType.FLOAT, n, actor.outputSize());
        this.criticOutputGradients = new INDArray[] {Nd4j.create(DataType.FLOAT, half, 1), Nd4j.create(DataType.FLOAT, n - half, 1)};

        this.actorAdam = new Adam(actor.parameterCount(), o.number("actor_learning_rate"));
        this.distributionAdam = new Adam(distribution.parameters().length, o.number("actor_learning_rate"));
        this.criticAdam = new Adam(critic.parameterCount(), o.number("critic_learning_rate"));
        this.criticWorker = context.threads() > 1 ? Workers.single("ppo-critic") : null;
        this.criticHalfWorker = context.threads() > 1 ? Workers.single("ppo-critic-half") : null;
        if (actor.isRecurrent() && window < 2 && PredictiveHead.Settings.of(o).enabled()) {
            throw new IllegalArgumentException("bptt = 1 leaves the predictive heads no pairs on a recurrent policy (a pair is two steps of one "
                    + "window); accepted: bptt >= 2, or the predictive and negative weights 0");
        }
        int capacity = Math.max(1, n - n / (actor.isRecurrent() ? window : stepsPerEnv));
        this.heads = PredictiveHeads.of(o, actor, coding, capacity, n, o.number("actor_learning_rate"), Seeds.derive(context.seed(), 4));
        if (heads != null) {
            this.continues = new boolean[n];
            this.pairCurrent = new int[capacity];
            this.pairNext = new int[capacity];
            this.pairActions = new float[capacity * coding.width()];
            this.pairNextActions = new float[capacity * coding.width()];
            this.pairFollowed = new float[capacity];
            Arrays.fill(pairFollowed, 1f);
        }
    }

    private static long[] rows(int rows, int[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = rows;
        for (int i = 0; i < shape.length; i++) s[i + 1] = shape[i];
        return s;
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public Iteration iterate() {
        Map<String, Double> stats = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        collect(iterations, stats);
        if (heads != null) findPairs(new SplittableRandom(Seeds.derive(seed, iterations, -4)));
        stats.put("ppo/collect_seconds", (System.nanoTime() - t0) / 1e9);
        learn(stats);
        iterations++;
        return new Iteration(n, stats);
    }

    @Override
    public void updateAgain(long draw) {
        if (iterations == 0) throw new IllegalStateException("ppo has collected no segment yet");
        learn(new LinkedHashMap<>());
    }

    /** Steps 2 to 5 on the segment in the buffers; adds the update's statistics to {@code stats}. */
    private void learn(Map<String, Double> stats) {
        // 2. The models normalise with statistics that include this segment.
        for (double[] observation : observations) {
            if (actor.normalizer() != null) actor.normalizer().update(observation);
            critic.normalizer().update(observation);
        }
        int half = n / 2;
        actorInputs.data().setData(prepare(actor, 0, n));
        criticInputs[0].data().setData(prepare(critic, 0, half));
        criticInputs[1].data().setData(prepare(critic, half, n));

        // 3. Advantages (GAE) and returns, environment by environment, backwards in time.
        double[] values = criticValues();
        double[] bootstrap = bootstrapValues();
        double gamma = o.number("gamma");
        double lambda = o.number("lambda");
        double[] advantages = new double[n];
        double[] returns = new double[n];
        for (int e = 0; e < envs; e++) {
            double next = 0;
            for (int t = stepsPerEnv - 1; t >= 0; t--) {
                int i = e * stepsPerEnv + t;
                boolean lastOfSegment = t == stepsPerEnv - 1;
                double nextValue = terminated[i] ? 0 : ended[i] || lastOfSegment ? bootstrap[i] : values[i + 1];
                if (ended[i] || lastOfSegment) next = 0; // a new episode (or nothing) follows
                double delta = rewards[i] + gamma * nextValue - values[i];
                next = delta + gamma * lambda * next;
                advantages[i] = next;
                returns[i] = next + values[i];
            }
        }
        normalize(advantages);

        // 5. The critic's steps do not depend on the actor's: with more than one thread they run beside them.
        double[] criticResult = new double[2];
        Future<?> criticJob = criticWorker == null ? null : criticWorker.submit(() -> trainCritic(returns, criticResult));

        // 4. The actor: clipped surrogate with a KL early stop.
        long ta = System.nanoTime();
        double[] actorResult = trainActor(advantages);
        long tb = System.nanoTime();
        if (criticJob == null) trainCritic(returns, criticResult);
        else Workers.join(criticJob);

        stats.put("ppo/actor_seconds", (tb - ta) / 1e9);
        stats.put("ppo/critic_seconds", criticResult[1]);
        stats.put("actor/loss", actorResult[0]);
        stats.put("actor/kl", actorResult[1]);
        stats.put("actor/iterations", actorResult[2]);
        stats.put("actor/entropy", actorResult[3]);
        stats.putAll(distribution.statistics());
        stats.put("critic/loss", criticResult[0]);
        if (heads != null) heads.record(stats);
    }

    /**
     * The predictive heads' pairs of the collected segment ({@link PredictiveHeads#consecutivePairs}): consecutive steps
     * of one environment within one episode and, for a recurrent policy, within one bptt window, in a random order
     * (the random-pairs negative term pairs each with its neighbour in that order, which in the segment's order would
     * be the step before).
     */
    private void findPairs(SplittableRandom rng) {
        int width = coding.width();
        for (int i = 0; i < n; i++) continues[i] = !ended[i]; // else s_{t+1} is the episode's final observation, no row
        pairs = PredictiveHeads.consecutivePairs(continues, n, actor.isRecurrent() ? window : stepsPerEnv, rng, pairCurrent, pairNext);
        for (int p = 0; p < pairs; p++) {
            for (int k = 0; k < width; k++) {
                pairActions[p * width + k] = (float) actions[pairCurrent[p] * width + k];
                pairNextActions[p * width + k] = (float) actions[pairNext[p] * width + k];
            }
        }
    }

    /** 1. Runs the stochastic policy for one segment, filling the buffers; adds episode statistics to {@code stats}. */
    private void collect(long iteration, Map<String, Double> stats) {
        SplittableRandom noise = new SplittableRandom(Seeds.derive(seed, iteration, -2));
        int in = actor.inputSize();
        int outs = actor.outputSize();
        int width = coding.width();
        int stateSize = actor.stateSize();
        float[] inputs = new float[envs * in];
        float[] states = new float[envs * stateSize];
        float[] outputs = new float[envs * outs];
        A[] envActions = coding.newArray(envs);
        double[] episodeScore = new double[envs];
        boolean[] starting = new boolean[envs];
        Arrays.fill(starting, true);
        List<Double> finished = new ArrayList<>();
        nextObservations.clear();
        VectorStep s = vec.reset(Seeds.derive(seed, iteration, -1));
        for (int t = 0; t < stepsPerEnv; t++) {
            for (int e = 0; e < envs; e++) {
                int i = e * stepsPerEnv + t;
                observations[i] = s.observations()[e].clone();
                starts[i] = starting[e] ? 1f : 0f;
                if (stateSize > 0 && t % window == 0) {
                    System.arraycopy(states, e * stateSize, windowStates, (i / window) * stateSize, stateSize);
                }
                actor.prepare(observations[i], inputs, e * in);
            }
            rollout.evaluate(envs, inputs, states, outputs);
            for (int e = 0; e < envs; e++) {
                int i = e * stepsPerEnv + t;
                distribution.sample(outputs, e * outs, noise, actions, i * width);
                envActions[e] = coding.decode(actions, i * width, envActions[e]);
            }
            s = vec.step(envActions);
            for (int e = 0; e < envs; e++) {
                int i = e * stepsPerEnv + t;
                rewards[i] = s.rewards()[e];
                terminated[i] = s.terminated()[e];
                ended[i] = s.done(e);
                episodeScore[e] += rewards[i];
                starting[e] = ended[i];
                if (ended[i]) {
                    nextObservations.put(i, (double[]) s.infos().get(e).get(VectorEnv.FINAL_OBSERVATION));
                    finished.add(episodeScore[e]);
                    episodeScore[e] = 0;
                    Arrays.fill(states, e * stateSize, (e + 1) * stateSize, 0f); // the next step starts an episode
                } else if (t == stepsPerEnv - 1) {
                    nextObservations.put(i, s.observations()[e].clone()); // the segment cuts this episode
                }
            }
        }
        stats.put("train/episode_score/mean", finished.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
        stats.put("train/episodes", (double) finished.size());
    }

    /** The critic's values of the segment's observations. */
    private double[] criticValues() {
        double[] values = new double[n];
        int half = n / 2;
        float[] first = floats(criticHalves[0].forward(criticInputs[0], null, null));
        float[] second = floats(criticHalves[1].forward(criticInputs[1], null, null));
        for (int i = 0; i < half; i++) values[i] = first[i];
        for (int i = half; i < n; i++) values[i] = second[i - half];
        return values;
    }

    /** The critic's values of the observations that follow each episode's end and the segment's last steps. */
    private double[] bootstrapValues() {
        double[] out = new double[n];
        double[] v = new double[1];
        try (Evaluator values = critic.evaluator(1)) {
            for (Map.Entry<Integer, double[]> e : nextObservations.entrySet()) {
                values.evaluate(e.getValue(), null, v);
                out[e.getKey()] = v[0];
            }
        }
        return out;
    }

    /**
     * 4. Up to {@code actor_iterations} Adam steps of the clipped surrogate {@code -mean(min(r A, clip(r) A))}; the first
     * pass is at the collecting policy and gives the old log-probabilities (ratio 1, KL 0). Returns the first loss,
     * the last approximate KL, the steps taken and the mean entropy.
     */
    private double[] trainActor(double[] advantages) {
        int outs = actor.outputSize();
        int width = coding.width();
        int maxSteps = o.integer("actor_iterations");
        double low = 1 - o.number("clip");
        double high = 1 + o.number("clip");
        double maxKl = o.number("max_kl");
        startsArray.data().setData(starts);
        if (actor.isRecurrent()) windowStateArray.data().setData(windowStates);
        INDArray initial = actor.isRecurrent() ? windowStateArray : null;
        INDArray episodeStarts = actor.isRecurrent() ? startsArray : null;
        double[] oldLogp = new double[n];
        float[] dOutputs = new float[n * outs];
        float[] dDistribution = new float[distribution.parameters().length];
        double firstLoss = Double.NaN;
        double kl = 0;
        double entropy = 0;
        int steps = 0;
        for (int k = 0; k <= maxSteps; k++) {
            float[] out = floats(actorPass.forward(actorInputs, initial, episodeStarts));
            Arrays.fill(dOutputs, 0f);
            Arrays.fill(dDistribution, 0f);
            double loss = 0;
            double klSum = 0;
            for (int j = 0; j < n; j++) {
                double logp = distribution.logProb(out, j * outs, actions, j * width);
                if (k == 0) oldLogp[j] = logp;
                double ratio = Math.exp(logp - oldLogp[j]);
                double unclipped = ratio * advantages[j];
                double clipped = Math.max(low, Math.min(high, ratio)) * advantages[j];
                // min(unclipped, clipped): the gradient flows through the unclipped term unless the clipped one is smaller.
                boolean clippedIsMin = unclipped - clipped > 0;
                loss -= clippedIsMin ? clipped : unclipped;
                klSum += oldLogp[j] - logp;
                if (!clippedIsMin) {
                    double dLogp = -advantages[j] * ratio / n; // d loss / d logp_j
                    distribution.addLogProbGradient(out, j * outs, actions, j * width, dLogp, dOutputs, dDistribution);
                }
            }
            kl = klSum / n;
            if (k == 0) {
                firstLoss = loss / n;
                for (int j = 0; j < n; j++) entropy += distribution.entropy(out, j * outs) / n;
            }
            if (k == maxSteps || kl > maxKl) break; // as tonic: stop before a step that would leave the trust region
            actorOutputGradient.data().setData(dOutputs);
            INDArray latentGradient = heads == null || pairs == 0 ? null
                    : heads.losses(actorPass.latent(), pairs, pairCurrent, pairNext, pairActions, pairNext, pairNextActions, pairFollowed);
            float[] gradient = actorPass.backward(actorOutputGradient, latentGradient);
            actor.parameters().update(p -> actorAdam.descend(p, gradient));
            if (latentGradient != null) heads.step();
            if (dDistribution.length > 0) distributionAdam.descend(distribution.parameters(), dDistribution);
            steps++;
        }
        return new double[] {firstLoss, kl, steps, entropy};
    }

    /**
     * 5. {@code critic_iterations} Adam steps of {@code mean((V(s) - return)^2)}, whose gradient is the sum of its two
     * half-batches' gradients (first + second, always in that order, so results do not depend on the thread count).
     * Writes the loss before the steps and the seconds taken into {@code result}.
     */
    private void trainCritic(double[] returns, double[] result) {
        long t0 = System.nanoTime();
        int half = n / 2;
        int steps = o.integer("critic_iterations");
        float[][] gradients = new float[2][];
        double[] squaredError = new double[2];
        for (int k = 0; k < steps || k == 0; k++) {
            boolean first = k == 0;
            boolean lossOnly = steps == 0;
            Future<?> second = criticHalfWorker == null ? null
                    : criticHalfWorker.submit(() -> gradients[1] = halfGradient(1, half, returns, squaredError, first, lossOnly));
            gradients[0] = halfGradient(0, 0, returns, squaredError, first, lossOnly);
            if (second == null) gradients[1] = halfGradient(1, half, returns, squaredError, first, lossOnly);
            else Workers.join(second);
            if (first) result[0] = (squaredError[0] + squaredError[1]) / n;
            if (lossOnly) break;
            float[] sum = gradients[0].clone();
            for (int i = 0; i < sum.length; i++) sum[i] += gradients[1][i];
            critic.parameters().update(p -> criticAdam.descend(p, sum));
        }
        result[1] = (System.nanoTime() - t0) / 1e9;
    }

    /** Half h of the critic's batch (rows from {@code from}): d loss / d parameters, and its squared error if first. */
    private float[] halfGradient(int h, int from, double[] returns, double[] squaredError, boolean first, boolean lossOnly) {
        float[] values = floats(criticHalves[h].forward(criticInputs[h], null, null));
        float[] dValues = new float[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            double error = values[i] - returns[from + i];
            sum += error * error;
            dValues[i] = (float) (2 * error / n);
        }
        if (first) squaredError[h] = sum;
        if (lossOnly) return null;
        criticOutputGradients[h].data().setData(dValues);
        return criticHalves[h].backward(criticOutputGradients[h], null);
    }

    /** Rows {@code from .. to} of the segment's observations as the model's inputs. */
    private float[] prepare(Model model, int from, int to) {
        int size = model.inputSize();
        float[] x = new float[(to - from) * size];
        for (int i = from; i < to; i++) model.prepare(observations[i], x, (i - from) * size);
        return x;
    }

    /** A float array's values in row-major order, on the Java heap. */
    private static float[] floats(INDArray a) {
        if (!a.isView() && a.ordering() == 'c' && a.dataType() == DataType.FLOAT && a.data().length() == a.length()) {
            return a.data().asFloat();
        }
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static void normalize(double[] x) {
        double mean = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        double var = 0;
        for (double v : x) var += (v - mean) * (v - mean);
        double std = Math.sqrt(var / x.length) + 1e-8;
        for (int i = 0; i < x.length; i++) x[i] = (x[i] - mean) / std;
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public Policy<A> policy() {
        return new Policy<>(actor.copy(), space);
    }

    @Override
    public long parameterCount() {
        return actor.parameterCount() + distribution.parameters().length;
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        StateIO.writeText(out, NAME);
        out.writeLong(iterations);
        StateIO.writeModel(out, actor);
        StateIO.writeFloats(out, distribution.parameters());
        StateIO.writeModel(out, critic);
        actorAdam.write(out);
        distributionAdam.write(out);
        criticAdam.write(out);
        if (heads != null) heads.write(out);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        String kind = StateIO.readText(in);
        if (!kind.equals(NAME)) throw new IOException("checkpoint is for agent '" + kind + "', not '" + NAME + "'");
        long its = in.readLong();
        StateIO.readModel(in, actor, "actor");
        StateIO.readFloats(in, distribution.parameters(), "action distribution");
        StateIO.readModel(in, critic, "critic");
        actorAdam.read(in);
        distributionAdam.read(in);
        criticAdam.read(in);
        if (heads != null) heads.read(in);
        iterations = its;
    }

    @Override
    public void close() {
        vec.close();
        Workers.shutdown(criticWorker);
        Workers.shutdown(criticHalfWorker);
        rollout.close();
        actorPass.close();
        if (heads != null) heads.close();
        for (BatchPass p : criticHalves) p.close();
        for (INDArray a : List.of(actorInputs, criticInputs[0], criticInputs[1], startsArray, windowStateArray, actorOutputGradient,
                criticOutputGradients[0], criticOutputGradients[1])) {
            a.close();
        }
    }
}
