package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a loosely typed option map (from code, YAML, a command line or a checkpoint header) with error messages
 * that name the kind, the key, the bad value and what is accepted. Strings are accepted for every type, so that a
 * map read back from text rebuilds the same network.
 */
final class Options {
    private final String kind;
    private final Map<String, Object> map;

    private Options(String kind, Map<String, Object> map) {
        this.kind = kind;
        this.map = map;
    }

    /** Checks that every key is known; a null map means no options. */
    static Options of(String kind, Map<String, Object> map, Collection<String> known) {
        Map<String, Object> m = map == null ? Map.of() : map;
        for (String key : m.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for network kind '" + kind
                        + "'; accepted: " + new TreeSet<>(known));
            }
            if (m.get(key) == null) {
                throw new IllegalArgumentException("option '" + key + "' for network kind '" + kind + "' is null");
            }
        }
        return new Options(kind, m);
    }

    int integer(String key, int fallback) {
        Object v = map.get(key);
        return v == null ? fallback : toInt(key, v);
    }

    boolean bool(String key, boolean fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        if (v instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true")) return true;
            if (t.equals("false")) return false;
        }
        throw bad(key, v, "true or false");
    }

    /** One of {@code accepted} (compared case-insensitively), as lower case. */
    String choice(String key, String fallback, String... accepted) {
        Object v = map.get(key);
        if (v == null) return fallback;
        String s = (v instanceof Enum<?> e) ? e.name() : String.valueOf(v);
        String t = s.trim().toLowerCase(Locale.ROOT);
        for (String a : accepted) if (a.equals(t)) return a;
        throw bad(key, v, "one of " + Arrays.toString(accepted));
    }

    /** A list of positive integers: a List or int[] of integers, or a string such as "256,256" ("" for none). */
    List<Integer> positiveInts(String key, List<Integer> fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        List<Integer> out = new ArrayList<>();
        String accepted = "a list of positive integers (e.g. [64, 64] or \"64,64\")";
        if (v instanceof int[] a) {
            for (int x : a) out.add(x);
        } else if (v instanceof Collection<?> c) {
            for (Object x : c) {
                if (x == null) throw bad(key, v, accepted);
                out.add(toIntOrNull(x));
            }
        } else if (v instanceof String s) {
            String t = s.trim();
            if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1).trim();
            if (!t.isEmpty()) for (String part : t.split(",")) out.add(toIntOrNull(part.trim()));
        } else {
            throw bad(key, v, accepted);
        }
        for (Integer x : out) if (x == null || x < 1) throw bad(key, v, accepted);
        return List.copyOf(out);
    }

    IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("bad value " + describe(value) + " for option '" + key
                + "' of network kind '" + kind + "'; accepted: " + accepted);
    }

    private int toInt(String key, Object v) {
        Integer i = toIntOrNull(v);
        if (i == null) throw bad(key, v, "an integer");
        return i;
    }

    private static Integer toIntOrNull(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).intValue();
        if (v instanceof Long l) return l == (int) (long) l ? (int) (long) l : null;
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE ? (int) d : null;
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String describe(Object v) {
        if (v instanceof String s) return "\"" + s + "\"";
        if (v instanceof int[] a) return Arrays.toString(a);
        return v + " (" + v.getClass().getSimpleName() + ")";
    }

    /** Known keys as an unmodifiable sorted set. */
    static Set<String> keys(String... keys) {
        return Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(keys)));
    }
}
