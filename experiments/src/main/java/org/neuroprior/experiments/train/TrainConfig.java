package org.neuroprior.experiments.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that defines a training run. Its YAML form (keys in snake_case) is what {@code --config FILE} reads
 * and what every run directory keeps as {@code config.yaml}. The defaults live here, in {@link #DEFAULTS}, and
 * nowhere else.
 *
 * @param env          registered environment id
 * @param envOptions   options of the environment ({@code neuroprior env list})
 * @param arch         policy architecture: mlp or ncap
 * @param archOptions  options of the architecture
 * @param agent        learning algorithm: ppo or es
 * @param agentOptions options of the algorithm
 * @param seed         the one seed every random draw derives from
 * @param steps        training budget in environment steps (test episodes not counted)
 * @param epochSteps   a test and a log row every this many training steps
 * @param testEpisodes deterministic test episodes per epoch
 * @param threads      threads for environments (PPO's vector env, ES's population); 0 = all cores
 * @param label        legend label in plots; empty = the architecture's name
 */
public record TrainConfig(String env, Map<String, Object> envOptions, String arch, Map<String, Object> archOptions,
                          String agent, Map<String, Object> agentOptions, long seed, long steps, long epochSteps,
                          int testEpisodes, int threads, String label) {

    /** The default of every key, in the order config files are written. */
    public static final Map<String, Object> DEFAULTS = defaults();

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("env", "swimmer-swim");
        d.put("env_options", Map.of());
        d.put("arch", "ncap");
        d.put("arch_options", Map.of());
        d.put("agent", "ppo");
        d.put("agent_options", Map.of());
        d.put("seed", 1L);
        d.put("steps", 1_000_000L);
        d.put("epoch_steps", 20_000L);
        d.put("test_episodes", 5);
        d.put("threads", 0);
        d.put("label", "");
        return java.util.Collections.unmodifiableMap(d);
    }

    public static final Set<String> ARCHITECTURES = Set.of("mlp", "ncap");
    public static final Set<String> AGENTS = Set.of("ppo", "es", "ddpg");

    public TrainConfig {
        envOptions = Map.copyOf(envOptions);
        archOptions = Map.copyOf(archOptions);
        agentOptions = Map.copyOf(agentOptions);
        if (!ARCHITECTURES.contains(arch)) throw bad("arch", arch, String.join(", ", sorted(ARCHITECTURES)));
        if (!AGENTS.contains(agent)) throw bad("agent", agent, String.join(", ", sorted(AGENTS)));
        if (steps < 1) throw bad("steps", steps, "an integer >= 1");
        if (epochSteps < 1) throw bad("epoch_steps", epochSteps, "an integer >= 1");
        if (testEpisodes < 1) throw bad("test_episodes", testEpisodes, "an integer >= 1");
        if (threads < 0) throw bad("threads", threads, "0 (all cores) or more");
        if (label == null) label = "";
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("config key '" + key + "' = " + value + " is not valid; accepted: " + accepted);
    }

    /** Threads to use: {@link #threads()}, or all cores when it is 0. */
    public int resolvedThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** The label for plots: {@link #label()} if set, else the architecture. */
    public String displayLabel() {
        return label.isEmpty() ? arch : label;
    }

    /** The YAML form: every key, in {@link #DEFAULTS}' order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", env);
        m.put("env_options", new java.util.TreeMap<>(envOptions));
        m.put("arch", arch);
        m.put("arch_options", new java.util.TreeMap<>(archOptions));
        m.put("agent", agent);
        m.put("agent_options", new java.util.TreeMap<>(agentOptions));
        m.put("seed", seed);
        m.put("steps", steps);
        m.put("epoch_steps", epochSteps);
        m.put("test_episodes", testEpisodes);
        m.put("threads", threads);
        m.put("label", label);
        return m;
    }

    /**
     * Builds a config from a YAML-shaped map: keys not given take their defaults.
     *
     * @throws IllegalArgumentException naming an unknown key or a value of the wrong type
     */
    public static TrainConfig fromMap(Map<String, ?> given) {
        for (String key : given.keySet()) {
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("unknown config key '" + key + "'; accepted: " + String.join(", ", DEFAULTS.keySet()));
            }
        }
        Map<String, Object> v = new LinkedHashMap<>(DEFAULTS);
        v.putAll(given);
        return new TrainConfig(text(v, "env"), options(v, "env_options"), text(v, "arch"), options(v, "arch_options"),
                text(v, "agent"), options(v, "agent_options"), integer(v, "seed"), integer(v, "steps"), integer(v, "epoch_steps"),
                (int) integer(v, "test_episodes"), (int) integer(v, "threads"), text(v, "label"));
    }

    private static String text(Map<String, Object> v, String key) {
        Object o = v.get(key);
        if (o == null) return "";
        if (o instanceof String s) return s;
        throw new IllegalArgumentException("config key '" + key + "' = " + o + " is not valid; accepted: a string");
    }

    private static long integer(Map<String, Object> v, String key) {
        Object o = v.get(key);
        if (o instanceof Integer || o instanceof Long) return ((Number) o).longValue();
        if (o instanceof String s) {
            try {
                return Long.parseLong(s.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        if (o instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return d.longValue(); // 1e6 in YAML
        throw new IllegalArgumentException("config key '" + key + "' = " + o + " is not valid; accepted: an integer");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> options(Map<String, Object> v, String key) {
        Object o = v.get(key);
        if (o == null) return Map.of();
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
            return out;
        }
        throw new IllegalArgumentException("config key '" + key + "' = " + o + " is not valid; accepted: a map of option: value");
    }
}
