package org.neuroprior.agents;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reading of a user's option map (from the command line or a YAML config), where every key must be known:
 * read each option with its default, then {@link #requireNoOthers()} rejects any key nobody asked for.
 */
public final class Options {
    private final String owner;
    private final Map<String, ?> given;
    private final Set<String> known = new TreeSet<>();

    /** @param owner what the options are for, for error messages (e.g. "agent ppo") */
    public Options(String owner, Map<String, ?> given) {
        this.owner = owner;
        this.given = given;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        known.add(key);
        Object v = given.get(key);
        if (v == null) return defaultValue;
        long value;
        if (v instanceof Integer || v instanceof Long) {
            value = ((Number) v).longValue();
        } else if (v instanceof String s && s.strip().matches("-?[0-9_]+")) {
            value = Long.parseLong(s.strip().replace("_", ""));
        } else {
            throw bad(key, v, "an integer in " + min + ".." + max);
        }
        if (value < min || value > max) throw bad(key, v, "an integer in " + min + ".." + max);
        return (int) value;
    }

    public double number(String key, double defaultValue, double min, double max) {
        known.add(key);
        Object v = given.get(key);
        if (v == null) return defaultValue;
        double value;
        if (v instanceof Number n) {
            value = n.doubleValue();
        } else {
            try {
                value = Double.parseDouble(String.valueOf(v).strip());
            } catch (NumberFormatException e) {
                throw bad(key, v, "a number in [" + min + ", " + max + "]");
            }
        }
        if (!(value >= min && value <= max)) throw bad(key, v, "a number in [" + min + ", " + max + "]");
        return value;
    }

    public boolean flag(String key, boolean defaultValue) {
        known.add(key);
        Object v = given.get(key);
        if (v == null) return defaultValue;
        if (v instanceof Boolean b) return b;
        String s = String.valueOf(v).strip();
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        throw bad(key, v, "true or false");
    }

    /** Free text, checked by whoever uses it (e.g. a list of layer sizes that the network validates). */
    public String text(String key, String defaultValue) {
        known.add(key);
        Object v = given.get(key);
        return v == null ? defaultValue : String.valueOf(v).strip();
    }

    public String choice(String key, String defaultValue, Set<String> accepted) {
        known.add(key);
        Object v = given.get(key);
        if (v == null) return defaultValue;
        String s = String.valueOf(v).strip();
        if (!accepted.contains(s)) throw bad(key, v, "one of " + new TreeSet<>(accepted));
        return s;
    }

    /** @throws IllegalArgumentException naming the first unknown key and listing the accepted ones */
    public void requireNoOthers() {
        for (String key : new TreeSet<>(given.keySet())) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for " + owner + "; accepted: " + String.join(", ", known));
            }
        }
    }

    private IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("option '" + key + "' = " + value + " for " + owner + " is not valid; accepted: " + accepted);
    }
}
