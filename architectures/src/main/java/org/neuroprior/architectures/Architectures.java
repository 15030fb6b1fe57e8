package org.neuroprior.architectures;

import java.util.List;
import java.util.Map;

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
 * </table>
 */
public final class Architectures {
    private static final Registry<Architecture> REGISTRY = new Registry<>("architecture");

    static {
        for (Architecture a : List.<Architecture>of(new Mlp(), new Ncap(), new Gru())) REGISTRY.register(a);
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
     * A model of architecture {@code name} with options {@code given} (the others at their defaults, no environment
     * context).
     */
    public static Model create(String name, ModelIO io, Map<String, ?> given, long seed) {
        Architecture a = get(name);
        return a.create(io, a.resolve(given, Map.of()), seed);
    }
}
