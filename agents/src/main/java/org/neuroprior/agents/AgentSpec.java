package org.neuroprior.agents;

import java.util.LinkedHashMap;
import java.util.Map;

import org.neuroprior.envs.Space;
import org.neuroprior.registry.Registered;
import org.neuroprior.registry.Resolved;

/**
 * A registered learning algorithm: its name, its options (hyperparameters with the published defaults), the action
 * spaces it can act in, and how to start it. Register your own with {@link Agents#register}.
 */
public interface AgentSpec extends Registered {

    /** Null if the agent can act in {@code actionSpace}, else why not, in one line (DDPG on a Discrete space). */
    String refuses(Space<?> actionSpace);

    /**
     * Starts the agent.
     *
     * @throws IllegalArgumentException if the architecture or environment does not fit the agent, saying why
     */
    Agent create(AgentContext context);

    /**
     * Every option's value: {@code given}, then the architecture's published agent settings ({@code
     * architectureDefaults}, for the options this agent has), then the options' own defaults.
     */
    default Resolved resolve(Map<String, ?> given, Map<String, Object> architectureDefaults) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (architectureDefaults != null) {
            architectureDefaults.forEach((k, v) -> {
                if (options().get(k) != null) merged.put(k, v);
            });
        }
        if (given != null) merged.putAll(given);
        return options().resolve("agent '" + name() + "'", merged);
    }
}
