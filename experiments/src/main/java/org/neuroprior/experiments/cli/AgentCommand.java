package org.neuroprior.experiments.cli;

import org.neuroprior.agents.Agents;
import org.neuroprior.registry.Registered;
import org.neuroprior.registry.Registry;

import picocli.CommandLine.Command;

/** {@code neuroprior agent list}: the registered agents. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "List the registered agents (learning algorithms).",
        subcommands = {AgentCommand.ListAgents.class})
public final class AgentCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Agents, what they are, the action spaces they act in, and their options (hyperparameters).")
    static final class ListAgents extends RegistryCommand {
        @Override
        Registry<? extends Registered> registry() {
            return Agents.registry();
        }
    }
}
