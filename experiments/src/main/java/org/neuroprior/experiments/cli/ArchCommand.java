package org.neuroprior.experiments.cli;

import org.neuroprior.architectures.Architectures;
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

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Architectures, what they are, and their options.")
    static final class ListArchitectures extends RegistryCommand {
        @Override
        Registry<? extends Registered> registry() {
            return Architectures.registry();
        }
    }
}
