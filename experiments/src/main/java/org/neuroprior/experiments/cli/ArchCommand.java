package org.neuroprior.experiments.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.ModelCost;
import org.neuroprior.registry.Registered;
import org.neuroprior.registry.Registry;

import picocli.CommandLine.Command;

/** {@code neuroprior arch list}: the registered architectures. */
@Command(name = "arch", mixinStandardHelpOptions = true, description = "List the registered architectures.",
        subcommands = {ArchCommand.ListArchitectures.class})
public final class ArchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Architectures, what they are, the size and cost of a typical model, and their options.")
    static final class ListArchitectures extends RegistryCommand {
        @Override
        Registry<? extends Registered> registry() {
            return Architectures.registry();
        }

        /** Each typical model of the architecture: its parameters and forward GFLOP per sample, counted from its graph. */
        @Override
        List<String> facts(Registered entry) {
            Architecture architecture = Architectures.get(entry.name());
            List<String> lines = new ArrayList<>();
            for (Architecture.Example e : architecture.examples()) {
                ModelCost cost = ModelCost.of(e.create(architecture));
                lines.add(String.format(Locale.ROOT, "on %s%s: %,d parameters, %.3g GFLOP per sample (forward)", e.label(),
                        e.options().isEmpty() ? "" : " with " + e.options(), cost.parameters(), cost.gflops()));
            }
            return lines;
        }
    }
}
