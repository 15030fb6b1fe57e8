package org.neuroprior.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Things of one kind by name, as Gymnasium's registry holds environments. NeuroPrior registers its own environments,
 * architectures and agents in one each ({@code Envs}, {@code Architectures}, {@code Agents}); another project adds
 * its own with {@link #register} before it builds configs that name them.
 *
 * @param <S> what is registered
 */
public final class Registry<S extends Registered> {
    private final String kind;
    private final Map<String, S> byName = new ConcurrentHashMap<>();

    /** @param kind what the registry holds, in words, for messages: "environment", "architecture", "agent" */
    public Registry(String kind) {
        this.kind = kind;
    }

    /**
     * Adds {@code spec} under its name.
     *
     * @throws IllegalArgumentException if the name is taken or not of the form lower-case words joined by - or _
     */
    public void register(S spec) {
        String name = spec.name();
        if (name == null || !name.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw new IllegalArgumentException(kind + " name '" + name + "' is not valid; accepted: lower-case letters, digits, '-', '_', '.'");
        }
        if (byName.putIfAbsent(name, spec) != null) {
            throw new IllegalArgumentException(kind + " '" + name + "' is already registered");
        }
    }

    /**
     * The one called {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown name and listing the accepted ones
     */
    public S get(String name) {
        S spec = name == null ? null : byName.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; accepted: " + String.join(", ", names()));
        }
        return spec;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** Every registered one, by name. */
    public List<S> all() {
        return byName.values().stream().sorted(Comparator.comparing(Registered::name)).toList();
    }

    public List<String> names() {
        return all().stream().map(Registered::name).toList();
    }

    /** "environment", "architecture" or "agent". */
    public String kind() {
        return kind;
    }
}
