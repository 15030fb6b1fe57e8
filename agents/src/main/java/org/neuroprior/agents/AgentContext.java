package org.neuroprior.agents;

import java.util.function.Supplier;

import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.registry.Resolved;

/**
 * What an agent is started with: where its environments come from and what their spaces are, the architecture of its
 * policy (with resolved options), its own resolved options, its seed and its thread budget.
 *
 * @param environments        makes a new environment at each call (Box actions in [-1, 1], or Discrete)
 * @param observationSpace    the environments' observation space
 * @param actionSpace         the environments' action space
 * @param architecture        the policy's architecture
 * @param architectureOptions its resolved options
 * @param options             the agent's resolved options
 * @param seed                the agent's seed (every draw derives from it)
 * @param threads             threads the agent may use (>= 1)
 */
public record AgentContext(Supplier<? extends Env<?>> environments, Box observationSpace, Space<?> actionSpace,
                           Architecture architecture, Resolved architectureOptions, Resolved options, long seed, int threads) {

    public AgentContext {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    /** A context whose spaces are read from one environment made (and closed) here. */
    public static AgentContext of(Supplier<? extends Env<?>> environments, Architecture architecture, Resolved architectureOptions,
                                  Resolved options, long seed, int threads) {
        try (Env<?> probe = environments.get()) {
            return new AgentContext(environments, probe.observationSpace(), probe.actionSpace(), architecture, architectureOptions,
                    options, seed, threads);
        }
    }

    /** A new environment, with the action type of {@link #actionSpace()}. */
    @SuppressWarnings("unchecked")
    public <A> Env<A> environment() {
        return (Env<A>) environments.get();
    }

    /** The action space, typed as the caller's environments are. */
    @SuppressWarnings("unchecked")
    public <A> Space<A> space() {
        return (Space<A>) actionSpace;
    }

    /** A model of the run's architecture reading this environment's observations, initialised from {@code seed}. */
    public Model policyModel(int outputs, ModelIO.Output output, long seed) {
        return architecture.create(new ModelIO(observationSpace.shape(), outputs, output), architectureOptions, seed);
    }
}
