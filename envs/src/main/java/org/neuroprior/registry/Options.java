package org.neuroprior.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one registered thing (an environment, an architecture, an agent), in the order they are listed and
 * written to config files. {@link #resolve} turns a user's loosely typed map into every option's value.
 */
public final class Options {
    private final List<Option> list;
    private final Map<String, Option> byName = new LinkedHashMap<>();

    private Options(List<Option> list) {
        this.list = List.copyOf(list);
        for (Option o : this.list) {
            if (byName.put(o.name(), o) != null) throw new IllegalArgumentException("option '" + o.name() + "' is declared twice");
        }
    }

    /** Options in this order. */
    public static Options of(Option... options) {
        return new Options(List.of(options));
    }

    /** Options in this order. */
    public static Options of(List<Option> options) {
        return new Options(options);
    }

    /** These options followed by {@code more}. */
    public Options plus(Option... more) {
        List<Option> all = new ArrayList<>(list);
        all.addAll(List.of(more));
        return new Options(all);
    }

    /** These options with the default of {@code name} replaced (its type, range and help unchanged). */
    public Options withDefault(String name, Object value) {
        List<Option> all = new ArrayList<>();
        for (Option o : list) all.add(o.name().equals(name) ? o.withDefault(value) : o);
        if (!byName.containsKey(name)) throw new IllegalArgumentException("no option '" + name + "' to give a default");
        return new Options(all);
    }

    public List<Option> list() {
        return list;
    }

    /** The option called {@code name}, or null. */
    public Option get(String name) {
        return byName.get(name);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /**
     * Every option's value: the given one (parsed and checked) or the default.
     *
     * @param owner what the options belong to, for messages, e.g. "architecture 'mlp'"
     * @param given values by name; null means none
     * @throws IllegalArgumentException for unknown names or bad values: one line each (joined by '\n'), naming it and
     *                                  what is accepted
     */
    public Resolved resolve(String owner, Map<String, ?> given) {
        Problems problems = new Problems();
        Resolved resolved = resolve(owner, given, problems);
        problems.throwIfAny();
        return resolved;
    }

    /**
     * As {@link #resolve(String, Map)}, but every unknown name and bad value is recorded in {@code problems} (one line
     * each) instead of thrown, and a bad value is replaced by its option's default, so that a caller can go on to check
     * what depends on these values and report all problems at once.
     */
    public Resolved resolve(String owner, Map<String, ?> given, Problems problems) {
        Map<String, ?> g = given == null ? Map.of() : given;
        for (String key : g.keySet()) {
            if (!byName.containsKey(key)) {
                problems.add("unknown option '" + key + "' for " + owner + "; accepted: "
                        + (list.isEmpty() ? "none" : String.join(", ", byName.keySet().stream().sorted().toList())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Option o : list) {
            Object raw = g.get(o.name());
            Object value = o.defaultValue();
            if (raw != null) {
                try {
                    value = o.parse(raw);
                } catch (IllegalArgumentException e) {
                    problems.add(owner + ": " + e.getMessage());
                }
            }
            values.put(o.name(), value);
        }
        return new Resolved(owner, Collections.unmodifiableMap(values));
    }
}
