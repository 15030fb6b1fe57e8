package org.neuroprior.agents.ddpg;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.agents.ActionCoding;
import org.neuroprior.agents.Adam;
import org.neuroprior.agents.Agent;
import org.neuroprior.agents.AgentContext;
import org.neuroprior.agents.AgentSpec;
import org.neuroprior.agents.Iteration;
import org.neuroprior.agents.Policy;
import org.neuroprior.agents.PredictiveHeads;
import org.neuroprior.agents.ReplayBuffer;
import org.neuroprior.agents.RepeatableUpdate;
import org.neuroprior.agents.Seeds;
import org.neuroprior.agents.StateIO;
import org.neuroprior.agents.Workers;
import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.architectures.Evaluator;
import org.neuroprior.architectures.HostArrays;
import org.neuroprior.architectures.Mlp;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.architectures.PredictiveHead;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/**
 * Deep deterministic policy gradient (Lillicrap et al. 2016) with the settings of the NCAP paper (tonic's DDPG): a
 * deterministic actor, a critic Q(s, a) (an MLP on the normalised observation and the action), a replay buffer,
 * target networks updated by Polyak averaging, and Gaussian exploration noise after a phase of uniformly random
 * actions. Box actions only.
 *
 * <p>One iteration is one episode. Once {@code update_after} steps are stored, every {@code steps_between_batches}
 * environment steps run {@code batch_iterations} updates ({@link #update}, read it top to bottom): the critic regresses
 * on {@code r + gamma (1 - terminated) Q'(s', mu'(s'))}, the actor climbs {@code Q(s, mu(s))} through the critic, and
 * both targets move by {@code tau}. Observations are normalised with the actor's running statistics, updated with
 * every observation the agent sees.
 *
 * <p><b>Predictive heads</b> ({@link PredictiveHeads}; options {@code predictive_weight}, {@code predictive_gamma},
 * {@code negative_random_weight}, {@code negative_consecutive_weight}, ...) shape the actor's encoder (the run's
 * architecture up to its latent; the critic is a separate MLP): when a weight is set, the actor's pass of each update
 * also reads s' of every sampled transition, the heads' losses on the latents of (s, s') join the actor's loss, their
 * gradient enters the actor at its latent (never its policy head), and the transition model takes an Adam step with
 * the actor's step size. The action in T(z, a) is the stored (noisy, clipped) action. Pairs never cross an episode
 * boundary: the horizon term uses the step taken from s' when the episode went on, and is dropped where s' ended it.
 */
public final class Ddpg implements Agent, RepeatableUpdate {
    public static final String NAME = "ddpg";

    static final Options OPTIONS = Options.of(
            Option.integer("buffer_size", 1_000_000, 2, 100_000_000, "steps the replay buffer keeps (each episode's final observation takes one more)"),
            Option.integer("batch_size", 100, 1, 1_000_000, "transitions per update"),
            Option.number("actor_learning_rate", 1e-3, 1e-9, 10, "the actor's Adam step size"),
            Option.number("critic_learning_rate", 1e-3, 1e-9, 10, "the critic's Adam step size"),
            Option.number("tau", 0.005, 1e-9, 1, "Polyak factor of the target networks"),
            Option.number("gamma", 0.99, 0, 1, "discount factor"),
            Option.number("exploration_noise", 0.1, 0, 10, "std of the Gaussian noise added to the actor's actions"),
            Option.integer("random_steps", 20_000, 0, Integer.MAX_VALUE, "uniformly random actions for this many first steps"),
            Option.integer("update_after", 10_000, 0, Integer.MAX_VALUE, "stored steps before the first update"),
            Option.integer("steps_between_batches", 50, 1, 1_000_000, "environment steps between two rounds of updates"),
            Option.integer("batch_iterations", 50, 0, 1_000_000, "updates per round"),
            Option.integers("critic_hidden", List.of(256, 256), 1, 1_000_000, "the critic MLP's hidden widths"),
            Option.choice("critic_activation", "relu", Activation.ids(Activation.TANH, Activation.RELU), "the critic's hidden activation"))
            .plus(PredictiveHead.OPTIONS.list().toArray(Option[]::new));

    /** The registration: DDPG acts in Box spaces only. */
    public static final AgentSpec SPEC = AgentSpec.of(NAME,
            "deep deterministic policy gradient with replay and target networks, tonic's settings (Box actions); predictive heads",
            OPTIONS, Ddpg::refusal, Ddpg::new);

    /** DDPG acts in Box spaces only. */
    private static String refusal(Space<?> actionSpace) {
        return actionSpace instanceof Box ? null
                : "ddpg acts in continuous (Box) action spaces only; this environment's is " + actionSpace + " (use ppo, es or dqn)";
    }

    private final Resolved o;
    private final long seed;
    private final Space<double[]> space;
    private final Model actor;
    private final Model critic;
    private final Model targetActor;
    private final Model targetCritic;
    private final Env<double[]> env;
    private final int obsSize;
    private final int actSize;
    private final int batch;
    private final ReplayBuffer buffer;
    private final Adam actorAdam;
    private final Adam criticAdam;
    private final Evaluator acting;
    private final BatchPass actorPass;
    private final BatchPass criticPass;
    private final BatchPass criticForActor;
    private final BatchPass targetActorPass;
    private final BatchPass targetCriticPass;
    private final PredictiveHeads heads;
    private long iterations;
    private long steps;

    /** Computes the critic's targets beside the critic's step when there is a second thread. */
    private final ExecutorService worker;

    // Batch buffers, allocated once: sampled transitions (windows of one step), raw transitions, the models' inputs
    // and outputs in Java and in ND4J; with heads the actor's rows are the batch's s then its s'.
    private final ReplayBuffer.Windows sample;
    private final INDArray actorInput;
    private final float[] actorRows;
    private final float[] actorOutputs;
    private final float[] actorOutputGradient;
    private final int[] pairCurrent;
    private final int[] pairNext;
    private final float[] bObs;
    private final float[] bAct;
    private final float[] bReward;
    private final float[] bNext;
    private final float[] bNotTerminal;
    private final double[] row;
    private final float[] obs;
    private final float[] next;
    private final float[] criticRows;
    private final float[] nextRows;
    private final float[] nextActions;
    private final float[] nextQ;
    private final double[] targets;
    private final float[] q;
    private final float[] mu;
    private final float[] qMu;
    private final float[] dq;
    private final INDArray obsInput;
    private final INDArray nextInput;
    private final INDArray criticInput;
    private final INDArray nextCriticInput;
    private final INDArray gradient;
    private final INDArray actionGradient;

    private Ddpg(AgentContext context) {
        String refusal = SPEC.refuses(context.actionSpace());
        if (refusal != null) throw new IllegalArgumentException(refusal);
        this.o = context.options();
        this.seed = Seeds.derive(context.seed(), 2);
        this.space = context.space();
        ActionCoding.of(space); // checks the bounds
        this.actSize = ((Box) space).size();
        this.actor = context.policyModel(actSize, ModelIO.Output.BOUNDED, Seeds.derive(context.seed(), 1));
        if (actor.isRecurrent()) {
            throw new IllegalArgumentException("ddpg needs a stateless architecture (its replay buffer holds single steps); "
                    + context.architecture().name() + " is recurrent");
        }
        this.obsSize = actor.inputSize();
        this.critic = Architectures.create(Mlp.NAME, ModelIO.vector(obsSize + actSize, 1, ModelIO.Output.LINEAR),
                Map.of("hidden", o.integers("critic_hidden"), "activation", o.choice("critic_activation"), "observation_normalization", false),
                Seeds.derive(context.seed(), 3));
        this.targetActor = actor.copy();
        this.targetCritic = critic.copy();
        this.env = context.environment();
        this.batch = o.integer("batch_size");
        this.buffer = new ReplayBuffer(o.integer("buffer_size"), obsSize, actSize, 0);
        this.actorAdam = new Adam(actor.parameterCount(), o.number("actor_learning_rate"));
        this.criticAdam = new Adam(critic.parameterCount(), o.number("critic_learning_rate"));
        this.acting = actor.evaluator(1);
        this.heads = PredictiveHeads.of(o, actor, ActionCoding.of(space), batch, 2 * batch, o.number("actor_learning_rate"),
                Seeds.derive(context.seed(), 4));
        int actorBatch = heads == null ? batch : 2 * batch;
        this.actorPass = actor.pass(actorBatch, 1, false);
        this.criticPass = critic.pass(batch, 1, false);
        this.criticForActor = critic.pass(batch, 1, true);
        this.targetActorPass = targetActor.pass(batch, 1, false);
        this.targetCriticPass = targetCritic.pass(batch, 1, false);
        this.sample = new ReplayBuffer.Windows(batch, 1, obsSize, actSize, 0);
        this.bObs = new float[batch * obsSize];
        this.bAct = new float[batch * actSize];
        this.bReward = new float[batch];
        this.bNext = new float[batch * obsSize];
        this.bNotTerminal = new float[batch];
        this.row = new double[obsSize];
        this.obs = new float[batch * obsSize];
        this.next = new float[batch * obsSize];
        this.criticRows = new float[batch * (obsSize + actSize)];
        this.nextRows = new float[batch * (obsSize + actSize)];
        this.nextActions = new float[batch * actSize];
        this.nextQ = new float[batch];
        this.targets = new double[batch];
        this.q = new float[batch];
        this.mu = new float[batch * actSize];
        this.qMu = new float[batch];
        this.dq = new float[batch];
        this.obsInput = Nd4j.create(DataType.FLOAT, rows(batch, actor.io().inputShape()));
        this.nextInput = Nd4j.create(DataType.FLOAT, rows(batch, actor.io().inputShape()));
        this.criticInput = Nd4j.create(DataType.FLOAT, batch, obsSize + actSize);
        this.nextCriticInput = Nd4j.create(DataType.FLOAT, batch, obsSize + actSize);
        this.gradient = Nd4j.create(DataType.FLOAT, batch, 1);
        this.actionGradient = Nd4j.create(DataType.FLOAT, actorBatch, actSize);
        this.actorInput = heads == null ? obsInput : Nd4j.create(DataType.FLOAT, rows(actorBatch, actor.io().inputShape()));
        this.actorRows = new float[actorBatch * obsSize];
        this.actorOutputs = new float[actorBatch * actSize];
        this.actorOutputGradient = new float[actorBatch * actSize];
        this.pairCurrent = new int[batch];
        this.pairNext = new int[batch];
        for (int b = 0; b < batch; b++) {
            pairCurrent[b] = b;
            pairNext[b] = batch + b;
        }
        this.worker = context.threads() > 1 ? Workers.single("ddpg-targets") : null;
    }

    private static long[] rows(int rows, int[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = rows;
        for (int i = 0; i < shape.length; i++) s[i + 1] = shape[i];
        return s;
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public Iteration iterate() {
        long episode = iterations;
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, episode, -3));
        double[] action = new double[actSize];
        double[] obs = new double[obsSize];
        Step s = env.reset(Seeds.derive(seed, episode, -1));
        System.arraycopy(s.observation(), 0, obs, 0, obsSize);
        double score = 0;
        int length = 0;
        int updates = 0;
        double[] losses = {Double.NaN, Double.NaN};
        while (!s.done()) {
            if (actor.normalizer() != null) actor.normalizer().update(obs);
            if (steps < o.integer("random_steps")) {
                for (int a = 0; a < actSize; a++) action[a] = -1 + 2 * rng.nextDouble();
            } else {
                acting.evaluate(obs, null, action);
                for (int a = 0; a < actSize; a++) {
                    action[a] = Math.max(-1, Math.min(1, action[a] + o.number("exploration_noise") * rng.nextGaussian()));
                }
            }
            s = env.step(action);
            steps++;
            length++;
            score += s.reward();
            buffer.add(obs, action, s.reward(), s.observation(), s.terminated(), s.truncated(), null);
            System.arraycopy(s.observation(), 0, obs, 0, obsSize);
            if (steps >= o.integer("update_after") && steps % o.integer("steps_between_batches") == 0) {
                for (int k = 0; k < o.integer("batch_iterations"); k++) {
                    losses = update(rng);
                    updates++;
                }
            }
        }
        iterations++;
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("train/episode_score/mean", score);
        stats.put("ddpg/updates", (double) updates);
        stats.put("critic/loss", losses[0]);
        stats.put("actor/loss", losses[1]);
        if (heads != null) heads.record(stats);
        return new Iteration(length, stats);
    }

    @Override
    public void updateAgain(long draw) {
        update(new SplittableRandom(draw));
    }

    /**
     * One critic and one actor step on a sampled batch, then the targets follow; returns both losses. With a second
     * thread, the critic's targets are computed there beside the critic's and the actor's forward passes, and the
     * target critic follows the critic there beside the actor's step: the same arithmetic as on one thread.
     */
    double[] update(SplittableRandom rng) {
        if (!buffer.sample(rng, sample)) throw new IllegalStateException("the replay buffer holds no transition yet");
        for (int b = 0; b < batch; b++) {
            System.arraycopy(sample.observations, 2 * b * obsSize, bObs, b * obsSize, obsSize);
            System.arraycopy(sample.observations, (2 * b + 1) * obsSize, bNext, b * obsSize, obsSize);
        }
        System.arraycopy(sample.actions, 0, bAct, 0, bAct.length);
        System.arraycopy(sample.rewards, 0, bReward, 0, batch);
        for (int b = 0; b < batch; b++) bNotTerminal[b] = 1 - sample.terminated[b];
        prepare(bObs, obs);
        prepare(bNext, next);
        HostArrays.write(obs, obsInput);
        HostArrays.write(next, nextInput);

        // The critic's targets: y = r + gamma (1 - terminated) Q'(s', mu'(s')).
        Future<?> targetJob = worker == null ? null : worker.submit(this::targets);
        if (targetJob == null) targets();

        // The critic: mean((Q(s, a) - y)^2). The actor's actions mu(s) too (the actor has not changed yet).
        HostArrays.write(join(obs, bAct, criticRows), criticInput);
        HostArrays.read(criticPass.forward(criticInput, null, null), q);
        if (heads == null) {
            HostArrays.read(actorPass.forward(obsInput, null, null), mu);
        } else { // the actor also reads s' (rows batch ..), whose outputs get no gradient
            System.arraycopy(obs, 0, actorRows, 0, obs.length);
            System.arraycopy(next, 0, actorRows, obs.length, next.length);
            HostArrays.write(actorRows, actorInput);
            HostArrays.read(actorPass.forward(actorInput, null, null), actorOutputs);
            System.arraycopy(actorOutputs, 0, mu, 0, mu.length);
        }
        if (targetJob != null) Workers.join(targetJob);
        double criticLoss = 0;
        for (int i = 0; i < batch; i++) {
            double error = q[i] - targets[i];
            criticLoss += error * error / batch;
            dq[i] = (float) (2 * error / batch);
        }
        HostArrays.write(dq, gradient);
        float[] criticGradient = criticPass.backward(gradient, null);
        critic.parameters().update(p -> criticAdam.descend(p, criticGradient));
        Future<?> polyakJob = worker == null ? null : worker.submit(() -> polyak(critic, targetCritic));

        // The actor: -mean(Q(s, mu(s))), through the updated critic (whose own gradients are not computed).
        HostArrays.write(join(obs, mu, criticRows), criticInput);
        HostArrays.read(criticForActor.forward(criticInput, null, null), qMu);
        double actorLoss = 0;
        for (int i = 0; i < batch; i++) {
            actorLoss -= qMu[i] / batch;
            dq[i] = -1f / batch;
        }
        HostArrays.write(dq, gradient);
        HostArrays.read(criticForActor.backwardToInput(gradient), criticRows);
        for (int i = 0; i < batch; i++) System.arraycopy(criticRows, i * (obsSize + actSize) + obsSize, mu, i * actSize, actSize);
        System.arraycopy(mu, 0, actorOutputGradient, 0, mu.length); // d loss / d mu (0 for the rows of s')
        HostArrays.write(actorOutputGradient, actionGradient);
        // The heads' losses join at the latent; the horizon term's successor is s' itself (pairs stay in their episode).
        INDArray latentGradient = heads == null ? null : heads.losses(actorPass.latent(), batch, pairCurrent, pairNext, sample.actions,
                pairNext, sample.successorActions, sample.successors);
        float[] actorGradient = actorPass.backward(actionGradient, latentGradient);
        actor.parameters().update(p -> actorAdam.descend(p, actorGradient));
        if (heads != null) heads.step();

        polyak(actor, targetActor);
        if (polyakJob == null) polyak(critic, targetCritic);
        else Workers.join(polyakJob);
        return new double[] {criticLoss, actorLoss};
    }

    /** targets = r + gamma (1 - terminated) Q'(s', mu'(s')) of the sampled batch, from the target networks. */
    private void targets() {
        HostArrays.read(targetActorPass.forward(nextInput, null, null), nextActions);
        HostArrays.write(join(next, nextActions, nextRows), nextCriticInput);
        HostArrays.read(targetCriticPass.forward(nextCriticInput, null, null), nextQ);
        double gamma = o.number("gamma");
        for (int i = 0; i < batch; i++) targets[i] = bReward[i] + gamma * bNotTerminal[i] * nextQ[i];
    }

    /** The batch's raw observations as the actor's inputs (normalised with its current statistics), into {@code x}. */
    private void prepare(float[] raw, float[] x) {
        for (int i = 0; i < batch; i++) {
            for (int k = 0; k < obsSize; k++) row[k] = raw[i * obsSize + k];
            actor.prepare(row, x, i * obsSize);
        }
    }

    /** Rows of [observation, action], into {@code x}; returns it. */
    private float[] join(float[] observations, float[] actions, float[] x) {
        for (int i = 0; i < batch; i++) {
            System.arraycopy(observations, i * obsSize, x, i * (obsSize + actSize), obsSize);
            System.arraycopy(actions, i * actSize, x, i * (obsSize + actSize) + obsSize, actSize);
        }
        return x;
    }

    /** target = tau source + (1 - tau) target, in float. */
    private void polyak(Model source, Model target) {
        float[] p = source.parameters().array();
        float tau = (float) o.number("tau");
        float keep = 1 - tau;
        target.parameters().update(t -> {
            for (int i = 0; i < t.length; i++) t[i] = tau * p[i] + keep * t[i];
        });
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public Policy<double[]> policy() {
        return new Policy<>(actor.copy(), space);
    }

    @Override
    public long parameterCount() {
        return actor.parameterCount();
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        StateIO.writeText(out, NAME);
        out.writeLong(iterations);
        out.writeLong(steps);
        StateIO.writeModel(out, actor);
        StateIO.writeModel(out, critic);
        StateIO.writeModel(out, targetActor);
        StateIO.writeModel(out, targetCritic);
        actorAdam.write(out);
        criticAdam.write(out);
        buffer.write(out);
        if (heads != null) heads.write(out);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        String kind = StateIO.readText(in);
        if (!kind.equals(NAME)) throw new IOException("checkpoint is for agent '" + kind + "', not '" + NAME + "'");
        long its = in.readLong();
        long st = in.readLong();
        StateIO.readModel(in, actor, "actor");
        StateIO.readModel(in, critic, "critic");
        StateIO.readModel(in, targetActor, "target actor");
        StateIO.readModel(in, targetCritic, "target critic");
        actorAdam.read(in);
        criticAdam.read(in);
        buffer.read(in);
        if (heads != null) heads.read(in);
        iterations = its;
        steps = st;
    }

    @Override
    public void close() {
        Workers.shutdown(worker);
        env.close();
        acting.close();
        for (BatchPass p : List.of(actorPass, criticPass, criticForActor, targetActorPass, targetCriticPass)) p.close();
        for (INDArray a : List.of(obsInput, nextInput, criticInput, nextCriticInput, gradient, actionGradient)) a.close();
        if (heads != null) {
            heads.close();
            actorInput.close();
        }
    }
}
