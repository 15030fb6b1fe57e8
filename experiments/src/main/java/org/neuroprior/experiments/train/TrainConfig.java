package org.neuroprior.experiments.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.neuroprior.agents.AgentSpec;
import org.neuroprior.agents.Agents;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.envs.EnvSpec;
import org.neuroprior.envs.Envs;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Problems;
import org.neuroprior.registry.Resolved;

/**
 * Everything that defines a training run, every value resolved: the registered environment, architecture and agent
 * with all their options (defaults included), the budget, and the thread settings. Its YAML form ({@link #toMap()},
 * keys in snake_case) is a run directory's {@code config.yaml}; {@link #resolve} reads it back, or a partial one
 * written by hand, so a run is reproduced from its config alone.
 *
 * <p>How a value is chosen, first match wins: what the user gives (command line over config file); for options that
 * depend on the combination, the environment's value for an architecture (NCAP's {@code time_limit}), the
 * architecture's published agent settings for an agent (NCAP's {@code fixed_std} 0.1), and for training on an
 * environment that offers a {@code time_feature}, true (NCAP's oscillator reads it; other architectures see the same
 * observation); for the run's keys, what the agent's options imply (DQN's {@code protocol: auxrl} tests after every
 * episode); then each option's default. Every value is parsed by the same rules ({@link Option}).
 *
 * @param env            registered environment id
 * @param envOptions     every option of the environment
 * @param arch           registered architecture
 * @param archOptions    every option of the architecture
 * @param agent          registered agent
 * @param agentOptions   every option of the agent
 * @param seed           the one seed every random draw derives from
 * @param steps          training budget in environment steps (test episodes not counted); a run stops at the end of
 *                       the iteration that reaches it, so it may pass it by less than one iteration
 * @param iterations     if > 0, the run also ends after this many agent iterations
 * @param epochSteps     a test and a log row every this many training steps
 * @param epochIterations if > 0: a test and a log row after every this many agent iterations instead
 * @param testEpisodes   greedy test episodes per epoch
 * @param frameStack     observations stacked by a FrameStack wrapper (1: none)
 * @param threads        threads for environments and agents' workers (resolved: 0 in a file means all cores)
 * @param intraOpThreads ND4J's threads inside one operation (OMP_NUM_THREADS; the launcher sets 1)
 * @param label          legend label in plots; empty = the architecture's name (a model spec given as {@code arch}
 *                       is its default label)
 * @param checkpointEvery seconds of wall time between checkpoints ({@link CheckpointSchedule}); not part of what the
 *                       run computes, so a resumed run may change it
 */
public record TrainConfig(String env, Map<String, Object> envOptions, String arch, Map<String, Object> archOptions,
                          String agent, Map<String, Object> agentOptions, long seed, long steps, long iterations, long epochSteps,
                          long epochIterations, int testEpisodes, int frameStack, int threads, int intraOpThreads, String label,
                          double checkpointEvery) {

    /** Largest seed and budget accepted: 9e15, below 2^53, so every accepted value is also exact as a double. */
    private static final long MAX_COUNT = 9_000_000_000_000_000L;

    /** The run's own keys (the option maps aside), with their defaults and accepted ranges. */
    public static final Options KEYS = Options.of(
            Option.text("env", "swimmer-swim", "environment id (neuroprior env list)"),
            Option.text("arch", "ncap", "architecture (neuroprior arch list), or a model spec NAME:WORD+WORD... (convrnn:timedecay+gpt)"),
            Option.text("agent", "ppo", "agent (neuroprior agent list)"),
            Option.longInteger("seed", 1, -MAX_COUNT, MAX_COUNT, "every random draw derives from it"),
            Option.longInteger("steps", 1_000_000, 1, MAX_COUNT, "training budget in environment steps (test episodes not counted); a run stops at the end of the iteration that reaches it (a PPO rollout, an ES generation), so it may pass it by less than one iteration"),
            Option.longInteger("iterations", 0, 0, MAX_COUNT,
                    "if > 0: the run also ends after this many agent iterations (dqn, ddpg: episodes; ppo: segments; es: generations)"),
            Option.longInteger("epoch_steps", 20_000, 1, MAX_COUNT, "a test and a log row every this many training steps"),
            Option.longInteger("epoch_iterations", 0, 0, MAX_COUNT,
                    "if > 0: a test and a log row after every this many agent iterations (dqn, ddpg: episodes) instead of every epoch_steps"),
            Option.integer("test_episodes", 5, 1, 1_000_000, "greedy test episodes per epoch"),
            Option.integer("frame_stack", 1, 1, 1000, "observe the last this many observations at once (Gymnasium's FrameStack); 1 = off"),
            Option.integer("threads", 0, 0, 4096, "threads for environments and agents' workers; 0 = all cores (results do not depend on it)"),
            Option.integer("intra_op_threads", 1, 1, 4096, "ND4J's threads inside one operation; must equal OMP_NUM_THREADS (the launcher sets 1)"),
            Option.text("label", "", "legend label in plots (default: the architecture)"),
            CheckpointSchedule.OPTION);

    /** The option maps, in the order config files are written. */
    public static final String ENV_OPTIONS = "env_options";
    public static final String ARCH_OPTIONS = "arch_options";
    public static final String AGENT_OPTIONS = "agent_options";

    public TrainConfig {
        envOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(envOptions));
        archOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(archOptions));
        agentOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(agentOptions));
    }

    /**
     * A complete config from a YAML-shaped map (a config file, command-line values, or both merged): every key and
     * option resolved and checked against the registries. The facts a run records beside its config
     * ({@link RunFacts#KEYS}: {@code openblas_coretype}, {@code nd4j_binary}, {@code commit}) are not settings and are
     * ignored.
     *
     * @throws IllegalArgumentException naming every unknown key, id or option and every bad value, one line each
     *                                  (joined by '\n'), and what is accepted; options that depend on an unknown id
     *                                  (the options of an unknown architecture) are not checked
     */
    public static TrainConfig resolve(Map<String, ?> given) {
        Problems problems = new Problems();
        Map<String, Object> top = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            String key = e.getKey();
            if (key.equals(ENV_OPTIONS) || key.equals(ARCH_OPTIONS) || key.equals(AGENT_OPTIONS)) continue;
            if (RunFacts.isKey(key)) continue; // recorded by a run, not a setting
            if (KEYS.get(key) == null) {
                problems.add("unknown config key '" + key + "'; accepted: " + String.join(", ", keys()));
                continue;
            }
            if (e.getValue() != null) top.put(key, e.getValue());
        }
        Resolved run = KEYS.resolve("the run", top, problems);
        EnvSpec envSpec = problems.check(() -> Envs.spec(run.choice("env")));
        Map<String, Object> envOptions = problems.check(() -> map(given, ENV_OPTIONS));
        Resolved env = null;
        if (envSpec != null && envOptions != null) {
            Map<String, Object> envGiven = new LinkedHashMap<>(envOptions);
            if (envSpec.options().get("time_feature") != null) envGiven.putIfAbsent("time_feature", true);
            env = envSpec.resolve(envGiven, problems); // bad values at their defaults, so the architecture's options are checked too
        }
        Architectures.Spec spec = problems.check(() -> Architectures.spec(run.choice("arch")));
        Architecture architecture = spec == null ? null : spec.architecture();
        Map<String, Object> archOptions = problems.check(() -> map(given, ARCH_OPTIONS));
        Resolved arch = null;
        if (spec != null && archOptions != null) {
            Map<String, Object> archGiven = new LinkedHashMap<>(spec.options());
            boolean agree = true;
            for (Map.Entry<String, Object> e : archOptions.entrySet()) {
                Object fromSpec = archGiven.put(e.getKey(), e.getValue());
                if (fromSpec != null && !String.valueOf(fromSpec).equalsIgnoreCase(String.valueOf(e.getValue()))) {
                    problems.add("architecture option '" + e.getKey() + "' is " + fromSpec + " in the model spec '"
                            + spec.text() + "' but " + e.getValue() + " in " + ARCH_OPTIONS + "; accepted: one value");
                    agree = false;
                }
            }
            if (agree && env != null) {
                Map<String, Object> envValues = env.values();
                arch = problems.check(() -> architecture.resolve(archGiven, envValues));
            }
        }
        AgentSpec agentSpec = problems.check(() -> Agents.get(run.choice("agent")));
        Map<String, Object> agentOptions = problems.check(() -> map(given, AGENT_OPTIONS));
        Resolved agent = null;
        if (agentSpec != null && agentOptions != null) {
            Map<String, Object> agentDefaults = architecture == null ? Map.of() : architecture.agentDefaults();
            agent = problems.check(() -> agentSpec.resolve(agentOptions, agentDefaults));
        }
        problems.throwIfAny();
        Map<String, Object> implied = agentSpec.runDefaults(agent);
        Resolved runKeys = run;
        if (!implied.isEmpty()) { // the agent's options imply run keys the config does not set
            Map<String, Object> withImplied = new LinkedHashMap<>(implied);
            withImplied.putAll(top);
            runKeys = KEYS.resolve("the run", withImplied);
        }
        int threads = runKeys.integer("threads") == 0 ? Runtime.getRuntime().availableProcessors() : runKeys.integer("threads");
        return new TrainConfig(envSpec.id(), env.values(), architecture.name(), arch.values(), agentSpec.name(), agent.values(),
                runKeys.longInteger("seed"), runKeys.longInteger("steps"), runKeys.longInteger("iterations"), runKeys.longInteger("epoch_steps"),
                runKeys.longInteger("epoch_iterations"), runKeys.integer("test_episodes"),
                runKeys.integer("frame_stack"), threads, runKeys.integer("intra_op_threads"),
                runKeys.choice("label").isEmpty() && !spec.options().isEmpty() ? spec.text() : runKeys.choice("label"),
                runKeys.number(CheckpointSchedule.KEY));
    }

    private static Iterable<String> keys() {
        var all = new java.util.ArrayList<String>();
        for (Option o : KEYS.list()) all.add(o.name());
        all.add(ENV_OPTIONS);
        all.add(ARCH_OPTIONS);
        all.add(AGENT_OPTIONS);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, ?> given, String key) {
        Object o = given.get(key);
        if (o == null) return Map.of();
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
            return out;
        }
        throw new IllegalArgumentException("config key '" + key + "' = " + o + " is not valid; accepted: a map of option: value");
    }

    /** The label for plots: {@link #label()} if set, else the architecture. */
    public String displayLabel() {
        return label.isEmpty() ? arch : label;
    }

    /** This config with another budget and thread count (what a resumed run may change). */
    public TrainConfig withBudget(long newSteps, int newThreads) {
        return new TrainConfig(env, envOptions, arch, archOptions, agent, agentOptions, seed, newSteps, iterations, epochSteps,
                epochIterations, testEpisodes, frameStack, newThreads, intraOpThreads, label, checkpointEvery);
    }

    /** The YAML form: every key and every option, in a fixed order, as a user would type the values. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", env);
        m.put(ENV_OPTIONS, new LinkedHashMap<>(envOptions));
        m.put("arch", arch);
        m.put(ARCH_OPTIONS, new LinkedHashMap<>(archOptions));
        m.put("agent", agent);
        m.put(AGENT_OPTIONS, new LinkedHashMap<>(agentOptions));
        m.put("seed", seed);
        m.put("steps", steps);
        m.put("iterations", iterations);
        m.put("epoch_steps", epochSteps);
        m.put("epoch_iterations", epochIterations);
        m.put("test_episodes", testEpisodes);
        m.put("frame_stack", frameStack);
        m.put("threads", threads);
        m.put("intra_op_threads", intraOpThreads);
        m.put("label", label);
        m.put(CheckpointSchedule.KEY, checkpointEvery);
        return m;
    }
}
