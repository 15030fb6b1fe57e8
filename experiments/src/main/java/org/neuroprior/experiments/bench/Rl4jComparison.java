package org.neuroprior.experiments.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.deeplearning4j.rl4j.learning.configuration.QLearningConfiguration;
import org.deeplearning4j.rl4j.learning.sync.qlearning.discrete.QLearningDiscreteDense;
import org.deeplearning4j.rl4j.network.configuration.DQNDenseNetworkConfiguration;
import org.deeplearning4j.rl4j.space.Box;
import org.nd4j.linalg.learning.config.Adam;
import org.neuroprior.agents.Agent;
import org.neuroprior.agents.AgentContext;
import org.neuroprior.agents.AgentSpec;
import org.neuroprior.agents.Agents;
import org.neuroprior.agents.Episodes;
import org.neuroprior.agents.Policy;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.Mlp;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.rl4j.MdpAdapter;

/**
 * RL4J's double DQN ({@link QLearningDiscreteDense} through {@link MdpAdapter}) and NeuroPrior's {@code dqn} on the
 * same discrete task with the same budget and, as far as the two libraries allow, the same algorithm: double-Q
 * targets, one update per environment step once the replay holds a batch, the target copied every
 * {@code targetUpdate} updates, epsilon falling linearly from 1 to {@code epsilonEnd} over {@code explorationSteps}
 * steps, Adam, the TD error clipped to +-1 (RL4J's {@code errorClamp}; our Huber loss, which gives the same gradient
 * with two actions, since RL4J's MSE divides by the number of outputs), an MLP of {@code layers} x {@code hidden}
 * ReLU units on raw observations, time-outs bootstrapped. Left as each library has it: weight initialisation (RL4J
 * Xavier, ours PyTorch's uniform), random streams.
 *
 * <p>After training, each agent's greedy policy plays {@code testEpisodes} episodes from the same seeded initial
 * states (a fresh adapter per episode for RL4J). Everything runs on the calling thread (RL4J's learner is single
 * threaded; ours is given one thread).
 */
public final class Rl4jComparison {

    /**
     * What both agents are given.
     *
     * @param env              a registered environment with Discrete actions
     * @param timeLimit        its episodes' step limit (RL4J's {@code maxEpochStep} too)
     * @param steps            training budget in environment steps (both check it between episodes)
     * @param buffer           replay capacity in transitions
     * @param batch            transitions per update
     * @param learningRate     Adam's step size
     * @param gamma            discount
     * @param targetUpdate     updates between target copies
     * @param epsilonEnd       final exploration rate
     * @param explorationSteps steps to reach it
     * @param hidden           units per hidden layer
     * @param layers           hidden layers
     * @param testEpisodes     greedy episodes after training
     */
    public record Settings(String env, int timeLimit, int steps, int buffer, int batch, double learningRate, double gamma,
                           int targetUpdate, double epsilonEnd, int explorationSteps, int hidden, int layers, int testEpisodes) {

        /** CartPole-v1: a buffer that keeps every step of a 30,000-step run, Adam 5e-4, target copied every 500 updates. */
        public static Settings cartpole(int steps) {
            return new Settings("cartpole", 500, steps, 30_000, 64, 5e-4, 0.99, 500, 0.05, 5_000, 64, 2, 10);
        }
    }

    /** One training run's result: its greedy test score (mean over the test episodes), episodes and time. */
    public record Run(String agent, long seed, double testScore, long steps, long episodes, double seconds) {
        public double stepsPerSecond() {
            return steps / seconds;
        }
    }

    private final Settings s;
    private final EnvBenchmark.PrintStreamLog log;

    public Rl4jComparison(Settings settings, EnvBenchmark.PrintStreamLog log) {
        this.s = settings;
        this.log = log;
    }

    /** Both agents on each seed, RL4J first, one seed after the other. */
    public List<Run> run(List<Long> seeds) {
        List<Run> runs = new ArrayList<>();
        for (long seed : seeds) {
            runs.add(rl4j(seed));
            log.line(line(runs.get(runs.size() - 1)));
            runs.add(neuroprior(seed));
            log.line(line(runs.get(runs.size() - 1)));
        }
        return runs;
    }

    private static String line(Run r) {
        return String.format(java.util.Locale.ROOT, "%s seed %d: test score %.1f after %,d steps (%,d episodes), %.1f s", r.agent(), r.seed(),
                r.testScore(), r.steps(), r.episodes(), r.seconds());
    }

    private Supplier<Env<Integer>> environments() {
        return () -> Envs.makeDiscrete(s.env(), Map.of("time_limit", s.timeLimit()));
    }

    /** Seed of test episode i (the same for both agents). */
    private static long testSeed(int i) {
        return 1_000_000 + i;
    }

    Run rl4j(long seed) {
        QLearningConfiguration ql = QLearningConfiguration.builder()
                .seed(seed)
                .maxEpochStep(s.timeLimit())
                .maxStep(s.steps())
                .expRepMaxSize(s.buffer())
                .batchSize(s.batch())
                .targetDqnUpdateFreq(s.targetUpdate())
                .updateStart(0) // epsilon anneals from step 0: 1 - step / epsilonNbStep, down to minEpsilon
                .rewardFactor(1)
                .gamma(s.gamma())
                .errorClamp(1.0)
                .minEpsilon(s.epsilonEnd())
                .epsilonNbStep((int) Math.round(s.explorationSteps() / (1 - s.epsilonEnd())))
                .doubleDQN(true)
                .build();
        DQNDenseNetworkConfiguration net = DQNDenseNetworkConfiguration.builder()
                .updater(new Adam(s.learningRate()))
                .numLayers(s.layers())
                .numHiddenNodes(s.hidden())
                .build();
        MdpAdapter mdp = new MdpAdapter(environments(), seed);
        try {
            QLearningDiscreteDense<Box> dql = new QLearningDiscreteDense<>(mdp, net, ql);
            long t0 = System.nanoTime();
            dql.train();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double sum = 0;
            for (int i = 0; i < s.testEpisodes(); i++) {
                MdpAdapter test = new MdpAdapter(environments(), testSeed(i));
                try {
                    sum += dql.getPolicy().play(test);
                } finally {
                    test.close();
                }
            }
            return new Run("RL4J QLearningDiscreteDense", seed, sum / s.testEpisodes(), dql.getStepCount(), dql.getEpochCount(), seconds);
        } finally {
            mdp.close();
        }
    }

    Run neuroprior(long seed) {
        Architecture mlp = Architectures.get(Mlp.NAME);
        List<Integer> hidden = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) hidden.add(s.hidden());
        Map<String, Object> archOptions = Map.of("hidden", hidden, "activation", "relu", "observation_normalization", false);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("buffer_size", s.buffer());
        options.put("batch_size", s.batch());
        options.put("learning_rate", s.learningRate());
        options.put("gamma", s.gamma());
        options.put("target_update", s.targetUpdate());
        options.put("epsilon_start", 1.0);
        options.put("epsilon_end", s.epsilonEnd());
        options.put("exploration_steps", s.explorationSteps());
        options.put("learning_starts", s.batch());
        options.put("train_frequency", 1);
        options.put("gradient_steps", 1);
        options.put("loss", "huber");
        AgentSpec dqn = Agents.get("dqn");
        AgentContext context = AgentContext.of(environments(), mlp, mlp.resolve(archOptions, Map.of()), dqn.resolve(options, Map.of()), seed, 1);
        try (Agent agent = dqn.create(context)) {
            long steps = 0;
            long t0 = System.nanoTime();
            while (steps < s.steps()) steps += agent.iterate().steps();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double sum = 0;
            try (Env<Integer> test = environments().get(); Policy<?> greedy = agent.policy()) {
                for (int i = 0; i < s.testEpisodes(); i++) sum += Episodes.run(test, greedy, testSeed(i)).score();
            }
            return new Run("NeuroPrior dqn", seed, sum / s.testEpisodes(), steps, agent.iterations(), seconds);
        }
    }
}
