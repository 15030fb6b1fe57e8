package org.neuroprior.envs;

import java.util.Locale;

/**
 * One documented option of a registered environment: its name, type, default, accepted range and meaning.
 * Values may be given typed (an Integer) or as text (from the command line or a config file).
 */
public record EnvOption(String name, Type type, Object defaultValue, double min, double max, String description) {

    /** The value types an option can take. */
    public enum Type { INT, DOUBLE, BOOLEAN }

    public static EnvOption integer(String name, int defaultValue, int min, int max, String description) {
        return new EnvOption(name, Type.INT, defaultValue, min, max, description);
    }

    public static EnvOption decimal(String name, double defaultValue, double min, double max, String description) {
        return new EnvOption(name, Type.DOUBLE, defaultValue, min, max, description);
    }

    public static EnvOption flag(String name, boolean defaultValue, String description) {
        return new EnvOption(name, Type.BOOLEAN, defaultValue, 0, 1, description);
    }

    /** What the option accepts, in words, for error messages and {@code env list}. */
    public String accepted() {
        return switch (type) {
            case INT -> "an integer in " + (long) min + ".." + (long) max;
            case DOUBLE -> String.format(Locale.ROOT, "a number in [%s, %s]", trim(min), trim(max));
            case BOOLEAN -> "true or false";
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
            };
            if (type != Type.BOOLEAN) {
                double v = ((Number) value).doubleValue();
                if (!(v >= min && v <= max)) throw new IllegalArgumentException();
            }
            return value;
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("option '" + name + "' = " + raw + " is not valid; accepted: " + accepted(), e);
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
