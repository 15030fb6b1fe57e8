package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.List;

import org.neuroprior.architectures.parts.Dense;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/**
 * A recurrent torso for partially observed tasks: optional fully connected encoder layers (tanh), a GRU
 * ({@link org.neuroprior.architectures.parts.Gru}), then a linear head (tanh for actions in [-1, 1]). Its state (the
 * GRU's hidden vector) starts from zeros at every episode start; the latent is the GRU's output.
 *
 * <p>Training unrolls it over windows of the agent's {@code bptt} steps (truncated backpropagation through time):
 * see {@link BatchPass}.
 */
public final class Gru implements Architecture {
    public static final String NAME = "gru";

    private static final Options OPTIONS = Options.of(
            Option.integers("encoder", List.of(64), 1, 1_000_000, "widths of the tanh layers before the GRU; [] for none"),
            Option.integer("size", 64, 1, 1_000_000, "GRU units (the recurrent state's size)"),
            Model.OBSERVATION_NORMALIZATION);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "tanh encoder layers, a GRU (memory, reset at episode starts), a linear head: for partially observed tasks";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    @Override
    public Model create(ModelIO io, Resolved options, long seed) {
        List<Part> parts = new ArrayList<>(Dense.chain("encoder", io.inputShape(), options.integers("encoder"), Activation.TANH));
        int[] shape = parts.isEmpty() ? io.inputShape() : parts.get(parts.size() - 1).outputShape();
        var gru = new org.neuroprior.architectures.parts.Gru("gru", shape, options.integer("size"));
        parts.add(gru);
        Activation head = io.output() == ModelIO.Output.BOUNDED ? Activation.TANH : Activation.IDENTITY;
        parts.add(new Dense("head", gru.outputShape(), io.outputSize(), head));
        return new Model(NAME, options.values(), io, parts, options.flag("observation_normalization"), seed);
    }
}
