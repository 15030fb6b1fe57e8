package org.neuroprior.experiments.cli;

import java.util.List;

import org.neuroprior.registry.Registered;
import org.neuroprior.registry.Registry;

import picocli.CommandLine.Option;

/** A {@code list} subcommand of a registry: text for the terminal, {@code --markdown} for the README's tables. */
abstract class RegistryCommand implements Runnable {
    @Option(names = "--markdown", description = "print Markdown tables (the README's)")
    boolean markdown;

    /** The registry listed. */
    abstract Registry<? extends Registered> registry();

    /** Lines printed under an entry's description (an architecture's typical models and their cost); none by default. */
    List<String> facts(Registered entry) {
        return List.of();
    }

    @Override
    public void run() {
        if (markdown) Listing.markdown(registry(), this::facts, System.out);
        else Listing.text(registry(), this::facts, System.out);
    }
}
