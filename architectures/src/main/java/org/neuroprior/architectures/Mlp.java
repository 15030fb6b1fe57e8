package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.List;

import org.neuroprior.architectures.parts.Dense;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/**
 * The multilayer perceptron, the baseline NCAP is compared with (tonic's actor and critic torsos): fully connected
 * {@code hidden} layers with one activation, then a linear head, followed by tanh when the outputs are bounded
 * actions. The latent is the last hidden layer (the observation itself when there is none).
 *
 * <p>Parts: {@code hidden0 .. hidden<k-1>} ({@link Dense}), then {@code head}. Initialisation: PyTorch's default for
 * {@code nn.Linear}, uniform in +-1/sqrt(fan_in) (tonic's; not orthogonal).
 */
public final class Mlp implements Architecture {
    public static final String NAME = "mlp";

    private static final Options OPTIONS = Options.of(
            Option.integers("hidden", List.of(64, 64), 1, 1_000_000, "hidden layer widths, from the input; [] for a linear map"),
            Option.choice("activation", "tanh", Activation.ids(Activation.TANH, Activation.RELU), "activation of the hidden layers"),
            Model.OBSERVATION_NORMALIZATION);

    /**
     * How an MLP is named by its size and activation in labels of runs and figures: {@code "mlp (64, 64) tanh"},
     * {@code "mlp (256, 256) relu"}; {@code "mlp () tanh"} without hidden layers. The swimmer results' sweeps label
     * their MLPs so ({@code scripts/lib/sweep-pieces.sh}'s {@code MLP64_VARIANT}), and {@code neuroprior compare} its
     * default MLP ({@link #defaultLabel}).
     *
     * @param hidden     the hidden layer widths, from the input (the {@code hidden} option)
     * @param activation the hidden layers' activation (the {@code activation} option, e.g. {@code tanh})
     */
    public static String label(List<Integer> hidden, String activation) {
        return NAME + " (" + String.join(", ", hidden.stream().map(String::valueOf).toList()) + ") " + activation;
    }

    /** The hidden layer widths of the default MLP: [64, 64]. */
    @SuppressWarnings("unchecked")
    public static List<Integer> defaultHidden() {
        return (List<Integer>) OPTIONS.get("hidden").defaultValue();
    }

    /** The hidden layers' activation of the default MLP: {@code tanh}. */
    public static String defaultActivation() {
        return (String) OPTIONS.get("activation").defaultValue();
    }

    /** {@link #label} of the default MLP: {@code "mlp (64, 64) tanh"}. */
    public static String defaultLabel() {
        return label(defaultHidden(), defaultActivation());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "fully connected layers then a linear head (tanh for actions in [-1, 1]): tonic's torso, the baseline";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    @Override
    public Model create(ModelIO io, Resolved options, long seed) {
        Activation activation = Activation.of(options.choice("activation"));
        List<Part> parts = new ArrayList<>(Dense.chain("hidden", io.inputShape(), options.integers("hidden"), activation));
        int[] shape = parts.isEmpty() ? io.inputShape() : parts.get(parts.size() - 1).outputShape();
        Activation head = io.output() == ModelIO.Output.BOUNDED ? Activation.TANH : Activation.IDENTITY;
        parts.add(new Dense("head", shape, io.outputSize(), head));
        return new Model(NAME, options.values(), io, parts, options.flag("observation_normalization"), seed);
    }
}
