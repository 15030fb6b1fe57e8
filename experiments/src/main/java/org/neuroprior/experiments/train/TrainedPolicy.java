package org.neuroprior.experiments.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.neuroprior.agents.Agent;
import org.neuroprior.agents.Policy;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;

/**
 * The policy model of a finished (or checkpointed) run, and environments to evaluate it on.
 *
 * @param config the run's resolved config
 * @param model  the trained policy model (with its observation statistics)
 * @param steps  training steps behind it
 */
public record TrainedPolicy(TrainConfig config, Model model, long steps) {

    /**
     * Loads the run in {@code runDir}: its config.yaml and the policy in its checkpoint.
     *
     * @throws IOException if the directory holds no run or its checkpoint cannot be read
     */
    public static TrainedPolicy load(Path runDir) throws IOException {
        TrainConfig config = ConfigFiles.read(runDir.resolve(Trainer.CONFIG));
        try (Agent agent = Experiment.agent(config)) {
            Checkpoint.TrainerState state = Checkpoint.read(runDir.resolve(Trainer.CHECKPOINT), ConfigFiles.fingerprint(config), agent);
            try (Policy<?> policy = agent.policy()) {
                return new TrainedPolicy(config, policy.model(), state.steps());
            }
        }
    }

    /** The run's environment options with {@code bodies} changed (for zero-shot transfer), others as trained. */
    public Map<String, Object> envOptions(Integer bodies) {
        Map<String, Object> options = new LinkedHashMap<>(config.envOptions());
        if (bodies != null) options.put("bodies", bodies);
        return options;
    }

    /** An environment of the run (actions as the agent saw them), with {@code bodies} links if not null. */
    public Env<?> environment(Integer bodies) {
        return environmentWith(envOptions(bodies));
    }

    /**
     * An environment of the run's id built with {@code options} (e.g. {@link #envOptions} with some changed, such as
     * the dataset split of {@code whisker-sweep}), its actions as the agent saw them.
     *
     * @throws IllegalArgumentException if an option is unknown or its value bad
     */
    public Env<?> environmentWith(Map<String, ?> options) {
        return Experiment.forAgents(config, Envs.make(config.env(), options));
    }

    /**
     * This policy for {@code env}, which may be a body of another size: the same parameters in a model built for it.
     * Only architectures whose parameters do not depend on the body (NCAP with weight sharing) can do this.
     *
     * @throws IllegalArgumentException if the trained parameters do not fit the new body
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Policy<?> forEnvironment(Env<?> env) {
        ModelIO trained = model.io();
        ModelIO wanted = new ModelIO(env.observationSpace().shape(), outputs(env), trained.output());
        if (wanted.equals(trained)) return new Policy(model.copy(), env.actionSpace());
        Architecture architecture = Architectures.get(config.arch());
        Model resized;
        try {
            resized = architecture.create(wanted, architecture.resolve(config.archOptions(), config.envOptions()), 0L);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a " + config.arch() + " trained on " + trained + " cannot act on " + wanted + ": " + e.getMessage());
        }
        if (!keepsParameters(model, resized)) {
            throw new IllegalArgumentException("a " + config.arch() + " trained on " + trained + " cannot control a body with " + wanted
                    + ": its parameters depend on the body size (only NCAP with weight sharing transfers)");
        }
        resized.parameters().set(model.parameters());
        return new Policy(resized, env.actionSpace());
    }

    private static int outputs(Env<?> env) {
        return org.neuroprior.agents.ActionCoding.of(env.actionSpace()).outputs();
    }

    /**
     * The rule of zero-shot transfer ({@link #forEnvironment}): a model built for another body can take the trained
     * one's parameters when it has as many of them and the trained one normalises no observations (its statistics
     * are the trained body's).
     */
    private static boolean keepsParameters(Model trained, Model resized) {
        return resized.parameterCount() == trained.parameterCount() && trained.normalizer() == null;
    }

    /**
     * Whether policies of {@code config} are bound to the body length they trained on, so that {@code eval --bodies}
     * cannot score them on another ({@link #forEnvironment}'s rule): true when the environment has a {@code bodies}
     * option and an untrained model of the config's architecture for a body one link longer (one shorter at the
     * longest accepted) would not keep the parameters of one for the trained length, as an MLP's input layer sized by
     * the observation; false for NCAP with weight sharing and for environments without {@code bodies}. Builds two
     * environments and two untrained models (policy outputs as PPO's and ES's: logits for discrete actions, bounded
     * means otherwise).
     *
     * @throws IllegalArgumentException if the config's environment or architecture is unknown or an option is bad
     */
    public static boolean lengthBound(TrainConfig config) {
        org.neuroprior.registry.Option bodies = Envs.spec(config.env()).options().get("bodies");
        if (bodies == null) return false;
        int trainedLength = ((Number) config.envOptions().getOrDefault("bodies", bodies.defaultValue())).intValue();
        int other = trainedLength + 1 <= bodies.max() ? trainedLength + 1 : trainedLength - 1;
        Architecture architecture = Architectures.get(config.arch());
        org.neuroprior.registry.Resolved options = architecture.resolve(config.archOptions(), config.envOptions());
        Model trained = untrained(config, architecture, options, trainedLength);
        Model resized;
        try {
            resized = untrained(config, architecture, options, other);
        } catch (IllegalArgumentException e) {
            return true; // the architecture cannot serve the other body at all
        }
        return !keepsParameters(trained, resized);
    }

    private static Model untrained(TrainConfig config, Architecture architecture, org.neuroprior.registry.Resolved options, int length) {
        Map<String, Object> envOptions = new LinkedHashMap<>(config.envOptions());
        envOptions.put("bodies", length);
        try (Env<?> env = Experiment.forAgents(config, Envs.make(config.env(), envOptions))) {
            org.neuroprior.agents.ActionCoding coding = org.neuroprior.agents.ActionCoding.of(env.actionSpace());
            return architecture.create(new ModelIO(env.observationSpace().shape(), coding.outputs(),
                    coding.isDiscrete() ? ModelIO.Output.LINEAR : ModelIO.Output.BOUNDED), options, 0L);
        }
    }
}
