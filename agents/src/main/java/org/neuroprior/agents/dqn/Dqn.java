package org.neuroprior.agents.dqn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
import org.neuroprior.agents.NdArrays;
import org.neuroprior.agents.Policy;
import org.neuroprior.agents.PredictiveHeads;
import org.neuroprior.agents.ReplayBuffer;
import org.neuroprior.agents.RepeatableUpdate;
import org.neuroprior.agents.Seeds;
import org.neuroprior.agents.StateIO;
import org.neuroprior.agents.Workers;
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.architectures.Evaluator;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.architectures.PredictiveHead;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Nonstationary;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/**
 * Double deep Q-learning (van Hasselt, Guez and Silver 2016, on DQN: Mnih et al. 2015) for Discrete action spaces,
 * written as CleanRL's {@code dqn.py} and with its published defaults. The Q network is a model of the run's
 * architecture with one linear output per action; acting is epsilon-greedy, evaluation greedy ({@link #policy()}).
 *
 * <p>One iteration is one episode ({@link #iterate}, read it top to bottom): at every step epsilon falls linearly from
 * {@code epsilon_start} to {@code epsilon_end} over the first {@code exploration_steps} steps; the action is uniformly
 * random with probability epsilon and the arg max of the Q values otherwise; the step goes into the replay buffer.
 * Once {@code learning_starts} steps are stored, every {@code train_frequency} steps run {@code gradient_steps}
 * updates ({@link #update}): each samples {@code batch_size} transitions and takes one Adam step on the TD loss
 * ({@code mse}, or {@code huber}: SmoothL1 with delta 1) towards the double-Q target
 * <pre>
 *   y = r + gamma (1 - terminated) Q_target(s', argmax_a Q_online(s', a))
 * </pre>
 * (the online network picks the next action, the target network values it). A truncated episode (time limit) is
 * not terminal: its last step is bootstrapped from its final observation, unless {@code timeout_terminal} is set (the
 * reference code of Fang and Stachenfeld 2024 treats the time-out as terminal). The target network is a copy of the
 * online one, refreshed every {@code target_update} updates.
 *
 * <p><b>Defaults</b> are CleanRL's {@code dqn.py} (for CartPole-v1): buffer 10,000, batch 128, Adam 2.5e-4, gamma
 * 0.99, epsilon 1 -> 0.05 over half of its 500,000 steps (250,000), learning from step 10,000, one update every 10
 * steps, MSE loss, and the target copied every 500 steps, which is every 50 updates. CleanRL's targets are single-Q
 * (max over the target network); these are double-Q, as the agent's name says. CleanRL's Q network (120, 84, ReLU)
 * is not imposed: the network is the run's architecture ({@code --arch mlp --arch-option activation=relu ...}).
 *
 * <p><b>Recurrent Q networks</b> (such as {@code gru}) learn from windows of {@code bptt} consecutive steps instead of
 * single transitions (Hausknecht and Stone 2015; R2D2's stored state, Kapturowski et al. 2019): the buffer keeps whole
 * steps ({@link ReplayBuffer}), and both networks run over each window's {@code bptt + 1} observations, so that step
 * t's Q value and the Q values of the observation that followed it come out of one unrolled pass. A window starts
 * from the state the online network had when its first step was collected (stored in the buffer: it can carry
 * memory from before the window, though computed by older parameters; no gradient flows into it); the state is
 * zeroed where an episode starts inside the window; gradients flow through the state within the window only. A
 * window may hold an episode's final observation: it has no step and no loss, and it is the bootstrap of the step
 * before it. Stateless models use single transitions (windows of one step). {@code batch_size} counts windows.
 *
 * <p><b>Predictive heads</b> (Fang and Stachenfeld 2024; {@link PredictiveHead}, options {@code predictive_weight},
 * {@code predictive_gamma}, {@code negative_random_weight}, {@code negative_consecutive_weight}, ...): when a weight is
 * set, every update also samples, with each transition (s_t, a_t, s_{t+1}), the step that followed it (a_{t+1}, taken
 * from s_{t+1}), and adds the head's losses on the online network's latents of s_t and s_{t+1} to the TD loss: one
 * backward pass through the online network (the auxiliary gradient enters at the latent, so it trains the encoder
 * and not the Q head) and one Adam step on the transition model with the same step size (Adam is element-wise, so
 * this is the reference's one Adam over encoder, Q head and transition model). Pairs never cross an episode
 * boundary: where s_{t+1} ended its episode no step follows and the horizon term is dropped. With
 * {@code pairs_cross_episodes} the step that follows is the next one in the buffer, the next episode's first, as the
 * reference code samples (t, t + 1) without looking at episode ends (stateless Q networks only). A recurrent Q network's
 * pairs are every step of each sampled window with the observation after it, from the one unrolled pass (the heads'
 * gradient flows back through the window's recurrence), shuffled ({@link #findPairs}).
 *
 * <p><b>Protocols.</b> {@code protocol: cleanrl} (the default) keeps the defaults above. {@code protocol: auxrl} makes
 * the settings of Fang and Stachenfeld's code the defaults ({@link #AUXRL}): replay 20,000, batch 64, Adam 1e-4,
 * gamma 0.9, the target copied every 1,000 updates, a purely random behaviour policy (epsilon 1), one update per step
 * from the 64th on, time-outs terminal, pairs across episodes; and, for the run, greedy test episodes after every
 * episode (15 of them). Options given explicitly still win; the run's {@code config.yaml} records every value.
 *
 * <p>Observations are normalised (if the architecture normalises) with the online network's running statistics,
 * updated with every observation the agent sees; the target network reads the same normalised inputs. Every random
 * draw derives from (seed, episode), and the replay buffer is saved whole, so a resumed run repeats an uninterrupted
 * one exactly. With more than one thread the target network's pass runs beside the online one (same numbers).
 */
public final class Dqn implements Agent, RepeatableUpdate {
    public static final String NAME = "dqn";

    static final Options OPTIONS = Options.of(
            Option.integer("buffer_size", 10_000, 2, 100_000_000, "steps the replay buffer keeps (each episode's final observation takes one more)"),
            Option.integer("batch_size", 128, 1, 1_000_000, "transitions per update (recurrent models: windows of bptt steps)"),
            Option.number("learning_rate", 2.5e-4, 1e-9, 10, "Adam step size"),
            Option.number("gamma", 0.99, 0, 1, "discount factor"),
            Option.integer("target_update", 50, 1, Integer.MAX_VALUE, "updates between two copies of the online network into the target network"),
            Option.number("epsilon_start", 1, 0, 1, "probability of a random action at the first step"),
            Option.number("epsilon_end", 0.05, 0, 1, "probability of a random action after exploration_steps"),
            Option.integer("exploration_steps", 250_000, 0, Integer.MAX_VALUE, "steps over which epsilon moves linearly from epsilon_start to epsilon_end"),
            Option.integer("learning_starts", 10_000, 0, Integer.MAX_VALUE, "steps stored before the first update"),
            Option.integer("train_frequency", 10, 1, 1_000_000, "environment steps between two rounds of updates"),
            Option.integer("gradient_steps", 1, 1, 1_000_000, "updates per round"),
            Option.choice("loss", "mse", List.of("mse", "huber"), "TD loss: mse (CleanRL) or huber (SmoothL1, delta 1, as Mnih et al. 2015)"),
            Option.flag("timeout_terminal", false, "treat a truncated episode's last step as terminal (no bootstrap), as the predictive-heads paper's code"),
            Option.integer("bptt", 16, 1, 1_000_000, "recurrent Q networks: steps per training window (truncated backpropagation through time)"),
            Option.flag("pairs_cross_episodes", false,
                    "predictive heads: the step after an episode's last is the next episode's first (the reference code's pairs; stateless Q networks only); false: none"),
            Option.choice("protocol", "cleanrl", List.of("cleanrl", "auxrl"),
                    "cleanrl: these defaults; auxrl: the defaults of Fang and Stachenfeld's code (random behaviour, a test after every episode, ...)"))
            .plus(PredictiveHead.OPTIONS.list().toArray(Option[]::new));

    /**
     * The defaults {@code protocol: auxrl} sets: the gridworld protocol of Fang and Stachenfeld's code (replay 20,000,
     * batch 64, Adam 1e-4, gamma 0.9, target copied every 1,000 updates, epsilon 1, one update per step from the 64th
     * transition, time-outs terminal, consecutive pairs across episode ends).
     */
    public static final Map<String, Object> AUXRL = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Map.ofEntries(
            Map.entry("buffer_size", 20_000), Map.entry("batch_size", 64), Map.entry("learning_rate", 1e-4), Map.entry("gamma", 0.9),
            Map.entry("target_update", 1000), Map.entry("epsilon_start", 1.0), Map.entry("epsilon_end", 1.0),
            Map.entry("learning_starts", 64), Map.entry("train_frequency", 1), Map.entry("gradient_steps", 1), Map.entry("loss", "mse"),
            Map.entry("timeout_terminal", true), Map.entry("pairs_cross_episodes", true))));

    /** The run keys {@code protocol: auxrl} sets: 15 greedy test episodes after every training episode. */
    public static final Map<String, Object> AUXRL_RUN = Map.of("epoch_iterations", 1, "test_episodes", 15);

    /** The registration: DQN acts in Discrete spaces only; {@code protocol} sets defaults. */
    public static final AgentSpec SPEC = new Spec();

    private static final class Spec implements AgentSpec {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "double DQN with replay, a target network and epsilon-greedy exploration, CleanRL's defaults (Discrete actions); "
                    + "predictive heads";
        }

        @Override
        public Options options() {
            return OPTIONS;
        }

        @Override
        public String refuses(Space<?> actionSpace) {
            return actionSpace instanceof Discrete ? null
                    : "dqn acts in discrete action spaces only; this environment's is " + actionSpace + " (use ppo, ddpg or es)";
        }

        @Override
        public Agent create(AgentContext context) {
            return new Dqn(context);
        }

        @Override
        public Map<String, Object> presetDefaults(Map<String, ?> given) {
            Object protocol = given == null ? null : given.get("protocol");
            return protocol != null && OPTIONS.get("protocol").parse(protocol).equals("auxrl") ? AUXRL : Map.of();
        }

        @Override
        public Map<String, Object> runDefaults(Resolved options) {
            return options.choice("protocol").equals("auxrl") ? AUXRL_RUN : Map.of();
        }
    }

    private final Resolved o;
    private final long seed;
    private final Space<Integer> space;
    private final ActionCoding<Integer> coding;
    private final int actions;
    private final Model online;
    private final Model target;
    private final Env<Integer> env;
    private final int window;
    private final int batch;
    private final ReplayBuffer buffer;
    private final ReplayBuffer.Windows sample;
    private final Adam adam;
    private final Evaluator acting;
    private final BatchPass onlinePass;
    private final BatchPass targetPass;
    private final INDArray onlineInputs;
    private final INDArray targetInputs;
    /** Target-network rows per window: its bptt + 1 observations (recurrent), or only s' (stateless). */
    private final int targetRows;
    private final INDArray initialStates;
    private final INDArray starts;
    private final INDArray outputGradient;
    private final ExecutorService targetWorker;
    private final PredictiveHeads heads;
    private final int stride;
    private final boolean successorRows;
    // The heads' pairs of the sampled windows (with heads only): see findPairs.
    private final boolean[] rowContinues;
    private final int[] pairCurrent;
    private final int[] pairNext;
    private final float[] pairActions;
    private final int[] pairSuccessor;
    private final float[] pairSuccessorActions;
    private final float[] pairHasSuccessor;
    private long iterations;
    private long steps;
    private long updates;

    private Dqn(AgentContext context) {
        String refusal = SPEC.refuses(context.actionSpace());
        if (refusal != null) throw new IllegalArgumentException(refusal);
        this.o = context.options();
        this.seed = Seeds.derive(context.seed(), 2);
        this.space = context.space();
        this.coding = ActionCoding.of(space);
        this.actions = coding.outputs();
        this.online = context.policyModel(actions, ModelIO.Output.LINEAR, Seeds.derive(context.seed(), 1));
        this.target = online.copy();
        this.env = context.environment();
        this.window = online.isRecurrent() ? o.integer("bptt") : 1;
        this.batch = o.integer("batch_size");
        if (o.integer("buffer_size") <= window) {
            throw new IllegalArgumentException("buffer_size = " + o.integer("buffer_size") + " is not valid for windows of " + window
                    + " steps; accepted: > bptt");
        }
        boolean across = o.flag("pairs_cross_episodes");
        // Online rows per window: its observations, then, where the step that follows may act on another observation
        // (the next episode's first), that observation.
        PredictiveHead.Settings settings = PredictiveHead.Settings.of(o);
        this.successorRows = settings.enabled() && settings.readsSuccessor() && across;
        if (successorRows && online.isRecurrent()) {
            throw new IllegalArgumentException("pairs_cross_episodes = true needs a stateless Q network: a recurrent window's predictive pairs "
                    + "stay in their episode; accepted: pairs_cross_episodes: false with " + context.architecture().name());
        }
        this.stride = window + 1 + (successorRows ? 1 : 0);
        this.heads = PredictiveHeads.of(o, online, coding, batch * window, batch * stride, o.number("learning_rate"),
                Seeds.derive(context.seed(), 3));
        this.buffer = new ReplayBuffer(o.integer("buffer_size"), online.inputSize(), coding.width(), online.stateSize());
        this.sample = new ReplayBuffer.Windows(batch, window, online.inputSize(), coding.width(), online.stateSize(), across);
        this.adam = new Adam(online.parameterCount(), o.number("learning_rate"));
        this.acting = online.evaluator(1);
        this.onlinePass = online.pass(batch, stride, false);
        this.targetRows = online.isRecurrent() ? window + 1 : 1;
        this.targetPass = target.pass(batch, targetRows, false);
        this.onlineInputs = NdArrays.inputs(batch * stride, online.io());
        this.targetInputs = NdArrays.inputs(batch * targetRows, online.io());
        this.initialStates = Nd4j.create(DataType.FLOAT, batch, Math.max(1, online.stateSize()));
        this.starts = Nd4j.create(DataType.FLOAT, batch * (window + 1));
        this.outputGradient = Nd4j.create(DataType.FLOAT, batch * stride, actions);
        this.targetWorker = context.threads() > 1 ? Workers.single("dqn-target") : null;
        int pairCapacity = heads == null ? 0 : batch * window;
        this.rowContinues = new boolean[heads == null ? 0 : batch * stride];
        this.pairCurrent = new int[pairCapacity];
        this.pairNext = new int[pairCapacity];
        this.pairActions = new float[pairCapacity * coding.width()];
        this.pairSuccessor = new int[pairCapacity];
        this.pairSuccessorActions = new float[pairCapacity * coding.width()];
        this.pairHasSuccessor = new float[pairCapacity];
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public Iteration iterate() {
        long episode = iterations;
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, episode, -3));
        int obsSize = online.inputSize();
        double[] obs = new double[obsSize];
        double[] q = new double[actions];
        double[] action = new double[1];
        float[] state = new float[online.stateSize()];           // the online network's memory, zero at the episode start
        float[] collecting = new float[online.stateSize()];      // the state before reading obs, kept with the step
        Step s = env.reset(Seeds.derive(seed, episode, -1));
        System.arraycopy(s.observation(), 0, obs, 0, obsSize);
        double score = 0;
        int length = 0;
        double epsilon = Double.NaN;
        double[] sums = new double[2]; // TD loss and mean max Q over this episode's updates
        int episodeUpdates = 0;
        while (!s.done()) {
            if (online.normalizer() != null) online.normalizer().update(obs);

            // Epsilon-greedy. A recurrent network reads every observation (it must follow the whole episode); a
            // stateless one only when its greedy action is taken (a random action does not need its Q values).
            epsilon = epsilon(steps);
            System.arraycopy(state, 0, collecting, 0, state.length);
            boolean random = rng.nextDouble() < epsilon;
            if (!random || online.isRecurrent()) acting.evaluate(obs, state, q);
            int a = random ? rng.nextInt(actions) : coding.greedy(q, 0, null);
            s = env.step(a);
            steps++;
            length++;
            score += s.reward();
            action[0] = a;
            buffer.add(obs, action, s.reward(), s.observation(), s.terminated(), s.truncated(),
                    online.isRecurrent() ? collecting : null);
            System.arraycopy(s.observation(), 0, obs, 0, obsSize);

            if (steps >= o.integer("learning_starts") && steps % o.integer("train_frequency") == 0) {
                for (int k = 0; k < o.integer("gradient_steps"); k++) {
                    if (!update(rng, sums)) break;
                    episodeUpdates++;
                }
            }
        }
        iterations++;
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("train/episode_score/mean", score);
        stats.put("train/episode_length/mean", (double) length);
        stats.put("dqn/epsilon", epsilon);
        stats.put("dqn/loss", episodeUpdates > 0 ? sums[0] / episodeUpdates : Double.NaN);
        stats.put("dqn/q_mean", episodeUpdates > 0 ? sums[1] / episodeUpdates : Double.NaN);
        stats.put("dqn/updates", (double) episodeUpdates);
        if (heads != null) heads.record(stats);
        return new Iteration(length, stats);
    }

    /** CleanRL's linear schedule: epsilon_start at step 0, epsilon_end from exploration_steps on. */
    private double epsilon(long step) {
        double start = o.number("epsilon_start");
        double end = o.number("epsilon_end");
        long duration = o.integer("exploration_steps");
        if (step >= duration) return end;
        return start + (end - start) * step / duration;
    }

    @Override
    public void updateAgain(long draw) {
        if (!update(new SplittableRandom(draw), new double[2])) {
            throw new IllegalStateException("the replay buffer cannot supply a batch yet");
        }
    }

    /**
     * One Adam step on the TD loss (plus the predictive heads' losses, if any) of a sampled batch; adds its TD loss,
     * mean max-Q and the heads' terms to {@code sums}. Returns false if the buffer cannot supply a batch yet.
     */
    private boolean update(SplittableRandom rng, double[] sums) {
        if (!buffer.sample(rng, sample)) return false;
        float[] inputs = prepare(sample.observations);
        boolean recurrent = online.isRecurrent();
        onlineInputs.data().setData(successorRows ? withSuccessors(inputs) : inputs);
        targetInputs.data().setData(recurrent ? inputs : nextObservations(inputs));
        if (recurrent) {
            initialStates.data().setData(sample.states);
            starts.data().setData(sample.starts);
        }
        INDArray states = recurrent ? initialStates : null;
        INDArray episodeStarts = recurrent ? starts : null;

        // The online network over each window's observations: row t is Q(s_t, .), row t + 1 Q(s_{t+1}, .); the target
        // network over the same rows (recurrent: it must unroll them), or over s_{t+1} alone (stateless).
        Future<double[]> targetJob = targetWorker == null ? null
                : targetWorker.submit(() -> NdArrays.doubles(targetPass.forward(targetInputs, states, episodeStarts)));
        double[] q = NdArrays.doubles(onlinePass.forward(onlineInputs, states, episodeStarts));
        double[] qTarget = targetJob == null ? NdArrays.doubles(targetPass.forward(targetInputs, states, episodeStarts))
                : Workers.join(targetJob);

        // The double-Q TD target and the loss, over the windows' steps (an episode's final observation is no step).
        double gamma = o.number("gamma");
        boolean huber = o.choice("loss").equals("huber");
        boolean timeoutTerminal = o.flag("timeout_terminal");
        int count = 0;
        for (float isStep : sample.steps) count += (int) isStep;
        float[] dq = new float[q.length];
        double loss = 0;
        double maxQ = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < window; t++) {
                int j = b * window + t;          // the step
                if (sample.steps[j] == 0) continue;
                int row = b * stride + t;        // its observation s among the online rows; row + 1 is s'
                int targetRow = recurrent ? b * (window + 1) + t + 1 : b;                 // s' among the target rows
                int next = coding.greedy(q, (row + 1) * actions, null);                   // argmax_a Q_online(s', a)
                double bootstrap = qTarget[targetRow * actions + next];                   // Q_target(s', that a)
                double last = timeoutTerminal ? Math.max(sample.terminated[j], sample.truncated[j]) : sample.terminated[j];
                double y = sample.rewards[j] + gamma * (1 - last) * bootstrap;
                int a = (int) sample.actions[j];
                double delta = q[row * actions + a] - y;
                if (huber) {
                    loss += Math.abs(delta) < 1 ? 0.5 * delta * delta : Math.abs(delta) - 0.5;
                    dq[row * actions + a] = (float) (Math.max(-1, Math.min(1, delta)) / count);
                } else {
                    loss += delta * delta;
                    dq[row * actions + a] = (float) (2 * delta / count);
                }
                maxQ += q[row * actions + coding.greedy(q, row * actions, null)];
            }
        }
        sums[0] += loss / count;
        sums[1] += maxQ / count;

        // The step (the heads' gradient enters at the latent), then the target network follows every target_update updates.
        outputGradient.data().setData(dq);
        INDArray latentGradient = null;
        if (heads != null) {
            int pairs = findPairs(recurrent ? new SplittableRandom(Seeds.derive(seed, updates, -5)) : null);
            latentGradient = heads.losses(onlinePass.latent(), pairs, pairCurrent, pairNext, pairActions, pairSuccessor,
                    pairSuccessorActions, pairHasSuccessor);
        }
        float[] gradient = onlinePass.backward(outputGradient, latentGradient);
        online.parameters().update(p -> adam.descend(p, gradient));
        if (heads != null) heads.step();
        updates++;
        if (updates % o.integer("target_update") == 0) target.parameters().set(online.parameters());
        return true;
    }

    /**
     * The predictive heads' pairs of the sampled windows ({@link PredictiveHeads#consecutivePairs}): among the online
     * rows of each window, (s_t, s_{t+1}) for each of its steps (a window's rows are its steps' observations and the
     * one after the last, so no pair leaves its window, and an episode's final observation holds no step, so none
     * crosses an episode's end), with the step taken from s_{t+1} where one was: the window's next step, or after its
     * last step the sampled successor (acting on s_{t+1}, or with {@code pairs_cross_episodes} on the next episode's
     * first observation, the extra row). A stateless network's windows are single transitions, drawn at random: their
     * pairs keep that order; a recurrent network's are shuffled with {@code rng} so that the random-pairs term pairs
     * unrelated steps. Returns the number of pairs.
     */
    private int findPairs(SplittableRandom rng) {
        for (int r = 0; r < rowContinues.length; r++) {
            int t = r % stride;
            rowContinues[r] = t < window && sample.steps[(r / stride) * window + t] > 0;
        }
        int pairs = PredictiveHeads.consecutivePairs(rowContinues, rowContinues.length, stride, rng, pairCurrent, pairNext);
        int width = coding.width();
        for (int p = 0; p < pairs; p++) {
            int b = pairCurrent[p] / stride;
            int t = pairCurrent[p] % stride;
            int j = b * window + t;
            System.arraycopy(sample.actions, j * width, pairActions, p * width, width);
            if (t + 1 < window) {
                pairHasSuccessor[p] = sample.steps[j + 1];
                pairSuccessor[p] = pairNext[p];
                System.arraycopy(sample.actions, (j + 1) * width, pairSuccessorActions, p * width, width);
            } else {
                pairHasSuccessor[p] = sample.successors[b];
                pairSuccessor[p] = successorRows ? b * stride + window + 1 : pairNext[p];
                System.arraycopy(sample.successorActions, b * width, pairSuccessorActions, p * width, width);
            }
        }
        return pairs;
    }

    /** The second of each window's two prepared observations (a stateless network's s'): [batch, inputSize]. */
    private float[] nextObservations(float[] windows) {
        int size = online.inputSize();
        float[] x = new float[batch * size];
        for (int b = 0; b < batch; b++) System.arraycopy(windows, (b * 2 + 1) * size, x, b * size, size);
        return x;
    }

    /** Each window's two observations and the observation its successor acted on: [batch, 3, inputSize], prepared. */
    private float[] withSuccessors(float[] windows) {
        int size = online.inputSize();
        float[] successors = prepare(sample.successorObservations);
        float[] x = new float[batch * stride * size];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(windows, b * 2 * size, x, b * stride * size, 2 * size);
            System.arraycopy(successors, b * size, x, (b * stride + 2) * size, size);
        }
        return x;
    }

    /** Raw observations (rows of inputSize) as the networks' inputs, normalised with the online network's statistics. */
    private float[] prepare(float[] raw) {
        int size = online.inputSize();
        int n = raw.length / size;
        float[] x = new float[raw.length];
        double[] row = new double[size];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < size; k++) row[k] = raw[i * size + k];
            online.prepare(row, x, i * size);
        }
        return x;
    }

    @Override
    public long iterations() {
        return iterations;
    }

    /** One episode per iteration on one environment: the episodes it has started. */
    @Override
    public long trainingEpisodes() {
        return iterations;
    }

    @Override
    public Policy<Integer> policy() {
        return new Policy<>(online.copy(), space);
    }

    @Override
    public long parameterCount() {
        return online.parameterCount();
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        StateIO.writeKind(out, NAME);
        out.writeLong(iterations);
        out.writeLong(steps);
        out.writeLong(updates);
        StateIO.writeModel(out, online);
        StateIO.writeModel(out, target);
        adam.write(out);
        buffer.write(out);
        if (heads != null) heads.write(out);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        StateIO.readKind(in, NAME);
        long its = in.readLong();
        long st = in.readLong();
        long up = in.readLong();
        StateIO.readModel(in, online, "Q network");
        StateIO.readModel(in, target, "target Q network");
        adam.read(in);
        buffer.read(in);
        if (heads != null) heads.read(in);
        iterations = its;
        steps = st;
        updates = up;
        if (env.unwrapped() instanceof Nonstationary task) task.setEpisodes(iterations); // a changing task resumes where it was
    }

    @Override
    public void close() {
        Workers.shutdown(targetWorker);
        env.close();
        acting.close();
        onlinePass.close();
        targetPass.close();
        for (INDArray a : List.of(onlineInputs, targetInputs, initialStates, starts, outputGradient)) a.close();
        if (heads != null) heads.close();
    }
}
