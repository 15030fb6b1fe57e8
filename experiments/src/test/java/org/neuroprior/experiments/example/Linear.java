package org.neuroprior.experiments.example;

import java.util.List;

import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.architectures.parts.Dense;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/** The README's example of a new architecture: a linear policy, optionally squashed. One class plus its registration. */
public final class Linear implements Architecture {
    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String description() {
        return "one linear layer from the observation to the outputs";
    }

    @Override
    public Options options() {
        return Options.of(Option.flag("observation_normalization", false, "normalise observations by running statistics"));
    }

    @Override
    public Model create(ModelIO io, Resolved options, long seed) {
        Activation head = io.output() == ModelIO.Output.BOUNDED ? Activation.TANH : Activation.IDENTITY;
        return new Model(name(), options.values(), io, List.of(new Dense("head", io.inputShape(), io.outputSize(), head)),
                options.flag("observation_normalization"), seed);
    }
}
