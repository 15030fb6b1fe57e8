package org.neuroprior.architectures;

import java.util.List;
import java.util.Map;

import org.neuroprior.architectures.parts.NcapBNeurons;
import org.neuroprior.architectures.parts.NcapCircuit;
import org.neuroprior.architectures.parts.NcapMuscles;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/**
 * NCAP, the C. elegans swimmer circuit as a policy (Bhattasali, Zador and Engel 2022, "Neural circuit architectural
 * priors for embodied control", NeurIPS): per joint a dorsal and a ventral B-neuron driven by proprioception from the
 * previous joint (and, at the head, by an oscillator), and two antagonistic muscles; a handful of signed weights,
 * so that the circuit already swims at its constant initialisation.
 *
 * <p><b>Parts</b>: {@code bneurons} ({@link NcapBNeurons}: observation -> {@code [b_d (J), b_v (J)]}, the latent)
 * and {@code muscles} ({@link NcapMuscles}: -> J torques {@code m_d - m_v} in [-1, 1]). With {@code graded(x) =
 * clamp(x, 0, 1)}, {@code q} the joint angle over {@code 2 pi / (J + 1)} clamped to [-1, 1], {@code q_d = clamp(q, 0, 1)},
 * {@code q_v = -clamp(q, -1, 0)} and {@code osc_d = 1} in the first half of each oscillator period, 0 in the second:
 * <pre>
 *   b_d[i] = graded(q_d[i-1] exc(w_prop) [i > 0] + osc_d exc(w_osc) [i = 0] + brake inh(w_speed) + right exc(w_turn) [i &lt; turn_joints])
 *   b_v[i] = graded(q_v[i-1] exc(w_prop) [i > 0] + osc_v exc(w_osc) [i = 0] + brake inh(w_speed) + left exc(w_turn) [i &lt; turn_joints])
 *   torque[i] = graded(b_d exc(w_ipsi) + b_v inh(w_contra)) - graded(b_v exc(w_ipsi) + b_d inh(w_contra))
 * </pre>
 * (the navigation terms only with {@code navigation}; without sharing every joint and side has its own weights).
 *
 * <p><b>What it reads</b>: a swimmer observation whose first J entries are the joint angles (radians, head first),
 * with navigation followed by {@code to_target} (x, y) (the navigate task's layout), and whose LAST entry is the time
 * feature {@code -1 + 2 t / time_limit} (the environment's {@code time_feature} option); other entries are ignored.
 * The oscillator recovers the control step {@code t} from it, so {@code time_limit} must be the environment's (the
 * default through {@link #defaultsFor}). Raw observations, no normaliser. J is the number of outputs, so the options
 * do not depend on the body: a circuit trained on one length runs on another by rebuilding the model with the same
 * options (with sharing the parameters are the same 4).
 *
 * <p><b>Options</b>: {@code time_limit} (the environment's, else 1000), {@code period} (60 control steps = 1.8 s),
 * {@code sign_constraints} (true), {@code init} (constant | random), {@code sharing} (true), {@code navigation}
 * (false), {@code turn_joints} (1): the paper's ablation switches are {@code sharing}, {@code sign_constraints} and
 * {@code init}; see {@link NcapCircuit}.
 *
 * <p><b>Flat parameter order</b>: the B-neurons' blocks ({@link NcapBNeurons}), then the muscles' ({@link NcapMuscles}),
 * named {@code bneurons/w_prop, bneurons/w_osc, muscles/w_ipsi, muscles/w_contra} in the default circuit.
 */
public final class Ncap implements Architecture {
    public static final String NAME = "ncap";
    /** Name of the part whose output (the B-neuron activity) is the latent. */
    public static final String BNEURONS = "bneurons";
    /** Name of the head part. */
    public static final String MUSCLES = "muscles";

    private static final Options OPTIONS = Options.of(
            Option.integer("time_limit", 1000, 1, 1_000_000,
                    "control steps at which the time feature reaches +1: the environment's time_limit (default: taken from it)"),
            Option.integer("period", 60, 2, 1_000_000, "head oscillator period in control steps (60 = 1.8 s at 30 ms a step)"),
            Option.flag("sign_constraints", true, "excitatory weights act as max(w, 0), inhibitory as min(w, 0); false: the unsigned ablation"),
            Option.choice("init", NcapCircuit.Init.CONSTANT.id(),
                    List.of(NcapCircuit.Init.CONSTANT.id(), NcapCircuit.Init.RANDOM.id()),
                    "initial weights: constant (+1 excitatory, -1 inhibitory: swims untrained) or random (uniform, signed)"),
            Option.flag("sharing", true, "one weight per kind of synapse for all joints (4 parameters); false: 6 per joint"),
            Option.flag("navigation", false,
                    "speed brake and turn signals from to_target (read right after the joint angles) through a learned 2 -> 3 map"),
            Option.integer("turn_joints", 1, 1, 1_000_000, "head joints that receive the turn signals (with navigation; at most the joints)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the C. elegans swimmer circuit (Bhattasali et al. 2022): signed B-neurons, head oscillator, muscles; 4 parameters";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    /** The oscillator's {@code time_limit} is the environment's {@code time_limit}, if it has one. */
    @Override
    public Map<String, Object> defaultsFor(Map<String, Object> environmentOptions) {
        Object limit = environmentOptions.get("time_limit");
        return limit == null ? Map.of() : Map.of("time_limit", limit);
    }

    /** The paper trained NCAP with PPO at a fixed action std of 0.1 around the circuit's output. */
    @Override
    public Map<String, Object> agentDefaults() {
        return Map.of("fixed_std", 0.1);
    }

    /**
     * An NCAP model for J = {@code io.outputSize()} joints.
     *
     * @throws IllegalArgumentException (one line, saying why) if the outputs are not {@link ModelIO.Output#BOUNDED}
     *                                  (NCAP writes torques in [-1, 1]), if the observation has fewer than J + 1
     *                                  values (J + 3 with navigation), or if {@code turn_joints} exceeds J with
     *                                  navigation
     */
    @Override
    public Model create(ModelIO io, Resolved options, long seed) {
        if (io.output() != ModelIO.Output.BOUNDED) {
            throw new IllegalArgumentException("ncap writes joint torques in [-1, 1]; it cannot serve " + io.output().name().toLowerCase(java.util.Locale.ROOT)
                    + " outputs (" + io + "); choose an architecture that can, e.g. mlp");
        }
        NcapCircuit circuit = new NcapCircuit(io.outputSize(), options.integer("time_limit"), options.integer("period"),
                options.flag("sign_constraints"), NcapCircuit.Init.of(options.choice("init")), options.flag("sharing"),
                options.flag("navigation"), options.integer("turn_joints"));
        List<Part> parts = List.of(new NcapBNeurons(BNEURONS, io.inputShape(), circuit), new NcapMuscles(MUSCLES, circuit));
        return new Model(NAME, options.values(), io, parts, false, seed);
    }
}
