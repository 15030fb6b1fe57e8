package org.neuroprior.envs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * One documented option of a registered environment: its name, type, default, accepted range and meaning.
 * Values may be given typed (an Integer) or as text (from the command line or a config file).
 *
 * <p>{@code min} and {@code max} bound numeric options; {@code choices} lists the words a {@link Type#CHOICE} or
 * {@link Type#LIST} option accepts (empty for the other types).
 */
public record EnvOption(String name, Type type, Object defaultValue, double min, double max, List<String> choices,
                        String description) {

    /**
     * The value types an option can take. A CHOICE value is one of the choices (a String); a LIST value is a
     * non-empty List of distinct choices in the order given, written as text "a,b,c" or "all".
     */
    public enum Type { INT, DOUBLE, BOOLEAN, CHOICE, LIST }

    public EnvOption {
        choices = List.copyOf(choices);
        if ((type == Type.CHOICE || type == Type.LIST) == choices.isEmpty()) {
            throw new IllegalArgumentException("option '" + name + "': choices are for CHOICE and LIST options only, and they need some");
        }
    }

    public static EnvOption integer(String name, int defaultValue, int min, int max, String description) {
        return new EnvOption(name, Type.INT, defaultValue, min, max, List.of(), description);
    }

    public static EnvOption decimal(String name, double defaultValue, double min, double max, String description) {
        return new EnvOption(name, Type.DOUBLE, defaultValue, min, max, List.of(), description);
    }

    public static EnvOption flag(String name, boolean defaultValue, String description) {
        return new EnvOption(name, Type.BOOLEAN, defaultValue, 0, 1, List.of(), description);
    }

    /** One word out of {@code choices}, e.g. a protocol "high" or "low". */
    public static EnvOption choice(String name, String defaultValue, List<String> choices, String description) {
        if (!choices.contains(defaultValue)) throw new IllegalArgumentException("default '" + defaultValue + "' is not among " + choices);
        return new EnvOption(name, Type.CHOICE, defaultValue, 0, 0, choices, description);
    }

    /** A subset of {@code choices} in the caller's order (e.g. object classes); the default is all of them. */
    public static EnvOption list(String name, List<String> choices, String description) {
        return new EnvOption(name, Type.LIST, List.copyOf(choices), 0, 0, choices, description);
    }

    /** What the option accepts, in words, for error messages and {@code env list}. */
    public String accepted() {
        return switch (type) {
            case INT -> "an integer in " + (long) min + ".." + (long) max;
            case DOUBLE -> String.format(Locale.ROOT, "a number in [%s, %s]", trim(min), trim(max));
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case LIST -> "all, or a comma-separated list of distinct names from " + String.join(", ", choices);
        };
    }

    private static String trim(double v) {
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * The option's value from {@code raw}: converted to the option's type and checked against its range.
     *
     * @throws IllegalArgumentException naming the option, the bad value and what is accepted
     */
    public Object parse(Object raw) {
        try {
            Object value = switch (type) {
                case INT -> toInt(raw);
                case DOUBLE -> toDouble(raw);
                case BOOLEAN -> toBoolean(raw);
                case CHOICE -> toChoice(raw);
                case LIST -> toList(raw);
            };
            if (type == Type.INT || type == Type.DOUBLE) {
                double v = ((Number) value).doubleValue();
                if (!(v >= min && v <= max)) throw new IllegalArgumentException();
            }
            return value;
        } catch (IllegalArgumentException | ClassCastException e) {
            String detail = e instanceof BadWord ? " (" + e.getMessage() + ")" : "";
            throw new IllegalArgumentException("option '" + name + "' = " + raw + " is not valid" + detail + "; accepted: " + accepted(), e);
        }
    }

    private String toChoice(Object raw) {
        if (raw instanceof String s && choices.contains(s.strip())) return s.strip();
        throw new IllegalArgumentException();
    }

    private List<String> toList(Object raw) {
        List<String> words = new ArrayList<>();
        if (raw instanceof String s) {
            if (s.strip().equals("all")) return choices;
            for (String w : s.split(",", -1)) words.add(w.strip());
        } else if (raw instanceof Collection<?> c) {
            for (Object o : c) {
                if (!(o instanceof String w)) throw new IllegalArgumentException();
                words.add(w.strip());
            }
        } else {
            throw new IllegalArgumentException();
        }
        var seen = new LinkedHashSet<String>();
        for (String w : words) {
            if (!choices.contains(w)) throw new BadWord(w.isEmpty() ? "an empty name" : "'" + w + "' is not known");
            if (!seen.add(w)) throw new BadWord("'" + w + "' is listed twice");
        }
        return List.copyOf(words);
    }

    /** Says which word of a LIST value is wrong. */
    private static final class BadWord extends IllegalArgumentException {
        BadWord(String message) {
            super(message);
        }
    }

    private static int toInt(Object raw) {
        if (raw instanceof Integer i) return i;
        if (raw instanceof Long l && l == l.intValue()) return l.intValue();
        if (raw instanceof String s) return Integer.parseInt(s.strip());
        throw new IllegalArgumentException();
    }

    private static double toDouble(Object raw) {
        if (raw instanceof Number n) return n.doubleValue();
        if (raw instanceof String s) return Double.parseDouble(s.strip());
        throw new IllegalArgumentException();
    }

    private static boolean toBoolean(Object raw) {
        if (raw instanceof Boolean b) return b;
        if (raw instanceof String s) {
            if (s.strip().equalsIgnoreCase("true")) return true;
            if (s.strip().equalsIgnoreCase("false")) return false;
        }
        throw new IllegalArgumentException();
    }
}
