package org.neuroprior.envs;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.envs.swimmer.NavigateTask;
import org.neuroprior.envs.swimmer.SwimTask;
import org.neuroprior.envs.swimmer.SwimmerEnv;
import org.neuroprior.envs.swimmer.SwimmerModel;
import org.neuroprior.envs.swimmer.SwimmerTask;
import org.neuroprior.envs.wrappers.TimeFeature;
import org.neuroprior.envs.wrappers.TimeLimit;

/**
 * The registry of environments shipped with NeuroPrior, by id (like {@code gymnasium.make}).
 *
 * <pre>{@code
 * Env<double[]> env = Envs.makeContinuous("swimmer-swim", Map.of("bodies", 6, "time_feature", true));
 * }</pre>
 *
 * <table>
 * <caption>Registered environments</caption>
 * <tr><th>id</th><th>what</th></tr>
 * <tr><td>swimmer-swim</td><td>dm_control swimmer swimming forward (NCAP's task), Box actions in [-1, 1]</td></tr>
 * <tr><td>swimmer-navigate</td><td>dm_control swimmer reaching a target, Box actions in [-1, 1]</td></tr>
 * </table>
 * {@link #specs()} lists each one's options with defaults and accepted ranges.
 */
public final class Envs {
    private static final Map<String, EnvSpec> REGISTRY = buildRegistry();

    private Envs() {
    }

    private static Map<String, EnvSpec> buildRegistry() {
        Map<String, EnvSpec> specs = new LinkedHashMap<>();
        List<EnvOption> swimmerOptions = List.of(
                EnvOption.integer("bodies", SwimmerModel.DEFAULT_BODIES, SwimmerModel.MIN_BODIES, SwimmerModel.MAX_BODIES,
                        "number of links (head included); joints = bodies - 1"),
                EnvOption.integer("time_limit", SwimmerEnv.DEFAULT_TIME_LIMIT, 1, 1_000_000,
                        "control steps (30 ms each) before the episode is truncated"),
                EnvOption.flag("time_feature", false,
                        "append the time feature: -1 at reset rising to +1 at the time limit (NCAP's oscillator uses it)"));
        register(specs, new EnvSpec("swimmer-swim",
                "dm_control swimmer swimming forward as fast as it can (NCAP task); reward 1 at >= 0.1 m/s",
                withSpeedOption(swimmerOptions), o -> swimmer(new SwimTask((Double) o.get("desired_speed")), o)));
        register(specs, new EnvSpec("swimmer-navigate",
                "dm_control swimmer bringing its nose to a target; observation adds to_target",
                swimmerOptions, o -> swimmer(new NavigateTask(), o)));
        return Map.copyOf(specs);
    }

    private static List<EnvOption> withSpeedOption(List<EnvOption> options) {
        var all = new java.util.ArrayList<>(options);
        all.add(EnvOption.decimal("desired_speed", SwimTask.DEFAULT_DESIRED_SPEED, 0.001, 100,
                "forward speed (m/s) that earns the full reward of 1 per step"));
        return all;
    }

    private static void register(Map<String, EnvSpec> specs, EnvSpec spec) {
        specs.put(spec.id(), spec);
    }

    private static Env<?> swimmer(SwimmerTask task, Map<String, Object> o) {
        int limit = (Integer) o.get("time_limit");
        Env<double[]> env = new TimeLimit<>(new SwimmerEnv(task, (Integer) o.get("bodies")), limit);
        if ((Boolean) o.get("time_feature")) env = new TimeFeature<>(env, limit);
        return env;
    }

    /** Every registered environment, in id order. */
    public static Collection<EnvSpec> specs() {
        return REGISTRY.values().stream().sorted(java.util.Comparator.comparing(EnvSpec::id)).toList();
    }

    /** The spec registered under {@code id}. */
    public static EnvSpec spec(String id) {
        EnvSpec spec = REGISTRY.get(id);
        if (spec == null) {
            throw new IllegalArgumentException("unknown environment id '" + id + "'; accepted: "
                    + String.join(", ", specs().stream().map(EnvSpec::id).toList()));
        }
        return spec;
    }

    /** Builds the environment {@code id} with the given options (the others at their defaults). */
    public static Env<?> make(String id, Map<String, ?> options) {
        return spec(id).make(options);
    }

    /** Builds an environment whose action space is a {@link Box}. */
    @SuppressWarnings("unchecked")
    public static Env<double[]> makeContinuous(String id, Map<String, ?> options) {
        Env<?> env = make(id, options);
        if (!(env.actionSpace() instanceof Box)) {
            env.close();
            throw new IllegalArgumentException(id + " has action space " + env.actionSpace() + ", not a Box");
        }
        return (Env<double[]>) env;
    }

    /** Builds an environment whose action space is {@link Discrete}. */
    @SuppressWarnings("unchecked")
    public static Env<Integer> makeDiscrete(String id, Map<String, ?> options) {
        Env<?> env = make(id, options);
        if (!(env.actionSpace() instanceof Discrete)) {
            env.close();
            throw new IllegalArgumentException(id + " has action space " + env.actionSpace()
                    + ", not Discrete; wrap it with DiscretizeAction for discrete agents");
        }
        return (Env<Integer>) env;
    }
}
