package org.neuroprior.agents.ppo;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.neuroprior.agents.Agent;
import org.neuroprior.agents.BoundedGraphMemory;
import org.neuroprior.agents.GraphOptimizer;
import org.neuroprior.agents.Iteration;
import org.neuroprior.agents.MlpPass;
import org.neuroprior.agents.NcapGraphPass;
import org.neuroprior.agents.Policy;
import org.neuroprior.agents.Seeds;
import org.neuroprior.architectures.Mlp;
import org.neuroprior.architectures.Ncap;
import org.neuroprior.architectures.Network;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.vector.VectorEnv;
import org.neuroprior.envs.vector.VectorStep;
import org.neuroprior.envs.wrappers.RunningMeanStd;

/**
 * Proximal policy optimisation (Schulman et al. 2017) with tonic's defaults, as the NCAP paper trained its agents.
 *
 * <p>Each iteration: reset a vector of environments with seeds derived from (seed, iteration); collect
 * {@code segment} steps with a Gaussian policy around the actor's output; update the critic's observation
 * statistics; compute generalised advantage estimates (gamma 0.99, lambda 0.97; a truncated episode is
 * bootstrapped from the value of its last observation, a terminated one is not); normalise the advantages; then
 * up to 80 full-batch Adam steps of the clipped surrogate (clip 0.2) for the actor, stopping as soon as the
 * approximate KL divergence from the collecting policy exceeds 0.015, and 80 full-batch Adam steps of the
 * squared value error for the critic (an MLP on normalised observations).
 *
 * <p>The actor's standard deviation is either learned (a state-independent log-std, as for MLPs) or fixed
 * (std 0.1 around the NCAP circuit's output, as in the paper). The networks are defined in SameDiff graphs, whose
 * variables the optimisers train; the passes of the MLPs (the critic, and an MLP actor) are computed by
 * {@link MlpPass} with plain ND4J operations and those of an NCAP actor by {@link NcapGraphPass} in plain Java, on
 * the same graph variables; SameDiff itself computes gradients only for other actors. With more than one thread the
 * critic's steps run beside the actor's. Rollouts use the networks' plain-Java forward passes, kept in sync with
 * {@link Network#pull}.
 */
public final class Ppo implements Agent {

    /** Settings; {@link #defaults} are tonic's. */
    public record Config(int segment, int envs, double gamma, double lambda, double clip, double actorLearningRate,
                         double criticLearningRate, int actorIterations, int criticIterations, double maxKl,
                         boolean normalizeActorObservations, double fixedStd, double initialLogStd, int threads) {
        public Config {
            if (segment < 2) throw new IllegalArgumentException("segment = " + segment + "; accepted: >= 2");
            if (envs < 1 || envs > segment) throw new IllegalArgumentException("envs = " + envs + "; accepted: 1.." + segment);
            if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("gamma = " + gamma + "; accepted: (0, 1]");
            if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("lambda = " + lambda + "; accepted: [0, 1]");
            if (!(clip > 0)) throw new IllegalArgumentException("clip = " + clip + "; accepted: > 0");
            if (!(fixedStd >= 0)) throw new IllegalArgumentException("fixed_std = " + fixedStd + "; accepted: 0 (learned) or > 0");
            if (threads < 1) throw new IllegalArgumentException("threads = " + threads + "; accepted: >= 1");
        }

        /** tonic's PPO; {@code fixedStd} 0 means a learned log-std. */
        public static Config defaults(boolean normalizeActorObservations, double fixedStd, int threads) {
            return new Config(4096, 4, 0.99, 0.97, 0.2, 3e-4, 1e-3, 80, 80, 0.015, normalizeActorObservations, fixedStd, -0.5,
                    threads);
        }
    }

    private static final String ACTOR = "actor";
    private static final String CRITIC = "critic";
    private static final String LOG_STD = "log_std";

    private final Config config;
    private final long seed;
    private final Network actor;
    private final Network critic;
    private final int obsSize;
    private final int actSize;
    private final VectorEnv<double[]> vec;
    private final RunningMeanStd obsStats;
    private final SameDiff actorGraph;
    private final SameDiff criticGraph;
    private final GraphOptimizer actorOptimizer;
    private final GraphOptimizer criticOptimizer;
    private final int stepsPerEnv;
    private long iterations;

    // Segment buffers, reused across iterations: [time][env] flattened as t * envs + e.
    private final double[][] observations;
    private final double[][] actions;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] ended;
    private final Map<Integer, double[]> finalObservations = new HashMap<>();
    /** The critic's passes without a SameDiff session, when the critic is an {@link Mlp} (it always is in runs). */
    private final MlpPass criticPass;
    /** The actor's passes without a SameDiff session, when the actor is an {@link Mlp}; the loss's tail in Java. */
    private final MlpPass actorPass;
    /** The actor's passes without a SameDiff session, when the actor is an {@link Ncap}; the loss's tail in Java. */
    private final NcapGraphPass ncapPass;
    private final INDArray actorLogStdGradient;
    /** Trains the critic beside the actor when the run has more than one thread; null otherwise. */
    private final ExecutorService criticWorker;
    /**
     * The critic's training passes over the two halves of the batch. The halves' gradients are always summed the
     * same way, so results do not depend on the thread count; with more than one thread the second half runs on
     * {@link #criticHalfWorker} at the same time as the first (the critic's 80 steps are what limits PPO).
     */
    private final MlpPass[] criticHalves;
    private final INDArray[] criticHalfGradients;
    /** The halves' observations and targets, copied in once per update (allocated once: nothing per update). */
    private final INDArray[] criticHalfObs;
    private final INDArray[] criticHalfTargets;
    private final ExecutorService criticHalfWorker;

    public Ppo(Config config, Network actor, Network critic, Supplier<Env<double[]>> envFactory, long seed) {
        this.config = config;
        this.seed = seed;
        this.actor = actor;
        this.critic = critic;
        this.vec = new VectorEnv<>(config.envs(), i -> envFactory.get(), Math.min(config.threads(), config.envs()));
        this.obsSize = vec.singleObservationSpace().size();
        this.actSize = actor.outputSize();
        if (actor.inputSize() != obsSize || critic.inputSize() != obsSize || critic.outputSize() != 1) {
            vec.close();
            throw new IllegalArgumentException("networks do not fit the environment: observation size " + obsSize + ", actor "
                    + actor.inputSize() + " -> " + actor.outputSize() + ", critic " + critic.inputSize() + " -> " + critic.outputSize());
        }
        this.obsStats = new RunningMeanStd(obsSize);
        this.stepsPerEnv = (config.segment() + config.envs() - 1) / config.envs();
        int n = stepsPerEnv * config.envs();
        this.observations = new double[n][obsSize];
        this.actions = new double[n][actSize];
        this.rewards = new double[n];
        this.terminated = new boolean[n];
        this.ended = new boolean[n];
        this.actorGraph = buildActorGraph();
        this.criticGraph = buildCriticGraph();
        this.actorOptimizer = new GraphOptimizer(actorGraph, config.actorLearningRate(), ACTOR, LOG_STD);
        this.criticOptimizer = new GraphOptimizer(criticGraph, config.criticLearningRate(), CRITIC);
        actorGraph.createGradFunction();
        criticGraph.createGradFunction();
        if (critic instanceof Mlp mlp) {
            this.criticPass = new MlpPass(criticGraph, CRITIC, mlp, n);
            int half = n / 2;
            this.criticHalves = new MlpPass[] {new MlpPass(criticGraph, CRITIC, mlp, half), new MlpPass(criticGraph, CRITIC, mlp, n - half)};
            this.criticHalfGradients = new INDArray[] {Nd4j.create(DataType.FLOAT, half, 1), Nd4j.create(DataType.FLOAT, n - half, 1)};
            this.criticHalfObs = new INDArray[] {Nd4j.create(DataType.FLOAT, half, obsSize), Nd4j.create(DataType.FLOAT, n - half, obsSize)};
            this.criticHalfTargets = new INDArray[] {Nd4j.create(DataType.FLOAT, half, 1), Nd4j.create(DataType.FLOAT, n - half, 1)};
        } else {
            this.criticPass = null;
            this.criticHalves = null;
            this.criticHalfGradients = null;
            this.criticHalfObs = null;
            this.criticHalfTargets = null;
        }
        this.actorPass = actor instanceof Mlp mlp ? new MlpPass(actorGraph, ACTOR, mlp, n) : null;
        this.ncapPass = actor instanceof Ncap ncap ? new NcapGraphPass(actorGraph, ACTOR, ncap, n) : null;
        this.actorLogStdGradient = Nd4j.create(DataType.FLOAT, 1, actSize);
        this.criticWorker = config.threads() > 1 ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ppo-critic");
            t.setDaemon(true);
            return t;
        }) : null;
        this.criticHalfWorker = config.threads() > 1 && criticHalves != null ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ppo-critic-half");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    private SameDiff buildActorGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable obs = sd.placeHolder("obs", DataType.FLOAT, -1, obsSize);
        SDVariable act = sd.placeHolder("act", DataType.FLOAT, -1, actSize);
        SDVariable adv = sd.placeHolder("adv", DataType.FLOAT, -1);
        SDVariable oldLogp = sd.placeHolder("old_logp", DataType.FLOAT, -1);
        SDVariable mean = actor.define(sd, ACTOR, obs);
        SDVariable logStd = config.fixedStd() > 0
                ? sd.constant(LOG_STD, Nd4j.valueArrayOf(new long[] {1, actSize}, Math.log(config.fixedStd())).castTo(DataType.FLOAT))
                : sd.var(LOG_STD, Nd4j.valueArrayOf(new long[] {1, actSize}, config.initialLogStd()).castTo(DataType.FLOAT));
        SDVariable z = act.sub(mean).mul(sd.math.exp(logStd.neg()));
        // log N(a; mean, std) = -0.5 sum_i (z_i^2 + 2 log std_i + log 2 pi).
        SDVariable perElement = sd.math.square(z).add(logStd.mul(2)).add(Math.log(2 * Math.PI));
        // ND4J M2.1 fails (NullPointerException) on a reduction over a dimension of size 1: reshape instead.
        SDVariable logp = (actSize == 1 ? perElement.reshape(-1) : perElement.sum(1)).mul("logp", -0.5);
        SDVariable ratio = sd.math.exp(logp.sub(oldLogp));
        SDVariable unclipped = ratio.mul(adv);
        SDVariable clipped = sd.math.clipByValue(ratio, 1 - config.clip(), 1 + config.clip()).mul(adv);
        // min(a, b) written as a - relu(a - b): SameDiff 1.0.0-M2.1's minimum sends the full gradient to both inputs
        // when they are equal (every ratio inside the clip range), doubling it (caught by PpoLossTest).
        SDVariable surrogate = unclipped.sub(sd.nn.relu(unclipped.sub(clipped), 0));
        surrogate.mean().neg("loss");
        oldLogp.sub(logp).mean("kl");
        sd.setLossVariables("loss");
        return sd;
    }

    private SameDiff buildCriticGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable obs = sd.placeHolder("obs", DataType.FLOAT, -1, obsSize);
        SDVariable target = sd.placeHolder("ret", DataType.FLOAT, -1);
        SDVariable value = sd.reshape("value", critic.define(sd, CRITIC, obs), -1);
        sd.math.square(value.sub(target)).mean("loss");
        sd.setLossVariables("loss");
        return sd;
    }

    /** The actor's loss graph (placeholders obs, act, adv, old_logp; outputs logp, loss, kl), for tests. */
    SameDiff actorGraph() {
        return actorGraph;
    }

    @Override
    public String kind() {
        return "ppo";
    }

    @Override
    public Iteration iterate() {
        long iteration = iterations;
        BoundedGraphMemory.apply(actorGraph);
        BoundedGraphMemory.apply(criticGraph);
        Map<String, Double> stats = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        collect(iteration, stats);
        long t1 = System.nanoTime();

        // The critic normalises with statistics that include this segment; so does an MLP actor.
        for (int i = 0; i < rewards.length; i++) obsStats.update(observations[i]);
        int n = rewards.length;
        int envs = config.envs();
        INDArray criticObs = normalizedBatch(observations, n);
        double[] values = criticPass != null ? GraphOptimizer.flatValues(criticPass.forward(criticObs)) : values(criticObs);
        double[] bootstrap = bootstrapValues();

        double[] advantages = new double[n];
        double[] returns = new double[n];
        for (int e = 0; e < envs; e++) {
            double next = 0;
            for (int t = stepsPerEnv - 1; t >= 0; t--) {
                int i = t * envs + e;
                double nextValue;
                if (terminated[i]) nextValue = 0;
                else if (ended[i] || t == stepsPerEnv - 1) nextValue = bootstrap[i];
                else nextValue = values[i + envs];
                if (ended[i] || t == stepsPerEnv - 1) next = 0; // a new episode starts at t + 1
                double delta = rewards[i] + config.gamma() * nextValue - values[i];
                next = delta + config.gamma() * config.lambda() * next;
                advantages[i] = next;
                returns[i] = next + values[i];
            }
        }
        normalize(advantages);

        // The critic's updates do not depend on the actor's: with more than one thread they run beside them.
        INDArray ret = floats(returns, n, 1);
        double[] criticSeconds = new double[1];
        Future<Double> criticJob = criticWorker == null ? null : criticWorker.submit(() -> trainCritic(criticObs, ret, criticSeconds));

        INDArray actorObs = config.normalizeActorObservations() ? criticObs : rawBatch(observations, n);
        int actorSteps = 0;
        double kl = 0;
        double actorLoss = Double.NaN;
        if (actorPass != null || ncapPass != null) {
            double[] flatActions = flatten(actions, n);
            double[] oldLogp = new double[n];
            double[] lossAndKl = new double[2];
            for (int k = 0; k < config.actorIterations() || k == 0; k++) {
                // The first pass is at the collecting policy: it gives the old log-probabilities (ratio 1, KL 0).
                Map<String, INDArray> gradients = actorGradients(actorObs, flatActions, advantages, oldLogp, k == 0, lossAndKl);
                kl = lossAndKl[1];
                if (k == 0) actorLoss = lossAndKl[0];
                if (k == config.actorIterations()) break;
                if (kl > config.maxKl()) break; // as tonic: stop before a step that would leave the trust region
                actorOptimizer.descend(gradients, false);
                actorSteps++;
            }
        } else {
            INDArray act = floats(flatten(actions, n), n, actSize);
            INDArray adv = floats(advantages, n);
            Map<String, INDArray> feed = new HashMap<>();
            feed.put("obs", actorObs);
            feed.put("act", act);
            feed.put("adv", adv);
            try (INDArray placeholder = Nd4j.zeros(DataType.FLOAT, n)) { // for the first pass below
                feed.put("old_logp", placeholder);
                // Log-probabilities under the collecting policy, with the statistics it will be trained with.
                feed.put("old_logp", actorGraph.output(feed, "logp").get("logp").dup());
            }
            for (int k = 0; k < config.actorIterations(); k++) {
                var pass = actorGraph.calculateGradientsAndOutputs(feed, List.of("loss", "kl"), actorOptimizer.variableNames());
                kl = pass.getOutputs().get("kl").getDouble(0);
                if (k == 0) actorLoss = pass.getOutputs().get("loss").getDouble(0);
                close(pass.getOutputs().values());
                if (kl > config.maxKl()) {
                    close(pass.getGradients().values());
                    break; // as tonic: stop before a step that would leave the trust region
                }
                actorOptimizer.descend(pass.getGradients());
                actorSteps++;
            }
            close(List.of(act, adv, feed.get("old_logp")));
        }
        actor.pull(actorGraph, ACTOR);
        long t2 = System.nanoTime();

        double criticLoss = criticJob != null ? join(criticJob) : trainCritic(criticObs, ret, criticSeconds);
        critic.pull(criticGraph, CRITIC);
        close(List.of(criticObs, ret));
        if (actorObs != criticObs) actorObs.close();
        iterations++;
        stats.put("ppo/collect_seconds", (t1 - t0) / 1e9);
        stats.put("ppo/actor_seconds", (t2 - t1) / 1e9);
        stats.put("ppo/critic_seconds", criticSeconds[0]);

        stats.put("actor/loss", actorLoss);
        stats.put("actor/kl", kl);
        stats.put("actor/iterations", (double) actorSteps);
        stats.put("actor/std", Math.exp(logStd()[0]));
        stats.put("critic/loss", criticLoss);
        return new Iteration(n, stats);
    }

    /**
     * The MLP or NCAP actor's surrogate loss and its gradients at the current parameters, as the actor graph computes them
     * (checked by PpoLossTest): a forward pass, the Gaussian log-probabilities, ratios and clipped surrogate in Java,
     * then the backward pass. If {@code first}, the log-probabilities are also written into {@code oldLogp}. Writes
     * the loss and the approximate KL divergence into {@code lossAndKl}. The gradient arrays are reused by the next call.
     */
    Map<String, INDArray> actorGradients(INDArray obs, double[] flatActions, double[] advantages, double[] oldLogp, boolean first,
                                         double[] lossAndKl) {
        int n = advantages.length;
        float[] mean = actorPass != null ? actorPass.forward(obs).data().asFloat() : ncapPass.forward(obs);
        double[] logStd = logStd();
        double[] invStd = new double[actSize];
        for (int a = 0; a < actSize; a++) invStd[a] = Math.exp(-(float) logStd[a]);
        double constant = 0;
        for (int a = 0; a < actSize; a++) constant += 2 * logStd[a] + Math.log(2 * Math.PI);
        double[] z = new double[actSize];
        float[] meanGradient = new float[n * actSize];
        double[] logStdGradient = new double[actSize];
        double loss = 0;
        double kl = 0;
        double low = 1 - config.clip();
        double high = 1 + config.clip();
        for (int j = 0; j < n; j++) {
            double squares = 0;
            for (int a = 0; a < actSize; a++) {
                z[a] = (flatActions[j * actSize + a] - mean[j * actSize + a]) * invStd[a];
                squares += z[a] * z[a];
            }
            double logp = -0.5 * (squares + constant);
            if (first) oldLogp[j] = logp;
            double ratio = Math.exp(logp - oldLogp[j]);
            double unclipped = ratio * advantages[j];
            double clipped = Math.max(low, Math.min(high, ratio)) * advantages[j];
            // min(unclipped, clipped): the gradient flows through the unclipped term unless the clipped one is smaller.
            boolean clippedIsMin = unclipped - clipped > 0;
            loss -= clippedIsMin ? clipped : unclipped;
            kl += oldLogp[j] - logp;
            if (clippedIsMin) continue;
            double dLogp = -advantages[j] * ratio / n; // d loss / d logp_j
            for (int a = 0; a < actSize; a++) {
                meanGradient[j * actSize + a] = (float) (dLogp * z[a] * invStd[a]);
                logStdGradient[a] += dLogp * (z[a] * z[a] - 1);
            }
        }
        lossAndKl[0] = loss / n;
        lossAndKl[1] = kl / n;
        Map<String, INDArray> gradients;
        if (actorPass != null) {
            try (INDArray dMean = Nd4j.create(meanGradient, new long[] {n, actSize}, 'c')) {
                gradients = new LinkedHashMap<>(actorPass.backward(obs, dMean));
            }
        } else {
            gradients = new LinkedHashMap<>(ncapPass.backward(meanGradient));
        }
        if (config.fixedStd() == 0) {
            INDArray g = actorLogStdGradient;
            g.data().setData(toFloats(logStdGradient));
            gradients.put(LOG_STD, g);
        }
        return gradients;
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return f;
    }

    /** The critic's updates on this segment; returns the loss before them, and its duration in {@code seconds[0]}. */
    private double trainCritic(INDArray criticObs, INDArray ret, double[] seconds) {
        long t0 = System.nanoTime();
        int n = rewards.length;
        double criticLoss;
        if (criticPass != null) {
            // loss = mean((value - ret)^2); its gradient with respect to the values is 2 (value - ret) / n, summed
            // over the two halves of the batch (first + second, always in that order).
            int half = n / 2;
            INDArray[] obs = criticHalfObs, target = criticHalfTargets;
            obs[0].assign(criticObs.get(NDArrayIndex.interval(0, half), NDArrayIndex.all()));
            obs[1].assign(criticObs.get(NDArrayIndex.interval(half, n), NDArrayIndex.all()));
            target[0].assign(ret.get(NDArrayIndex.interval(0, half), NDArrayIndex.all())); // ret is (n, 1)
            target[1].assign(ret.get(NDArrayIndex.interval(half, n), NDArrayIndex.all()));
            double[] squaredError = new double[2];
            criticLoss = Double.NaN;
            for (int k = 0; k < config.criticIterations() || k == 0; k++) {
                boolean first = k == 0, lossOnly = config.criticIterations() == 0;
                Future<Map<String, INDArray>> second = criticHalfWorker == null ? null
                        : criticHalfWorker.submit(() -> criticHalfGradient(1, obs[1], target[1], n, squaredError, first, lossOnly));
                Map<String, INDArray> gradients = criticHalfGradient(0, obs[0], target[0], n, squaredError, first, lossOnly);
                Map<String, INDArray> secondGradients = second == null
                        ? criticHalfGradient(1, obs[1], target[1], n, squaredError, first, lossOnly) : join(second);
                if (first) criticLoss = (squaredError[0] + squaredError[1]) / n;
                if (lossOnly) break;
                for (var e : gradients.entrySet()) e.getValue().addi(secondGradients.get(e.getKey()));
                criticOptimizer.descend(gradients, false);
            }
        } else {
            Map<String, INDArray> criticFeed = Map.of("obs", criticObs, "ret", ret.reshape(n)); // a view of ret
            criticLoss = criticGraphOutput(criticFeed);
            for (int k = 0; k < config.criticIterations(); k++) {
                criticOptimizer.descend(criticGraph.calculateGradients(criticFeed, criticOptimizer.variableNames()));
            }
        }
        seconds[0] = (System.nanoTime() - t0) / 1e9;
        return criticLoss;
    }

    /**
     * The gradient of the critic's loss (over the whole batch of n) from half i of the batch; on the first step
     * also that half's sum of squared errors. Returns null when only the loss is wanted.
     */
    private Map<String, INDArray> criticHalfGradient(int i, INDArray obs, INDArray target, int n, double[] squaredError,
                                                     boolean first, boolean lossOnly) {
        INDArray error = criticHalfGradients[i].assign(criticHalves[i].forward(obs)).subi(target);
        if (first) {
            double norm = error.norm2Number().doubleValue();
            squaredError[i] = norm * norm;
        }
        if (lossOnly) return null;
        error.muli(2.0 / n);
        return criticHalves[i].backward(obs, error);
    }

    private double criticGraphOutput(Map<String, INDArray> feed) {
        BoundedGraphMemory.apply(criticGraph); // sessions are per thread
        return criticGraph.output(feed, "loss").get("loss").getDouble(0);
    }

    private static <T> T join(Future<T> job) {
        try {
            return job.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the critic trained", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs the Gaussian policy for one segment, filling the buffers; adds episode statistics to {@code stats}. */
    private void collect(long iteration, Map<String, Double> stats) {
        int envs = config.envs();
        SplittableRandom noise = new SplittableRandom(Seeds.derive(seed, iteration, -2));
        Policy rollout = new Policy(actor, config.normalizeActorObservations() && obsStats.count() > 0 ? obsStats.stats() : null);
        double[] std = stdDevs();
        double[][] batchActions = new double[envs][actSize];
        double[] mean = new double[actSize];
        double[] episodeScore = new double[envs];
        List<Double> finished = new ArrayList<>();
        finalObservations.clear();
        VectorStep s = vec.reset(Seeds.derive(seed, iteration, -1));
        for (int t = 0; t < stepsPerEnv; t++) {
            for (int e = 0; e < envs; e++) {
                int i = t * envs + e;
                System.arraycopy(s.observations()[e], 0, observations[i], 0, obsSize);
                rollout.act(s.observations()[e], mean);
                for (int a = 0; a < actSize; a++) {
                    actions[i][a] = mean[a] + std[a] * noise.nextGaussian();
                    batchActions[e][a] = Math.max(-1, Math.min(1, actions[i][a]));
                }
            }
            s = vec.step(batchActions);
            for (int e = 0; e < envs; e++) {
                int i = t * envs + e;
                rewards[i] = s.rewards()[e];
                terminated[i] = s.terminated()[e];
                ended[i] = s.terminated()[e] || s.truncated()[e];
                episodeScore[e] += rewards[i];
                if (ended[i]) {
                    finalObservations.put(i, (double[]) s.infos().get(e).get(VectorEnv.FINAL_OBSERVATION));
                    finished.add(episodeScore[e]);
                    episodeScore[e] = 0;
                } else if (t == stepsPerEnv - 1) {
                    finalObservations.put(i, s.observations()[e].clone()); // the segment cuts this episode
                }
            }
        }
        if (!finished.isEmpty()) {
            stats.put("train/episode_score/mean", finished.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
            stats.put("train/episodes", (double) finished.size());
        } else {
            stats.put("train/episode_score/mean", Double.NaN);
            stats.put("train/episodes", 0.0);
        }
    }

    private double[] stdDevs() {
        double[] logStd = logStd();
        double[] std = new double[actSize];
        for (int a = 0; a < actSize; a++) std[a] = Math.exp(logStd[a]);
        return std;
    }

    private double[] logStd() {
        return GraphOptimizer.flatValues(actorGraph.getVariable(LOG_STD).getArr());
    }

    /** Values of the observations that follow each segment's last step or an episode's end. */
    private double[] bootstrapValues() {
        double[] out = new double[rewards.length];
        if (finalObservations.isEmpty()) return out;
        int[] index = finalObservations.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        double[][] obs = new double[index.length][];
        for (int k = 0; k < index.length; k++) obs[k] = finalObservations.get(index[k]);
        double[] v;
        try (INDArray batch = normalizedBatch(obs, obs.length)) {
            v = values(batch);
        }
        for (int k = 0; k < index.length; k++) out[index[k]] = v[k];
        return out;
    }

    private double[] values(INDArray normalizedObs) {
        INDArray out = criticGraph.output(Map.of("obs", normalizedObs), "value").get("value");
        double[] values = GraphOptimizer.flatValues(out);
        close(List.of(out));
        return values;
    }

    /** Frees the native memory of arrays this iteration made and no longer needs, instead of waiting for the GC. */
    private static void close(java.util.Collection<INDArray> arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) a.close();
        }
    }

    private INDArray normalizedBatch(double[][] rows, int n) {
        double[] flat = new double[n * obsSize];
        double[] row = new double[obsSize];
        for (int i = 0; i < n; i++) {
            obsStats.normalize(rows[i], row, Policy.OBSERVATION_CLIP);
            System.arraycopy(row, 0, flat, i * obsSize, obsSize);
        }
        return floats(flat, n, obsSize);
    }

    private INDArray rawBatch(double[][] rows, int n) {
        return floats(flatten(rows, n), n, rows[0].length);
    }

    /** A new float array of this shape (not a view, so closeable) of row-major values, with no double temporary. */
    private static INDArray floats(double[] values, long... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return Nd4j.create(f, shape, 'c');
    }

    private static double[] flatten(double[][] rows, int n) {
        int width = rows[0].length;
        double[] flat = new double[n * width];
        for (int i = 0; i < n; i++) System.arraycopy(rows[i], 0, flat, i * width, width);
        return flat;
    }

    private static void normalize(double[] x) {
        double mean = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        double var = 0;
        for (double v : x) var += (v - mean) * (v - mean);
        double std = Math.sqrt(var / x.length) + 1e-8;
        for (int i = 0; i < x.length; i++) x[i] = (x[i] - mean) / std;
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public Policy policy() {
        return new Policy(actor.copy(), config.normalizeActorObservations() && obsStats.count() > 0 ? obsStats.stats() : null);
    }

    @Override
    public long parameterCount() {
        return actor.parameterCount() + (config.fixedStd() > 0 ? 0 : actSize);
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        out.writeUTF(kind());
        out.writeLong(iterations);
        out.writeUTF(obsStats.stats().toText());
        actorOptimizer.write(out);
        criticOptimizer.write(out);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        String kind = in.readUTF();
        if (!kind.equals(kind())) throw new IOException("checkpoint is for agent '" + kind + "', not '" + kind() + "'");
        long its = in.readLong();
        RunningMeanStd.Stats stats;
        try {
            stats = RunningMeanStd.Stats.parse(in.readUTF());
            obsStats.restore(stats);
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint's observation statistics do not fit: " + e.getMessage(), e);
        }
        actorOptimizer.read(in);
        criticOptimizer.read(in);
        actor.pull(actorGraph, ACTOR);
        critic.pull(criticGraph, CRITIC);
        iterations = its;
    }

    @Override
    public void close() {
        vec.close();
        if (criticWorker != null) criticWorker.shutdownNow();
        if (criticHalfWorker != null) criticHalfWorker.shutdownNow();
        if (actorPass != null) actorPass.close();
        if (ncapPass != null) ncapPass.close();
        actorLogStdGradient.close();
        if (criticPass != null) {
            criticPass.close();
            for (var pass : criticHalves) pass.close();
            for (var g : criticHalfGradients) g.close();
            for (var a : criticHalfObs) a.close();
            for (var a : criticHalfTargets) a.close();
        }
    }
}
