package org.neuroprior.envs.whisker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A distribution over sweep parameters. The two protocols of the paper (whisker.md):
 * <ul>
 *   <li>{@code high}: speed 30-60 mm/s, size 20-60 mm, rotation 0-89 degrees (uniform), height {-3, 0, 3} mm,
 *       direction {0, 90, 180, 270} degrees, distance 5 mm;</li>
 *   <li>{@code low}: speed 30, size 40, rotation {0, 30, 90, 120}, height {-5, 0}, distance {5, 8}; the paper lists no
 *       direction for it, so it sweeps in one direction (0, rostral).</li>
 * </ul>
 * Any parameter can be overridden with a spec: a value ({@code "40"}), a uniform range ({@code "30:60"}) or a set
 * ({@code "0,90"}); values outside {@link Parameter}'s accepted range are refused with a message naming them.
 */
public record SweepProtocol(String name, Map<Parameter, Choice> choices) {

    /** A sweep parameter, its unit and the range the simulator accepts. */
    public enum Parameter {
        SPEED("speed", "mm/s", 1, 500),
        SIZE("size", "mm", 2, 200),
        ROTATION("rotation", "degrees", -360, 360),
        HEIGHT("height", "mm", -50, 50),
        DISTANCE("distance", "mm", 0.5, 50),
        DIRECTION("direction", "degrees", 0, 360);

        public final String key;
        public final String unit;
        public final double min;
        public final double max;

        Parameter(String key, String unit, double min, double max) {
            this.key = key;
            this.unit = unit;
            this.min = min;
            this.max = max;
        }

        void check(double value) {
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "sweep %s = %s %s is out of range; accepted: %s..%s %s",
                        key, value, unit, fmt(min), fmt(max), unit));
            }
        }

        public static Parameter byKey(String key) {
            for (var p : values()) if (p.key.equals(key)) return p;
            throw new IllegalArgumentException("unknown sweep parameter '" + key + "'; accepted: "
                    + Arrays.stream(values()).map(p -> p.key).toList());
        }
    }

    /** How one parameter is drawn. */
    public sealed interface Choice {
        double draw(RandomGenerator rng);
    }

    /** Uniform on [low, high]. */
    public record Uniform(double low, double high) implements Choice {
        public double draw(RandomGenerator rng) {
            return low == high ? low : low + (high - low) * rng.nextDouble();
        }

        @Override
        public String toString() {
            return fmt(low) + ":" + fmt(high);
        }
    }

    /** One of a set, equally likely. */
    public record OneOf(List<Double> values) implements Choice {
        public OneOf {
            values = List.copyOf(values);
        }

        public double draw(RandomGenerator rng) {
            return values.size() == 1 ? values.get(0) : values.get(rng.nextInt(values.size()));
        }

        @Override
        public String toString() {
            return String.join(",", values.stream().map(SweepProtocol::fmt).toList());
        }
    }

    public SweepProtocol {
        var copy = new EnumMap<Parameter, Choice>(Parameter.class);
        copy.putAll(choices);
        for (var p : Parameter.values()) {
            if (!copy.containsKey(p)) throw new IllegalArgumentException("protocol " + name + " does not say how to draw " + p.key);
        }
        choices = Map.copyOf(copy);
    }

    public static SweepProtocol high() {
        var c = new EnumMap<Parameter, Choice>(Parameter.class);
        c.put(Parameter.SPEED, new Uniform(30, 60));
        c.put(Parameter.SIZE, new Uniform(20, 60));
        c.put(Parameter.ROTATION, new Uniform(0, 89));
        c.put(Parameter.HEIGHT, new OneOf(List.of(-3.0, 0.0, 3.0)));
        c.put(Parameter.DISTANCE, new OneOf(List.of(5.0)));
        c.put(Parameter.DIRECTION, new OneOf(List.of(0.0, 90.0, 180.0, 270.0)));
        return new SweepProtocol("high", c);
    }

    public static SweepProtocol low() {
        var c = new EnumMap<Parameter, Choice>(Parameter.class);
        c.put(Parameter.SPEED, new OneOf(List.of(30.0)));
        c.put(Parameter.SIZE, new OneOf(List.of(40.0)));
        c.put(Parameter.ROTATION, new OneOf(List.of(0.0, 30.0, 90.0, 120.0)));
        c.put(Parameter.HEIGHT, new OneOf(List.of(-5.0, 0.0)));
        c.put(Parameter.DISTANCE, new OneOf(List.of(5.0, 8.0)));
        c.put(Parameter.DIRECTION, new OneOf(List.of(0.0)));
        return new SweepProtocol("low", c);
    }

    /** "high" or "low". */
    public static SweepProtocol named(String name) {
        return switch (name) {
            case "high" -> high();
            case "low" -> low();
            default -> throw new IllegalArgumentException("unknown sweep protocol '" + name + "'; accepted: high, low");
        };
    }

    /** This protocol with one parameter drawn from {@code spec} instead: "40", "30:60" or "0,90". */
    public SweepProtocol with(String key, String spec) {
        var p = Parameter.byKey(key);
        Choice choice;
        try {
            if (spec.contains(":")) {
                String[] ends = spec.split(":", -1);
                if (ends.length != 2) throw new NumberFormatException(spec);
                double low = Double.parseDouble(ends[0].trim()), high = Double.parseDouble(ends[1].trim());
                if (low > high) throw new IllegalArgumentException("sweep " + key + " range '" + spec + "' is empty (low > high)");
                p.check(low);
                p.check(high);
                choice = new Uniform(low, high);
            } else {
                var values = new ArrayList<Double>();
                for (String v : spec.split(",")) {
                    double value = Double.parseDouble(v.trim());
                    p.check(value);
                    values.add(value);
                }
                choice = new OneOf(values);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sweep " + key + " = '" + spec + "' is not a number, a range low:high or a list a,b,c");
        }
        var c = new EnumMap<Parameter, Choice>(choices);
        c.put(p, choice);
        return new SweepProtocol(name + "+" + key + "=" + spec, c);
    }

    public SweepParameters draw(RandomGenerator rng) {
        return new SweepParameters(choices.get(Parameter.SPEED).draw(rng), choices.get(Parameter.SIZE).draw(rng),
                choices.get(Parameter.ROTATION).draw(rng), choices.get(Parameter.HEIGHT).draw(rng),
                choices.get(Parameter.DISTANCE).draw(rng), choices.get(Parameter.DIRECTION).draw(rng));
    }

    /** The protocol in words, e.g. for a dataset's metadata. */
    public Map<String, String> describe() {
        var map = new java.util.LinkedHashMap<String, String>();
        for (var p : Parameter.values()) map.put(p.key + "_" + p.unit.replace('/', '_'), choices.get(p).toString());
        return map;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
