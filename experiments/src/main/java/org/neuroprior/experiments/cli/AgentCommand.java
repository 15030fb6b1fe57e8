package org.neuroprior.experiments.cli;

import org.neuroprior.agents.Agents;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neuroprior agent list}: the registered agents (learning algorithms). */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "List the registered agents (learning algorithms).",
        subcommands = {AgentCommand.ListAgents.class})
public final class AgentCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Agents, what they are, the action spaces they act in, and their options (hyperparameters).")
    static final class ListAgents implements Runnable {
        @Option(names = "--markdown", description = "print Markdown tables (the README's)")
        boolean markdown;

        @Override
        public void run() {
            if (markdown) Listing.markdown(Agents.registry(), System.out);
            else Listing.text(Agents.registry(), System.out);
        }
    }
}
