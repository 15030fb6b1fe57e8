package org.neuroprior.agents;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.neuroprior.envs.Space;
import org.neuroprior.registry.Options;
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

    /**
     * A registration from its parts.
     *
     * @param refusal why the agent cannot act in a space (null if it can)
     * @param factory starts the agent
     */
    static AgentSpec of(String name, String description, Options options, Function<Space<?>, String> refusal,
                        Function<AgentContext, Agent> factory) {
        return new Simple(name, description, options, refusal, factory);
    }

    /** What {@link #of} returns. */
    record Simple(String name, String description, Options options, Function<Space<?>, String> refusal,
                  Function<AgentContext, Agent> factory) implements AgentSpec {
        @Override
        public String refuses(Space<?> actionSpace) {
            return refusal.apply(actionSpace);
        }

        @Override
        public Agent create(AgentContext context) {
            return factory.apply(context);
        }
    }
}
