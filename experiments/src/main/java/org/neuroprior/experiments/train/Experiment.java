package org.neuroprior.experiments.train;

import java.util.function.Supplier;

import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.agents.Agent;
import org.neuroprior.agents.AgentContext;
import org.neuroprior.agents.AgentSpec;
import org.neuroprior.agents.Agents;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.wrappers.FrameStack;
import org.neuroprior.envs.wrappers.RescaleAction;

/**
 * Turns a resolved {@link TrainConfig} into the objects of a run, through the registries: the environments and the
 * agent (which builds its models from the architecture). Nothing here knows a concrete environment, architecture or
 * agent.
 */
public final class Experiment {
    private Experiment() {
    }

    /**
     * Environments of the run (each call a new one). Box actions are rescaled to [-1, 1] when the environment's
     * bounds are others, since agents act in [-1, 1]; with {@code frame_stack > 1} observations are stacked.
     */
    public static Supplier<Env<?>> environments(TrainConfig c) {
        return () -> forAgents(c, Envs.make(c.env(), c.envOptions()));
    }

    /** {@code env} as the run's agents see it (rescaled actions, stacked frames). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Env<?> forAgents(TrainConfig c, Env<?> env) {
        Env<?> wrapped = env.actionSpace() instanceof Box box && !unit(box) ? new RescaleAction((Env<double[]>) env) : env;
        return c.frameStack() > 1 ? new FrameStack(wrapped, c.frameStack()) : wrapped;
    }

    private static boolean unit(Box box) {
        for (int i = 0; i < box.size(); i++) if (box.low(i) != -1 || box.high(i) != 1) return false;
        return true;
    }

    /**
     * The agent of the run, with its models initialised from the run's seed.
     *
     * @throws IllegalArgumentException in one line if the agent cannot act in the environment's action space, the
     *                                  architecture cannot serve the environment, or the thread settings cannot be met
     */
    public static Agent agent(TrainConfig c) {
        requireIntraOpThreads(c.intraOpThreads());
        Architecture architecture = Architectures.get(c.arch());
        AgentSpec spec = Agents.get(c.agent());
        AgentContext context = AgentContext.of(environments(c), architecture, architecture.resolve(c.archOptions(), c.envOptions()),
                spec.resolve(c.agentOptions(), architecture.agentDefaults()), c.seed(), c.threads());
        String refusal = spec.refuses(context.actionSpace());
        if (refusal != null) throw new IllegalArgumentException(refusal);
        return spec.create(context);
    }

    /**
     * Checks that ND4J runs with {@code threads} threads inside an operation (it reads OMP_NUM_THREADS when it
     * starts, so a process cannot change it later).
     *
     * @throws IllegalArgumentException if it does not, saying how to set it
     */
    public static void requireIntraOpThreads(int threads) {
        int actual = Nd4j.getEnvironment().maxThreads();
        if (actual != threads) {
            throw new IllegalArgumentException("intra_op_threads = " + threads + " but ND4J runs with " + actual
                    + "; start with OMP_NUM_THREADS=" + threads + " (the launcher sets 1 unless OMP_NUM_THREADS is set)");
        }
    }
}
