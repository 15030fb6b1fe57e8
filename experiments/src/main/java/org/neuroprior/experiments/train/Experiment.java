package org.neuroprior.experiments.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.neuroprior.agents.Agent;
import org.neuroprior.agents.Options;
import org.neuroprior.agents.Seeds;
import org.neuroprior.agents.ddpg.Ddpg;
import org.neuroprior.agents.es.EvolutionStrategies;
import org.neuroprior.agents.ppo.Ppo;
import org.neuroprior.architectures.Network;
import org.neuroprior.architectures.Networks;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.EnvSpec;
import org.neuroprior.envs.Envs;

/**
 * Turns a {@link TrainConfig} into the objects of a run: the environment factory, the policy network and the
 * agent. The defaults that depend on the combination (the time feature for swimmers, NCAP's time limit, PPO's
 * fixed std for NCAP) are filled in here, so the resolved config says exactly what ran.
 */
public final class Experiment {
    private Experiment() {
    }

    /** The config with every default that depends on the combination written in. */
    public static TrainConfig resolve(TrainConfig c) {
        EnvSpec spec = Envs.spec(c.env());
        Map<String, Object> env = new LinkedHashMap<>(c.envOptions());
        // The NCAP oscillator reads the step count from the time feature; MLPs get the same observation.
        if (spec.options().stream().anyMatch(o -> o.name().equals("time_feature"))) env.putIfAbsent("time_feature", true);
        Map<String, Object> resolvedEnv = spec.resolve(env); // checks names and values
        Map<String, Object> arch = new LinkedHashMap<>(c.archOptions());
        if (c.arch().equals("ncap") && resolvedEnv.containsKey("time_limit")) arch.putIfAbsent("time_limit", resolvedEnv.get("time_limit"));
        Map<String, Object> agent = new LinkedHashMap<>(c.agentOptions());
        if (c.agent().equals("ppo") && c.arch().equals("ncap")) agent.putIfAbsent("fixed_std", 0.1);
        return new TrainConfig(c.env(), resolvedEnv, c.arch(), arch, c.agent(), agent, c.seed(), c.steps(), c.epochSteps(),
                c.testEpisodes(), c.threads(), c.label());
    }

    /** Environments of the run (each call a new one). */
    public static Supplier<Env<double[]>> environments(TrainConfig c) {
        Map<String, Object> options = c.envOptions();
        Envs.spec(c.env()).resolve(options);
        return () -> Envs.makeContinuous(c.env(), options);
    }

    /** The policy network, initialised from the run's seed. */
    public static Network policyNetwork(TrainConfig c, int observationSize, int actionSize) {
        Map<String, Object> options = new LinkedHashMap<>(c.archOptions());
        if (c.arch().equals("mlp")) options.putIfAbsent("output", "tanh");
        return Networks.create(c.arch(), observationSize, actionSize, options, Seeds.derive(c.seed(), 1));
    }

    /** The agent, with its options checked (unknown keys and bad values are errors naming them). */
    public static Agent agent(TrainConfig c) {
        Supplier<Env<double[]>> envs = environments(c);
        int obs;
        int act;
        try (Env<double[]> probe = envs.get()) {
            obs = probe.observationSpace().size();
            act = ((org.neuroprior.envs.Box) probe.actionSpace()).size();
        }
        Network policy = policyNetwork(c, obs, act);
        Options o = new Options("agent " + c.agent(), c.agentOptions());
        int threads = c.resolvedThreads();
        return switch (c.agent()) {
            case "es" -> {
                var d = EvolutionStrategies.Config.defaults(threads);
                var config = new EvolutionStrategies.Config(o.integer("population", d.population(), 2, 10_000),
                        o.number("sigma", d.sigma(), 1e-9, 10), o.number("learning_rate", d.learningRate(), 1e-9, 10),
                        o.number("weight_decay", d.weightDecay(), 0, 10), o.number("gradient_clip", d.gradientClip(), 1e-9, 1e9),
                        threads);
                o.requireNoOthers();
                yield new EvolutionStrategies(config, policy, envs, Seeds.derive(c.seed(), 2));
            }
            case "ppo" -> {
                boolean mlp = c.arch().equals("mlp");
                var d = Ppo.Config.defaults(mlp, 0, threads);
                var config = new Ppo.Config(o.integer("segment", d.segment(), 2, 10_000_000), o.integer("envs", d.envs(), 1, 1024),
                        o.number("gamma", d.gamma(), 0, 1), o.number("lambda", d.lambda(), 0, 1), o.number("clip", d.clip(), 1e-6, 10),
                        o.number("actor_learning_rate", d.actorLearningRate(), 1e-9, 10),
                        o.number("critic_learning_rate", d.criticLearningRate(), 1e-9, 10),
                        o.integer("actor_iterations", d.actorIterations(), 0, 100_000),
                        o.integer("critic_iterations", d.criticIterations(), 0, 100_000), o.number("max_kl", d.maxKl(), 0, 1e9),
                        o.flag("normalize_actor_observations", mlp), o.number("fixed_std", 0, 0, 10),
                        o.number("initial_log_std", d.initialLogStd(), -20, 5), threads);
                o.requireNoOthers();
                Network critic = Networks.create("mlp", obs, 1, Map.of("hidden", java.util.List.of(64, 64), "activation", "tanh"),
                        Seeds.derive(c.seed(), 3));
                yield new Ppo(config, policy, critic, envs, Seeds.derive(c.seed(), 2));
            }
            case "ddpg" -> {
                var d = Ddpg.Config.defaults();
                var config = new Ddpg.Config(o.integer("buffer_size", d.bufferSize(), 1, 100_000_000),
                        o.integer("batch_size", d.batchSize(), 1, 1_000_000), o.number("actor_learning_rate", d.actorLearningRate(), 1e-9, 10),
                        o.number("critic_learning_rate", d.criticLearningRate(), 1e-9, 10), o.number("tau", d.tau(), 1e-9, 1),
                        o.number("gamma", d.gamma(), 0, 1), o.number("exploration_noise", d.explorationNoise(), 0, 10),
                        o.integer("random_steps", d.randomSteps(), 0, Integer.MAX_VALUE),
                        o.integer("update_after", d.updateAfter(), 0, Integer.MAX_VALUE),
                        o.integer("steps_between_batches", d.stepsBetweenBatches(), 1, 1_000_000),
                        o.integer("batch_iterations", d.batchIterations(), 0, 1_000_000));
                o.text("critic_hidden", ""); // a list of layer sizes, checked by the network
                Object hidden = c.agentOptions().getOrDefault("critic_hidden", java.util.List.of(256, 256));
                o.requireNoOthers();
                Network critic = Networks.create("mlp", obs + act, 1, Map.of("hidden", hidden, "activation", "relu"),
                        Seeds.derive(c.seed(), 3));
                yield new Ddpg(config, policy, critic, envs, Seeds.derive(c.seed(), 2));
            }
            default -> throw new IllegalArgumentException("unknown agent '" + c.agent() + "'; accepted: ddpg, es, ppo");
        };
    }
}
