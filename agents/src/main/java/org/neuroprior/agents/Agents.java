package org.neuroprior.agents;

import org.neuroprior.agents.ddpg.Ddpg;
import org.neuroprior.agents.dqn.Dqn;
import org.neuroprior.agents.es.EvolutionStrategies;
import org.neuroprior.agents.ppo.Ppo;
import org.neuroprior.registry.Registry;

/**
 * The registry of learning algorithms, by name: what {@code --agent} and a config's {@code agent} accept and what
 * {@code neuroprior agent list} prints.
 */
public final class Agents {
    private static final Registry<AgentSpec> REGISTRY = new Registry<>("agent");

    static {
        REGISTRY.register(Ppo.SPEC);
        REGISTRY.register(EvolutionStrategies.SPEC);
        REGISTRY.register(Ddpg.SPEC);
        REGISTRY.register(Dqn.SPEC);
    }

    private Agents() {
    }

    /**
     * Registers an agent so that configs and the command line can name it.
     *
     * @throws IllegalArgumentException if the name is taken or not valid
     */
    public static void register(AgentSpec spec) {
        REGISTRY.register(spec);
    }

    public static Registry<AgentSpec> registry() {
        return REGISTRY;
    }

    /**
     * The agent called {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown name and the registered ones
     */
    public static AgentSpec get(String name) {
        return REGISTRY.get(name);
    }
}
