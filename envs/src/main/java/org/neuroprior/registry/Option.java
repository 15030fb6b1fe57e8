package org.neuroprior.registry;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One documented option of a registered environment, architecture or agent: its name, type, default, accepted
 * range and meaning. Every option in the project is read by {@link #parse}, so the same text means the same value
 * everywhere: on the command line ({@code --agent-option segment=4e3}), in a YAML config ({@code segment: 4e3}), in a
 * checkpoint header or from Java code.
 *
 * <p>Parsing rules, by type:
 * <ul>
 *   <li>{@link Type#INT}, {@link Type#LONG}: an integer, given as a Java integer, an integral floating-point number
 *       ({@code 1e6}, {@code 4000.0}) or text ({@code "4096"}, {@code "1_000_000"}, {@code "1e6"}); within
 *       {@code [min, max]}.</li>
 *   <li>{@link Type#NUMBER}: a finite number or its text ({@code "3e-4"}); within {@code [min, max]}.</li>
 *   <li>{@link Type#FLAG}: a boolean or the text {@code true} / {@code false} (any case).</li>
 *   <li>{@link Type#CHOICE}: one of {@link #choices()} (text, any case; stored as the choice's own spelling).</li>
 *   <li>{@link Type#SUBSET}: a non-empty list of distinct choices in the caller's order, given as a list, as text
 *       {@code "a,b,c"} or {@code "[a, b]"}, or {@code "all"} for every choice.</li>
 *   <li>{@link Type#INTS}: a list of integers each within {@code [min, max]}, given as a list or as text
 *       {@code "64,64"} or {@code "[64, 64]"}; {@code "[]"} or {@code ""} is the empty list.</li>
 *   <li>{@link Type#TEXT}: any text (a label); numbers and booleans are taken as their text.</li>
 * </ul>
 * Parsed values are {@link Integer}, {@link Long}, {@link Double}, {@link Boolean}, {@link String},
 * {@code List<String>} or {@code List<Integer>}, unmodifiable.
 *
 * @param name         snake_case key
 * @param type         value type
 * @param defaultValue the default, already of the parsed type
 * @param min          lower bound of numeric values (INT, LONG, NUMBER, elements of INTS)
 * @param max          upper bound of numeric values
 * @param choices      the words a CHOICE or SUBSET option accepts (empty for the other types)
 * @param help         one line saying what the option means (units included)
 */
public record Option(String name, Type type, Object defaultValue, double min, double max, List<String> choices,
                     String help) {

    /** The value types an option can take. */
    public enum Type { INT, LONG, NUMBER, FLAG, CHOICE, SUBSET, INTS, TEXT }

    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        choices = List.copyOf(choices);
        if ((type == Type.CHOICE || type == Type.SUBSET) == choices.isEmpty()) {
            throw new IllegalArgumentException("option '" + name + "': choices are for CHOICE and SUBSET options only, and they need some");
        }
        if (!(min <= max)) throw new IllegalArgumentException("option '" + name + "': min " + min + " > max " + max);
        if (defaultValue == null) throw new IllegalArgumentException("option '" + name + "' has no default");
    }

    /** An int option in [min, max]. */
    public static Option integer(String name, int defaultValue, int min, int max, String help) {
        return checked(new Option(name, Type.INT, defaultValue, min, max, List.of(), help));
    }

    /** A long option in [min, max] (budgets in steps, seeds). */
    public static Option longInteger(String name, long defaultValue, long min, long max, String help) {
        return checked(new Option(name, Type.LONG, defaultValue, min, max, List.of(), help));
    }

    /** A floating-point option in [min, max]. */
    public static Option number(String name, double defaultValue, double min, double max, String help) {
        return checked(new Option(name, Type.NUMBER, defaultValue, min, max, List.of(), help));
    }

    /** A boolean option. */
    public static Option flag(String name, boolean defaultValue, String help) {
        return new Option(name, Type.FLAG, defaultValue, 0, 1, List.of(), help);
    }

    /** One word out of {@code choices}, e.g. a protocol "high" or "low". */
    public static Option choice(String name, String defaultValue, List<String> choices, String help) {
        return checked(new Option(name, Type.CHOICE, defaultValue, 0, 0, choices, help));
    }

    /** A subset of {@code choices} in the caller's order (e.g. object classes); the default is all of them. */
    public static Option subset(String name, List<String> choices, String help) {
        return new Option(name, Type.SUBSET, List.copyOf(choices), 0, 0, choices, help);
    }

    /** A list of integers, each in [min, max] (e.g. hidden layer widths). */
    public static Option integers(String name, List<Integer> defaultValue, int min, int max, String help) {
        return checked(new Option(name, Type.INTS, List.copyOf(defaultValue), min, max, List.of(), help));
    }

    /** Free text, e.g. a legend label. */
    public static Option text(String name, String defaultValue, String help) {
        return new Option(name, Type.TEXT, defaultValue, 0, 0, List.of(), help);
    }

    private static Option checked(Option option) {
        option.parse(option.defaultValue); // a default outside its own range is a programming error
        return option;
    }

    /** The same option with another default (an architecture's own default for a shared option, say). */
    public Option withDefault(Object value) {
        return checked(new Option(name, type, parse(value), min, max, choices, help));
    }

    /** What the option accepts, in words, for error messages and listings. */
    public String accepted() {
        return switch (type) {
            case INT, LONG -> "an integer in " + text(min) + ".." + text(max);
            case NUMBER -> "a number in [" + text(min) + ", " + text(max) + "]";
            case FLAG -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case SUBSET -> "all, or a comma-separated list of distinct names from " + String.join(", ", choices);
            case INTS -> "a list of integers in " + text(min) + ".." + text(max) + " (e.g. 64,64 or [64, 64]; [] for none)";
            case TEXT -> "any text";
        };
    }

    /** The value as a user would type it: {@code 64,64}, {@code all}, {@code 0.0003}. */
    public String format(Object value) {
        if (type == Type.SUBSET && choices.equals(value)) return "all";
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) parts.add(String.valueOf(o));
            return type == Type.INTS ? "[" + String.join(", ", parts) + "]" : String.join(",", parts);
        }
        if (value instanceof Double d) return text(d);
        return String.valueOf(value);
    }

    private static String text(double v) {
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e16) return Long.toString((long) v);
        return BigDecimal.valueOf(v).stripTrailingZeros().toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The option's value from {@code raw}: converted to the option's type and checked against its range.
     *
     * @throws IllegalArgumentException naming the option, the bad value and what is accepted
     */
    public Object parse(Object raw) {
        try {
            return switch (type) {
                case INT -> (int) inRange(toLong(raw));
                case LONG -> inRange(toLong(raw));
                case NUMBER -> inRange(toDouble(raw));
                case FLAG -> toBoolean(raw);
                case CHOICE -> toChoice(raw);
                case SUBSET -> toSubset(raw);
                case INTS -> toInts(raw);
                case TEXT -> toText(raw);
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            String detail = e instanceof BadWord ? " (" + e.getMessage() + ")" : "";
            throw new IllegalArgumentException("option '" + name + "' = " + show(raw) + " is not valid" + detail + "; accepted: "
                    + accepted(), e);
        }
    }

    private static String show(Object raw) {
        return String.valueOf(raw);
    }

    private long inRange(long v) {
        if (v < min || v > max) throw new IllegalArgumentException();
        return v;
    }

    private double inRange(double v) {
        if (!(v >= min && v <= max)) throw new IllegalArgumentException();
        return v;
    }

    private String toChoice(Object raw) {
        if (raw instanceof String s) {
            for (String c : choices) if (c.equalsIgnoreCase(s.strip())) return c;
        }
        throw new IllegalArgumentException();
    }

    private List<String> toSubset(Object raw) {
        List<String> words = new ArrayList<>();
        if (raw instanceof String s) {
            String t = unbracket(s);
            if (t.equalsIgnoreCase("all")) return choices;
            for (String w : t.split(",", -1)) words.add(w.strip());
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
            String canonical = choices.stream().filter(c -> c.equalsIgnoreCase(w)).findFirst().orElse(null);
            if (canonical == null) throw new BadWord(w.isEmpty() ? "an empty name" : "'" + w + "' is not known");
            if (!seen.add(canonical)) throw new BadWord("'" + w + "' is listed twice");
        }
        return List.copyOf(seen);
    }

    private List<Integer> toInts(Object raw) {
        List<Object> items = new ArrayList<>();
        if (raw instanceof String s) {
            String t = unbracket(s);
            if (!t.isEmpty()) for (String w : t.split(",", -1)) items.add(w.strip());
        } else if (raw instanceof Collection<?> c) {
            items.addAll(c);
        } else if (raw instanceof int[] a) {
            for (int x : a) items.add(x);
        } else {
            throw new IllegalArgumentException();
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : items) {
            long v = toLong(o);
            if (v < min || v > max) throw new BadWord(v + " is out of range");
            out.add((int) v);
        }
        return List.copyOf(out);
    }

    private static String toText(Object raw) {
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) return String.valueOf(raw);
        throw new IllegalArgumentException();
    }

    private static String unbracket(String s) {
        String t = s.strip();
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1).strip();
        return t;
    }

    /** Integers from Java integers, integral doubles (YAML reads 1e6 as a double) or text. */
    static long toLong(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Double || raw instanceof Float || raw instanceof BigDecimal) {
            return integral(((Number) raw).doubleValue());
        }
        if (raw instanceof String s) {
            String t = s.strip().replace("_", "");
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                return integral(Double.parseDouble(t)); // "1e6"; a NumberFormatException is an IllegalArgumentException
            }
        }
        throw new IllegalArgumentException();
    }

    private static long integral(double d) {
        if (d != Math.rint(d) || Math.abs(d) > 9.0e15) throw new IllegalArgumentException();
        return (long) d;
    }

    private static double toDouble(Object raw) {
        double v;
        if (raw instanceof Number n) {
            v = n.doubleValue();
        } else if (raw instanceof String s) {
            String t = s.strip().replace("_", "").toLowerCase(Locale.ROOT);
            v = switch (t) {
                case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
                case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(t);
            };
        } else {
            throw new IllegalArgumentException();
        }
        if (Double.isNaN(v)) throw new IllegalArgumentException();
        return v;
    }

    private static boolean toBoolean(Object raw) {
        if (raw instanceof Boolean b) return b;
        if (raw instanceof String s) {
            if (s.strip().equalsIgnoreCase("true")) return true;
            if (s.strip().equalsIgnoreCase("false")) return false;
        }
        throw new IllegalArgumentException();
    }

    /** Says which word of a list value is wrong. */
    private static final class BadWord extends IllegalArgumentException {
        BadWord(String message) {
            super(message);
        }
    }
}
