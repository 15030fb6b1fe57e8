package org.neuroprior.agents.es;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.neuroprior.agents.Agent;
import org.neuroprior.agents.Episodes;
import org.neuroprior.agents.FlatAdam;
import org.neuroprior.agents.Iteration;
import org.neuroprior.agents.Policy;
import org.neuroprior.agents.Seeds;
import org.neuroprior.architectures.Network;
import org.neuroprior.envs.Env;

/**
 * Evolution strategies as the NCAP paper trained its circuit (Salimans et al. 2017 with the paper's settings):
 * each generation perturbs the parameters with {@code population / 2} Gaussian directions, each used with both
 * signs (antithetic pairs), plays one episode per perturbed policy (all on the same episode seed, so a pair
 * differs only by its perturbation), replaces the returns by centred ranks, and takes an Adam step along
 * {@code sum_k (u+_k - u-_k) eps_k / (population sigma)} minus weight decay, clipped element-wise.
 * The population is evaluated in parallel, one environment and network copy per thread.
 */
public final class EvolutionStrategies implements Agent {

    /** Settings; {@link #defaults(int)} are the paper's. */
    public record Config(int population, double sigma, double learningRate, double weightDecay, double gradientClip, int threads) {
        public Config {
            if (population < 2 || population % 2 != 0) {
                throw new IllegalArgumentException("population = " + population + "; accepted: an even number >= 2 (antithetic pairs)");
            }
            if (!(sigma > 0)) throw new IllegalArgumentException("sigma = " + sigma + "; accepted: > 0");
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning_rate = " + learningRate + "; accepted: > 0");
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight_decay = " + weightDecay + "; accepted: >= 0");
            if (!(gradientClip > 0)) throw new IllegalArgumentException("gradient_clip = " + gradientClip + "; accepted: > 0");
            if (threads < 1) throw new IllegalArgumentException("threads = " + threads + "; accepted: >= 1");
        }

        public static Config defaults(int threads) {
            return new Config(8, 0.02, 0.01, 0.005, 1.0, threads);
        }
    }

    private final Config config;
    private final Network network;
    private final long seed;
    private final double[] theta;
    private final FlatAdam adam;
    private final List<Worker> workers = new ArrayList<>();
    private final ExecutorService pool;
    private long iterations;

    /** One thread's environment and network copy. */
    private record Worker(Env<double[]> env, Policy policy) {
    }

    public EvolutionStrategies(Config config, Network network, Supplier<Env<double[]>> envFactory, long seed) {
        this.config = config;
        this.network = network;
        this.seed = seed;
        this.theta = network.parameters();
        this.adam = new FlatAdam(theta.length, config.learningRate());
        int threads = Math.min(config.threads(), config.population());
        for (int w = 0; w < threads; w++) workers.add(new Worker(envFactory.get(), new Policy(network.copy(), null)));
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "es-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String kind() {
        return "es";
    }

    @Override
    public Iteration iterate() {
        long generation = iterations;
        int pairs = config.population() / 2;
        int n = theta.length;
        double[][] directions = new double[pairs][n];
        for (int k = 0; k < pairs; k++) {
            SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, generation, k));
            for (int i = 0; i < n; i++) directions[k][i] = rng.nextGaussian();
        }
        long episodeSeed = Seeds.derive(seed, generation, -1);
        double[] scores = new double[config.population()];
        int[] lengths = new int[config.population()];
        evaluate(directions, episodeSeed, scores, lengths);

        double[] utility = centredRanks(scores);
        double[] step = new double[n];
        double scale = 1.0 / (config.population() * config.sigma());
        for (int k = 0; k < pairs; k++) {
            double weight = (utility[2 * k] - utility[2 * k + 1]) * scale;
            for (int i = 0; i < n; i++) step[i] += weight * directions[k][i];
        }
        double norm = 0;
        for (int i = 0; i < n; i++) {
            step[i] -= config.weightDecay() * theta[i];
            step[i] = Math.max(-config.gradientClip(), Math.min(config.gradientClip(), step[i]));
            norm += step[i] * step[i];
        }
        adam.ascend(theta, step);
        network.setParameters(theta);
        iterations++;

        long steps = 0;
        for (int length : lengths) steps += length;
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("train/episode_score/mean", Arrays.stream(scores).average().orElse(Double.NaN));
        stats.put("train/episode_score/max", Arrays.stream(scores).max().orElse(Double.NaN));
        stats.put("train/episode_score/min", Arrays.stream(scores).min().orElse(Double.NaN));
        stats.put("es/gradient_norm", Math.sqrt(norm));
        return new Iteration(steps, stats);
    }

    /** Plays member j (pair j / 2, sign + for even j) on every thread, member j on worker j mod threads. */
    private void evaluate(double[][] directions, long episodeSeed, double[] scores, int[] lengths) {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < workers.size(); w++) {
            int first = w;
            Worker worker = workers.get(w);
            tasks.add(() -> {
                double[] perturbed = new double[theta.length];
                for (int j = first; j < scores.length; j += workers.size()) {
                    double sign = j % 2 == 0 ? 1 : -1;
                    double[] direction = directions[j / 2];
                    for (int i = 0; i < perturbed.length; i++) perturbed[i] = theta[i] + sign * config.sigma() * direction[i];
                    worker.policy().network().setParameters(perturbed);
                    Episodes.Result r = Episodes.run(worker.env(), worker.policy(), episodeSeed);
                    scores[j] = r.score();
                    lengths[j] = r.length();
                }
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("an evolution-strategies worker failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating the population", e);
        }
    }

    /** Ranks mapped linearly onto [-0.5, 0.5] (ties broken by index, so the result is deterministic). */
    public static double[] centredRanks(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[a], scores[b]) : Integer.compare(a, b));
        double[] utility = new double[scores.length];
        for (int rank = 0; rank < order.length; rank++) utility[order[rank]] = rank / (double) (order.length - 1) - 0.5;
        return utility;
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public Policy policy() {
        return new Policy(network.copy(), null);
    }

    @Override
    public long parameterCount() {
        return network.parameterCount();
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        out.writeUTF(kind());
        out.writeLong(iterations);
        out.writeInt(theta.length);
        for (double p : theta) out.writeDouble(p);
        adam.write(out);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        String kind = in.readUTF();
        if (!kind.equals(kind())) throw new IOException("checkpoint is for agent '" + kind + "', not '" + kind() + "'");
        long its = in.readLong();
        int n = in.readInt();
        if (n != theta.length) throw new IOException("checkpoint has " + n + " parameters; this network has " + theta.length);
        for (int i = 0; i < n; i++) theta[i] = in.readDouble();
        adam.read(in);
        iterations = its;
        network.setParameters(theta);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        for (Worker w : workers) w.env().close();
    }
}
