package org.neuroprior.architectures;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Configuration of an {@link Mlp}.
 *
 * <p>Options (kind {@code "mlp"}):
 * <ul>
 *   <li>{@code hidden}: hidden layer sizes, e.g. {@code [64, 64]} or {@code "256,256"}; empty for a linear map.
 *       Default {@code [64, 64]}.</li>
 *   <li>{@code activation}: hidden activation, {@code tanh} (default) or {@code relu}.</li>
 *   <li>{@code output}: output activation, {@code identity} (default) or {@code tanh}.</li>
 * </ul>
 *
 * @param hidden     hidden layer sizes, each at least 1
 * @param activation {@link Activation#TANH} or {@link Activation#RELU}
 * @param output     {@link Activation#IDENTITY} or {@link Activation#TANH}
 */
public record MlpOptions(List<Integer> hidden, Activation activation, Activation output) {

    static final Set<String> KEYS = Options.keys("hidden", "activation", "output");

    public MlpOptions {
        hidden = List.copyOf(hidden);
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden sizes must be >= 1, got " + hidden);
        if (activation != Activation.TANH && activation != Activation.RELU) {
            throw new IllegalArgumentException("hidden activation must be tanh or relu, got " + activation);
        }
        if (output != Activation.IDENTITY && output != Activation.TANH) {
            throw new IllegalArgumentException("output activation must be identity or tanh, got " + output);
        }
    }

    /** (64, 64) tanh with a linear output: tonic's PPO actor torso and critic. */
    public static MlpOptions defaults() {
        return new MlpOptions(List.of(64, 64), Activation.TANH, Activation.IDENTITY);
    }

    /** Parses the documented option map (null or empty: defaults). */
    public static MlpOptions from(Map<String, Object> map) {
        Options o = Options.of("mlp", map, KEYS);
        List<Integer> hidden = o.positiveInts("hidden", List.of(64, 64));
        Activation act = Activation.valueOf(o.choice("activation", "tanh", "tanh", "relu").toUpperCase());
        Activation out = Activation.valueOf(o.choice("output", "identity", "identity", "tanh").toUpperCase());
        return new MlpOptions(hidden, act, out);
    }

    /** The canonical option map, accepted back by {@link #from}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new TreeMap<>();
        m.put("hidden", hidden);
        m.put("activation", activation.id());
        m.put("output", output.id());
        return java.util.Collections.unmodifiableMap(m);
    }
}
