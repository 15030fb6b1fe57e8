package org.neuroprior.agents.ddpg;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.agents.Agent;
import org.neuroprior.agents.BoundedGraphMemory;
import org.neuroprior.agents.GraphOptimizer;
import org.neuroprior.agents.Iteration;
import org.neuroprior.agents.Policy;
import org.neuroprior.agents.Seeds;
import org.neuroprior.architectures.Network;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Step;

/**
 * Deep deterministic policy gradient (Lillicrap et al. 2016) with the settings of the NCAP paper (tonic's DDPG):
 * a deterministic actor, a critic Q(s, a), a replay buffer, target networks updated by Polyak averaging, and
 * Gaussian exploration noise after a phase of uniformly random actions.
 *
 * <p>One iteration is one episode. Once {@code updateAfter} steps are stored, every {@code stepsBetweenBatches}
 * environment steps run {@code batchIterations} updates on batches drawn from the buffer: the critic regresses on
 * {@code r + gamma (1 - terminated) Q'(s', mu'(s'))} (targets computed with the target networks' plain-Java forward
 * passes), the actor climbs {@code Q(s, mu(s))} through the critic, and both targets move by {@code tau}.
 */
public final class Ddpg implements Agent {

    /** Settings; {@link #defaults} are the paper's. */
    public record Config(int bufferSize, int batchSize, double actorLearningRate, double criticLearningRate, double tau,
                         double gamma, double explorationNoise, int randomSteps, int updateAfter, int stepsBetweenBatches,
                         int batchIterations) {
        public Config {
            if (bufferSize < 1) throw new IllegalArgumentException("buffer_size = " + bufferSize + "; accepted: >= 1");
            if (batchSize < 1) throw new IllegalArgumentException("batch_size = " + batchSize + "; accepted: >= 1");
            if (!(tau > 0 && tau <= 1)) throw new IllegalArgumentException("tau = " + tau + "; accepted: (0, 1]");
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma = " + gamma + "; accepted: [0, 1]");
            if (stepsBetweenBatches < 1) throw new IllegalArgumentException("steps_between_batches = " + stepsBetweenBatches + "; accepted: >= 1");
        }

        public static Config defaults() {
            return new Config(1_000_000, 100, 1e-3, 1e-3, 0.005, 0.99, 0.1, 20_000, 10_000, 50, 50);
        }
    }

    private static final String ACTOR = "actor";
    private static final String CRITIC = "critic";

    private final Config config;
    private final long seed;
    private final Network actor;
    private final Network critic;
    private final Network targetActor;
    private final Network targetCritic;
    private final Env<double[]> env;
    private final int obsSize;
    private final int actSize;
    private final ReplayBuffer buffer;
    private final SameDiff criticGraph;
    private final SameDiff actorGraph;
    private final GraphOptimizer criticOptimizer;
    private final GraphOptimizer actorOptimizer;
    private long iterations;
    private long steps;

    // Batch buffers, reused.
    private final float[] bObs;
    private final float[] bAct;
    private final float[] bReward;
    private final float[] bNext;
    private final float[] bNotTerminal;

    public Ddpg(Config config, Network actor, Network critic, Supplier<Env<double[]>> envFactory, long seed) {
        this.config = config;
        this.seed = seed;
        this.actor = actor;
        this.critic = critic;
        this.env = envFactory.get();
        this.obsSize = env.observationSpace().size();
        this.actSize = ((Box) env.actionSpace()).size();
        if (actor.inputSize() != obsSize || actor.outputSize() != actSize || critic.inputSize() != obsSize + actSize
                || critic.outputSize() != 1) {
            env.close();
            throw new IllegalArgumentException("networks do not fit the environment: observation " + obsSize + ", action " + actSize
                    + "; actor " + actor.inputSize() + " -> " + actor.outputSize() + ", critic " + critic.inputSize() + " -> "
                    + critic.outputSize() + " (the critic reads observation and action)");
        }
        this.targetActor = actor.copy();
        this.targetCritic = critic.copy();
        this.buffer = new ReplayBuffer(config.bufferSize(), obsSize, actSize);
        this.criticGraph = buildCriticGraph();
        this.actorGraph = buildActorGraph();
        this.criticOptimizer = new GraphOptimizer(criticGraph, config.criticLearningRate(), CRITIC);
        this.actorOptimizer = new GraphOptimizer(actorGraph, config.actorLearningRate(), ACTOR);
        criticGraph.createGradFunction();
        actorGraph.createGradFunction();
        int b = config.batchSize();
        this.bObs = new float[b * obsSize];
        this.bAct = new float[b * actSize];
        this.bReward = new float[b];
        this.bNext = new float[b * obsSize];
        this.bNotTerminal = new float[b];
    }

    private SameDiff buildCriticGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable obs = sd.placeHolder("obs", DataType.FLOAT, -1, obsSize);
        SDVariable act = sd.placeHolder("act", DataType.FLOAT, -1, actSize);
        SDVariable target = sd.placeHolder("target", DataType.FLOAT, -1);
        SDVariable q = critic.define(sd, CRITIC, sd.concat(1, obs, act)).reshape(-1);
        sd.math.square(q.sub(target)).mean("loss"); // named by its own op: an identity on top doubles gradients (M2.1)
        sd.setLossVariables("loss");
        return sd;
    }

    /** The actor followed by a copy of the critic, whose variables are refreshed from the critic graph. */
    private SameDiff buildActorGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable obs = sd.placeHolder("obs", DataType.FLOAT, -1, obsSize);
        SDVariable mu = actor.define(sd, ACTOR, obs);
        SDVariable q = critic.define(sd, CRITIC, sd.concat(1, obs, mu));
        q.mean().neg("loss");
        sd.setLossVariables("loss");
        return sd;
    }

    @Override
    public String kind() {
        return "ddpg";
    }

    @Override
    public Iteration iterate() {
        long episode = iterations;
        BoundedGraphMemory.apply(criticGraph);
        BoundedGraphMemory.apply(actorGraph);
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, episode, -3));
        Policy policy = new Policy(actor, null);
        double[] action = new double[actSize];
        double[] obs = new double[obsSize];
        Step s = env.reset(Seeds.derive(seed, episode, -1));
        System.arraycopy(s.observation(), 0, obs, 0, obsSize);
        double score = 0;
        int length = 0;
        int updates = 0;
        double criticLoss = Double.NaN;
        double actorLoss = Double.NaN;
        while (!s.done()) {
            if (steps < config.randomSteps()) {
                for (int a = 0; a < actSize; a++) action[a] = -1 + 2 * rng.nextDouble();
            } else {
                policy.act(obs, action);
                for (int a = 0; a < actSize; a++) {
                    action[a] = Math.max(-1, Math.min(1, action[a] + config.explorationNoise() * rng.nextGaussian()));
                }
            }
            s = env.step(action);
            steps++;
            length++;
            score += s.reward();
            buffer.add(obs, action, s.reward(), s.observation(), s.terminated());
            System.arraycopy(s.observation(), 0, obs, 0, obsSize);
            if (steps >= config.updateAfter() && steps % config.stepsBetweenBatches() == 0) {
                for (int k = 0; k < config.batchIterations(); k++) {
                    double[] losses = update(rng);
                    criticLoss = losses[0];
                    actorLoss = losses[1];
                    updates++;
                }
                actor.pull(actorGraph, ACTOR);
                policy = new Policy(actor, null);
            }
        }
        iterations++;
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("train/episode_score/mean", score);
        stats.put("ddpg/updates", (double) updates);
        stats.put("critic/loss", criticLoss);
        stats.put("actor/loss", actorLoss);
        return new Iteration(length, stats);
    }

    /** One critic and one actor step on a sampled batch, then the target networks follow; returns both losses. */
    private double[] update(SplittableRandom rng) {
        int b = config.batchSize();
        buffer.sample(rng, b, bObs, bAct, bReward, bNext, bNotTerminal);
        float[] targets = new float[b];
        double[] next = new double[obsSize];
        double[] nextAct = new double[actSize];
        double[] criticIn = new double[obsSize + actSize];
        double[] q = new double[1];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < obsSize; k++) next[k] = bNext[i * obsSize + k];
            targetActor.forward(next, nextAct);
            for (int a = 0; a < actSize; a++) nextAct[a] = Math.max(-1, Math.min(1, nextAct[a]));
            System.arraycopy(next, 0, criticIn, 0, obsSize);
            System.arraycopy(nextAct, 0, criticIn, obsSize, actSize);
            targetCritic.forward(criticIn, q);
            targets[i] = (float) (bReward[i] + config.gamma() * bNotTerminal[i] * q[0]);
        }
        INDArray obs = Nd4j.createFromArray(bObs).reshape(b, obsSize);
        var criticPass = criticGraph.calculateGradientsAndOutputs(
                Map.of("obs", obs, "act", Nd4j.createFromArray(bAct).reshape(b, actSize), "target", Nd4j.createFromArray(targets)),
                List.of("loss"), criticOptimizer.variableNames());
        criticOptimizer.descend(criticPass.getGradients());
        syncCriticCopy();
        var actorPass = actorGraph.calculateGradientsAndOutputs(Map.of("obs", obs), List.of("loss"), actorOptimizer.variableNames());
        actorOptimizer.descend(actorPass.getGradients());

        actor.pull(actorGraph, ACTOR);
        critic.pull(criticGraph, CRITIC);
        polyak(actor, targetActor);
        polyak(critic, targetCritic);
        return new double[] {criticPass.getOutputs().get("loss").getDouble(0), actorPass.getOutputs().get("loss").getDouble(0)};
    }

    /** The actor graph's copy of the critic takes the critic's current values; only the actor's variables train there. */
    private void syncCriticCopy() {
        for (String name : criticOptimizer.variableNames()) {
            actorGraph.getVariable(name).getArr().assign(criticGraph.getVariable(name).getArr());
        }
    }

    private void polyak(Network source, Network target) {
        double[] p = source.parameters();
        double[] t = target.parameters();
        for (int i = 0; i < t.length; i++) t[i] = config.tau() * p[i] + (1 - config.tau()) * t[i];
        target.setParameters(t);
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public Policy policy() {
        return new Policy(actor.copy(), null);
    }

    @Override
    public long parameterCount() {
        return actor.parameterCount();
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        out.writeUTF(kind());
        out.writeLong(iterations);
        out.writeLong(steps);
        actorOptimizer.write(out);
        criticOptimizer.write(out);
        writeArray(out, targetActor.parameters());
        writeArray(out, targetCritic.parameters());
        buffer.write(out);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        String kind = in.readUTF();
        if (!kind.equals(kind())) throw new IOException("checkpoint is for agent '" + kind + "', not '" + kind() + "'");
        long its = in.readLong();
        long st = in.readLong();
        actorOptimizer.read(in);
        criticOptimizer.read(in);
        targetActor.setParameters(readArray(in, targetActor.parameterCount()));
        targetCritic.setParameters(readArray(in, targetCritic.parameterCount()));
        buffer.read(in);
        actor.pull(actorGraph, ACTOR);
        critic.pull(criticGraph, CRITIC);
        syncCriticCopy();
        iterations = its;
        steps = st;
    }

    private static void writeArray(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) out.writeDouble(v);
    }

    private static double[] readArray(DataInputStream in, long expected) throws IOException {
        int n = in.readInt();
        if (n != expected) throw new IOException("checkpoint holds " + n + " target parameters, this network has " + expected);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = in.readDouble();
        return values;
    }

    @Override
    public void close() {
        env.close();
    }
}
