package org.neuroprior.registry;

import java.util.List;
import java.util.Map;

/**
 * Every option of one registered thing with its value ({@link Options#resolve}): the given ones parsed and checked,
 * the others at their defaults. {@link #values()} is what a config file records.
 *
 * @param owner  what the options belong to, e.g. "agent 'ppo'" (for messages)
 * @param values every option's value, in declaration order (unmodifiable)
 */
public record Resolved(String owner, Map<String, Object> values) {

    public int integer(String name) {
        return (Integer) get(name);
    }

    public long longInteger(String name) {
        return (Long) get(name);
    }

    public double number(String name) {
        return (Double) get(name);
    }

    public boolean flag(String name) {
        return (Boolean) get(name);
    }

    /** A CHOICE option's value. */
    public String choice(String name) {
        return (String) get(name);
    }

    /** A SUBSET option's value. */
    @SuppressWarnings("unchecked")
    public List<String> subset(String name) {
        return (List<String>) get(name);
    }

    /** An INTS option's value. */
    @SuppressWarnings("unchecked")
    public List<Integer> integers(String name) {
        return (List<Integer>) get(name);
    }

    /**
     * The value of {@code name}.
     *
     * @throws IllegalArgumentException if there is no such option (a programming error)
     */
    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) throw new IllegalArgumentException(owner + " has no option '" + name + "'; it has " + values.keySet());
        return v;
    }
}
