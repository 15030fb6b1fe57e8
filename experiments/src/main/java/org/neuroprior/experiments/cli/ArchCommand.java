package org.neuroprior.experiments.cli;

import org.neuroprior.architectures.Architectures;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
    static final class ListArchitectures implements Runnable {
        @Option(names = "--markdown", description = "print Markdown tables (the README's)")
        boolean markdown;

        @Override
        public void run() {
            if (markdown) Listing.markdown(Architectures.registry(), System.out);
            else Listing.text(Architectures.registry(), System.out);
        }
    }
}
