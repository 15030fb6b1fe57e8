package org.neuroprior.envs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A registered environment: its id, what it is, its options, and how to build it from resolved option values.
 */
public record EnvSpec(String id, String description, List<EnvOption> options, Function<Map<String, Object>, Env<?>> factory) {

    public EnvSpec {
        options = List.copyOf(options);
    }

    /**
     * Every option's value: the given one (checked) or the default.
     *
     * @throws IllegalArgumentException for an unknown option name or a bad value
     */
    public Map<String, Object> resolve(Map<String, ?> given) {
        Map<String, EnvOption> byName = options.stream().collect(Collectors.toMap(EnvOption::name, o -> o));
        for (String key : given.keySet()) {
            if (!byName.containsKey(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for " + id + "; accepted: "
                        + (options.isEmpty() ? "none" : String.join(", ", byName.keySet().stream().sorted().toList())));
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (EnvOption option : options) {
            Object raw = given.get(option.name());
            resolved.put(option.name(), raw == null ? option.defaultValue() : option.parse(raw));
        }
        return resolved;
    }

    /** Builds the environment with {@code given} options (others at their defaults). */
    public Env<?> make(Map<String, ?> given) {
        return factory.apply(resolve(given));
    }
}
