package org.neuroprior.architectures;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.registry.Registered;
import org.neuroprior.registry.Resolved;

/**
 * A registered network architecture (MLP, NCAP, a recurrent torso, ...): its name, its options, and how to build a
 * {@link Model} of it for a given input and output. Register your own with {@link Architectures#register}: a class
 * like this plus one line is all a new architecture needs (README, "Adding an architecture").
 */
public interface Architecture extends Registered {

    /**
     * A model of this architecture with freshly initialised parameters.
     *
     * @param io      what the model reads and writes
     * @param options every option's value ({@link #resolve})
     * @param seed    the parameters' initialisation seed
     * @throws IllegalArgumentException if the architecture cannot serve {@code io} (e.g. NCAP for an environment
     *                                  that is not a swimmer), saying why
     */
    Model create(ModelIO io, Resolved options, long seed);

    /**
     * Defaults that depend on the environment, given its resolved options: NCAP takes its oscillator's time limit
     * from the environment's {@code time_limit}, say. Empty by default.
     */
    default Map<String, Object> defaultsFor(Map<String, Object> environmentOptions) {
        return Map.of();
    }

    /**
     * The agent options this architecture was published with, used as defaults where an agent has such an option
     * (NCAP was trained by PPO with a fixed action std of 0.1). Empty by default.
     */
    default Map<String, Object> agentDefaults() {
        return Map.of();
    }

    /**
     * Typical models of this architecture, which listings describe by their parameter count and cost
     * ({@link ModelCost}): what each reads and writes, and its options (the others at their defaults). Empty by
     * default.
     */
    default List<Example> examples() {
        return List.of();
    }

    /**
     * A typical model of an architecture.
     *
     * @param label   what it is, in a few words ("a whisker sweep, 15 classes")
     * @param io      its input and outputs
     * @param options the options that differ from the defaults
     */
    record Example(String label, ModelIO io, Map<String, Object> options) {
        public Example {
            options = Map.copyOf(options);
        }

        /** The example's model (seed 0). */
        public Model create(Architecture architecture) {
            return architecture.create(io, architecture.resolve(options, Map.of()), 0);
        }
    }

    /**
     * Every option's value: {@code given}, then the environment-dependent defaults, then the options' own defaults.
     *
     * @throws IllegalArgumentException naming an unknown option or a bad value
     */
    default Resolved resolve(Map<String, ?> given, Map<String, Object> environmentOptions) {
        Map<String, Object> merged = new LinkedHashMap<>(defaultsFor(environmentOptions == null ? Map.of() : environmentOptions));
        if (given != null) merged.putAll(given);
        return options().resolve("architecture '" + name() + "'", merged);
    }
}
