package org.neuroprior.experiments.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.neuroprior.agents.Agent;
import org.neuroprior.agents.Policy;
import org.neuroprior.agents.Seeds;
import org.neuroprior.architectures.Network;
import org.neuroprior.architectures.Networks;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;

/** The policy of a finished (or checkpointed) run, and environments to evaluate it on. */
public record TrainedPolicy(TrainConfig config, Policy policy, long steps) {

    /**
     * Loads the run in {@code runDir}: its config.yaml and the policy in its checkpoint.
     *
     * @throws IOException if the directory holds no run or its checkpoint cannot be read
     */
    public static TrainedPolicy load(Path runDir) throws IOException {
        TrainConfig config = Experiment.resolve(ConfigFiles.read(runDir.resolve(Trainer.CONFIG)));
        try (Agent agent = Experiment.agent(config)) {
            Checkpoint.TrainerState state = Checkpoint.read(runDir.resolve(Trainer.CHECKPOINT), ConfigFiles.fingerprint(config), agent);
            return new TrainedPolicy(config, agent.policy(), state.steps());
        }
    }

    /** The run's environment options with {@code bodies} changed (for zero-shot transfer), others as trained. */
    public Map<String, Object> envOptions(Integer bodies) {
        Map<String, Object> options = new LinkedHashMap<>(config.envOptions());
        if (bodies != null) options.put("bodies", bodies);
        return options;
    }

    /** An environment of the run, with {@code bodies} links if not null. */
    public Env<double[]> environment(Integer bodies) {
        return Envs.makeContinuous(config.env(), envOptions(bodies));
    }

    /**
     * This policy for a body with another number of links: the same parameters in a network sized for it. Only
     * architectures whose parameters do not depend on the body (NCAP with weight sharing) can do this.
     *
     * @throws IllegalArgumentException if the trained parameters do not fit the new body
     */
    public Policy forBody(Env<double[]> env) {
        int obs = env.observationSpace().size();
        int act = ((Box) env.actionSpace()).size();
        Network trained = policy.network();
        if (obs == trained.inputSize() && act == trained.outputSize()) return policy.copy();
        Map<String, Object> options = new LinkedHashMap<>(Networks.options(trained));
        options.remove("target_index"); // its default follows the new body's joint count
        Network resized = Networks.create(config.arch(), obs, act, options, Seeds.derive(config.seed(), 1));
        if (resized.parameterCount() != trained.parameterCount() || policy.normalization() != null) {
            throw new IllegalArgumentException("a " + config.arch() + " trained with " + trained.inputSize() + " inputs and "
                    + trained.outputSize() + " outputs cannot control a body with " + obs + " inputs and " + act
                    + " outputs: its parameters depend on the body size (only NCAP with weight sharing transfers)");
        }
        resized.setParameters(trained.parameters());
        return new Policy(resized, null);
    }
}
