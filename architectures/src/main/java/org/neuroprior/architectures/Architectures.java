package org.neuroprior.architectures;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.registry.Option;
import org.neuroprior.registry.Registry;

/**
 * The registry of architectures, by name: what {@code --arch} and a config's {@code arch} accept and what
 * {@code neuroprior arch list} prints.
 *
 * <table>
 * <caption>Registered architectures</caption>
 * <tr><th>name</th><th>what</th></tr>
 * <tr><td>mlp</td><td>{@link Mlp}: fully connected layers, tonic's torso</td></tr>
 * <tr><td>ncap</td><td>{@link Ncap}: the C. elegans swimming circuit (Bhattasali et al. 2022)</td></tr>
 * <tr><td>gru</td><td>a gated recurrent torso for partially observed tasks</td></tr>
 * <tr><td>conv</td><td>{@link Conv}: a small convolutional image encoder and a small head on its latent</td></tr>
 * <tr><td>convrnn</td><td>{@link org.neuroprior.architectures.tactile.ConvRnn}: the ConvRNN Encoder-Attender-Decoder
 * for touch (Chung et al. 2025)</td></tr>
 * <tr><td>resnet</td><td>{@link org.neuroprior.architectures.tactile.ResNet}: its feedforward baseline</td></tr>
 * <tr><td>s4</td><td>{@link org.neuroprior.architectures.tactile.StateSpace}: its state-space baseline</td></tr>
 * </table>
 */
public final class Architectures {
    private static final Registry<Architecture> REGISTRY = new Registry<>("architecture");

    static {
        for (Architecture a : List.<Architecture>of(new Mlp(), new Ncap(), new Gru(), new Conv(),
                new org.neuroprior.architectures.tactile.ConvRnn(), new org.neuroprior.architectures.tactile.ResNet(),
                new org.neuroprior.architectures.tactile.StateSpace())) REGISTRY.register(a);
    }

    private Architectures() {
    }

    /**
     * Registers an architecture so that configs and the command line can name it.
     *
     * @throws IllegalArgumentException if the name is taken or not valid
     */
    public static void register(Architecture architecture) {
        REGISTRY.register(architecture);
    }

    public static Registry<Architecture> registry() {
        return REGISTRY;
    }

    /**
     * The architecture called {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown name and the registered ones
     */
    public static Architecture get(String name) {
        return REGISTRY.get(name);
    }

    /**
     * A model named by a spec: a registered architecture and the options the spec sets.
     *
     * @param text         the spec as written
     * @param architecture the architecture it names
     * @param options      the options its words set (the others stay at their defaults)
     */
    public record Spec(String text, Architecture architecture, Map<String, Object> options) {
        public Spec {
            options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }
    }

    /**
     * Reads a model spec, {@code NAME[:WORD[+WORD]...]}: a registered architecture, then words that set its options.
     * A word is either a value of one of its choice options (any case), which sets that option
     * ({@code convrnn:timedecay+gpt+linear} sets {@code cell}, {@code attender} and {@code decoder}), or
     * {@code option=value} for any option ({@code convrnn:lstm+widths=16,32}), parsed later by the option's rules.
     * A bare name is a spec without words.
     *
     * @throws IllegalArgumentException in one line naming the bad part: an unknown architecture, an empty word, a
     *                                  word that no option (or more than one) accepts, or two words for one option
     */
    public static Spec spec(String text) {
        String trimmed = text == null ? "" : text.strip();
        int colon = trimmed.indexOf(':');
        Architecture a = get(colon < 0 ? trimmed : trimmed.substring(0, colon));
        Map<String, Object> options = new LinkedHashMap<>();
        if (colon < 0) return new Spec(trimmed, a, options);
        for (String word : trimmed.substring(colon + 1).split("\\+", -1)) {
            String w = word.strip();
            String option;
            Object value;
            int eq = w.indexOf('=');
            if (eq > 0) {
                option = w.substring(0, eq).strip();
                value = w.substring(eq + 1).strip();
                if (a.options().get(option) == null) {
                    throw new IllegalArgumentException("model spec '" + text + "': architecture '" + a.name() + "' has no option '" + option
                            + "'; accepted: " + String.join(", ", a.options().list().stream().map(Option::name).toList()));
                }
            } else {
                List<Option> takers = a.options().list().stream().filter(o -> o.type() == Option.Type.CHOICE)
                        .filter(o -> o.choices().stream().anyMatch(c -> c.equalsIgnoreCase(w))).toList();
                if (w.isEmpty() || takers.size() != 1) {
                    throw new IllegalArgumentException("model spec '" + text + "': '" + w + "' is " + (takers.isEmpty() ? "not a value of any option" : "a value of "
                            + takers.size() + " options") + " of '" + a.name() + "'; accepted: NAME[:WORD[+WORD]...] with words among " + words(a));
                }
                option = takers.get(0).name();
                value = w;
            }
            if (options.put(option, value) != null) {
                throw new IllegalArgumentException("model spec '" + text + "' sets option '" + option + "' twice");
            }
        }
        return new Spec(trimmed, a, options);
    }

    /** The words a spec of {@code a} accepts, option by option: "cell (timedecay, ugrnn), attender (none, gpt)". */
    private static String words(Architecture a) {
        List<String> out = new java.util.ArrayList<>();
        for (Option o : a.options().list()) {
            if (o.type() == Option.Type.CHOICE) out.add(o.name() + " (" + String.join(", ", o.choices()) + ")");
        }
        out.add("option=value");
        return String.join(", ", out);
    }

    /**
     * A model of architecture {@code name} with options {@code given} (the others at their defaults, no environment
     * context).
     */
    public static Model create(String name, ModelIO io, Map<String, ?> given, long seed) {
        Architecture a = get(name);
        return a.create(io, a.resolve(given, Map.of()), seed);
    }
}
