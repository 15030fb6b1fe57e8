package org.neuroprior.envs;

import java.util.Map;
import java.util.function.Function;

import org.neuroprior.registry.Options;
import org.neuroprior.registry.Registered;
import org.neuroprior.registry.Resolved;

/**
 * A registered environment: its id, what it is, its options, and how to build it from resolved option values
 * (Gymnasium's {@code EnvSpec}). Register your own with {@link Envs#register}.
 *
 * @param id          the name users type, e.g. {@code swimmer-swim}
 * @param description one line saying what it is
 * @param options     its options with defaults, ranges and help
 * @param factory     builds the environment from every option's value
 * @param needsMemory true if one observation does not show what the agent must know (a partially observed task):
 *                    a stateless policy needs a recurrent model or stacked frames; trainers warn otherwise
 */
public record EnvSpec(String id, String description, Options options, Function<Resolved, Env<?>> factory, boolean needsMemory)
        implements Registered {

    /** A fully observed environment. */
    public EnvSpec(String id, String description, Options options, Function<Resolved, Env<?>> factory) {
        this(id, description, options, factory, false);
    }

    @Override
    public String name() {
        return id;
    }

    /**
     * Every option's value: the given one (checked) or the default.
     *
     * @throws IllegalArgumentException for an unknown option name or a bad value
     */
    public Resolved resolve(Map<String, ?> given) {
        return options.resolve("environment '" + id + "'", given);
    }

    /**
     * As {@link #resolve(Map)}, recording every unknown or bad option in {@code problems} (one line each) instead of
     * throwing, with a bad value replaced by its default: for checks that go on to what depends on these values.
     */
    public Resolved resolve(Map<String, ?> given, org.neuroprior.registry.Problems problems) {
        return options.resolve("environment '" + id + "'", given, problems);
    }

    /** Builds the environment with {@code given} options (others at their defaults). */
    public Env<?> make(Map<String, ?> given) {
        return factory.apply(resolve(given));
    }
}
