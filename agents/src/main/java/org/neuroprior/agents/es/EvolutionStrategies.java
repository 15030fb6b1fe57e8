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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.neuroprior.agents.ActionCoding;
import org.neuroprior.agents.Adam;
import org.neuroprior.agents.Agent;
import org.neuroprior.agents.AgentContext;
import org.neuroprior.agents.AgentSpec;
import org.neuroprior.agents.Episodes;
import org.neuroprior.agents.Iteration;
import org.neuroprior.agents.Policy;
import org.neuroprior.agents.Seeds;
import org.neuroprior.agents.StateIO;
import org.neuroprior.agents.Workers;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/**
 * Evolution strategies as the NCAP paper trained its circuit (Salimans et al. 2017 with the paper's settings): each
 * generation perturbs the parameters with {@code population / 2} Gaussian directions, each used with both signs
 * (antithetic pairs), plays one episode per perturbed policy (all on the same episode seed, so a pair differs only by
 * its perturbation), replaces the returns by centred ranks, and takes an Adam step along
 * {@code sum_k (u+_k - u-_k) eps_k / (population sigma)} minus weight decay, clipped element-wise. The population is
 * evaluated in parallel, one environment and policy copy per thread. Works in Box and Discrete spaces (the greedy
 * policy of {@link Policy}); observation statistics are not updated (ES policies read observations as given, up to
 * the normaliser's clip at +-10).
 *
 * @param <A> the environment's action type
 */
public final class EvolutionStrategies<A> implements Agent {
    public static final String NAME = "es";

    static final Options OPTIONS = Options.of(
            Option.integer("population", 8, 2, 1_000_000, "perturbed policies per generation (an even number: antithetic pairs)"),
            Option.number("sigma", 0.02, 1e-9, 10, "std of the parameter perturbations"),
            Option.number("learning_rate", 0.01, 1e-9, 10, "Adam step size"),
            Option.number("weight_decay", 0.005, 0, 10, "subtracted from the gradient estimate, times the parameters"),
            Option.number("gradient_clip", 1, 1e-9, 1e9, "each element of the step is clipped to +-this"));

    /** The registration: ES acts in Box and Discrete spaces. */
    public static final AgentSpec SPEC = AgentSpec.of(NAME,
            "evolution strategies (antithetic pairs, centred ranks, Adam), the NCAP paper's settings",
            OPTIONS, space -> null, EvolutionStrategies::new);

    private final Resolved o;
    private final Model model;
    private final Space<A> space;
    private final long seed;
    private final Adam adam;
    private final List<Worker<A>> workers = new ArrayList<>();
    private final ExecutorService pool;
    private long iterations;

    /** One thread's environment and policy copy. */
    private record Worker<A>(Env<A> env, Policy<A> policy) {
    }

    private EvolutionStrategies(AgentContext context) {
        this.o = context.options();
        int population = o.integer("population");
        if (population % 2 != 0) {
            throw new IllegalArgumentException("population = " + population + " is not valid; accepted: an even number >= 2 (antithetic pairs)");
        }
        this.space = context.space();
        ActionCoding<A> coding = ActionCoding.of(space);
        this.model = context.policyModel(coding.outputs(), coding.isDiscrete() ? ModelIO.Output.LINEAR : ModelIO.Output.BOUNDED,
                Seeds.derive(context.seed(), 1));
        this.seed = Seeds.derive(context.seed(), 2);
        this.adam = new Adam(model.parameterCount(), o.number("learning_rate"));
        int threads = Math.min(context.threads(), population);
        for (int w = 0; w < threads; w++) workers.add(new Worker<>(context.environment(), new Policy<>(model.copy(), space)));
        this.pool = Workers.pool("es-worker", threads);
    }

    @Override
    public String kind() {
        return NAME;
    }

    @Override
    public Iteration iterate() {
        long generation = iterations;
        int population = o.integer("population");
        double sigma = o.number("sigma");
        int pairs = population / 2;
        int n = model.parameterCount();
        double[][] directions = new double[pairs][n];
        for (int k = 0; k < pairs; k++) {
            SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, generation, k));
            for (int i = 0; i < n; i++) directions[k][i] = rng.nextGaussian();
        }
        double[] scores = new double[population];
        int[] lengths = new int[population];
        evaluate(directions, Seeds.derive(seed, generation, -1), scores, lengths);

        double[] utility = centredRanks(scores);
        float[] theta = model.parameters().array();
        double[] step = new double[n];
        double scale = 1.0 / (population * sigma);
        for (int k = 0; k < pairs; k++) {
            double weight = (utility[2 * k] - utility[2 * k + 1]) * scale;
            for (int i = 0; i < n; i++) step[i] += weight * directions[k][i];
        }
        double clip = o.number("gradient_clip");
        double norm = 0;
        for (int i = 0; i < n; i++) {
            step[i] -= o.number("weight_decay") * theta[i];
            step[i] = Math.max(-clip, Math.min(clip, step[i]));
            norm += step[i] * step[i];
        }
        model.parameters().update(p -> adam.ascend(p, step));
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

    /** Plays member j (pair j / 2, sign + for even j) on worker j mod threads. */
    private void evaluate(double[][] directions, long episodeSeed, double[] scores, int[] lengths) {
        double sigma = o.number("sigma");
        float[] theta = model.parameters().array();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < workers.size(); w++) {
            int first = w;
            Worker<A> worker = workers.get(w);
            tasks.add(() -> {
                float[] perturbed = new float[theta.length];
                for (int j = first; j < scores.length; j += workers.size()) {
                    double sign = j % 2 == 0 ? 1 : -1;
                    double[] direction = directions[j / 2];
                    for (int i = 0; i < perturbed.length; i++) perturbed[i] = (float) (theta[i] + sign * sigma * direction[i]);
                    worker.policy().model().parameters().set(perturbed);
                    Episodes.Result r = Episodes.run(worker.env(), worker.policy(), episodeSeed);
                    scores[j] = r.score();
                    lengths[j] = r.length();
                }
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) Workers.join(f);
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
    public Policy<A> policy() {
        return new Policy<>(model.copy(), space);
    }

    @Override
    public long parameterCount() {
        return model.parameterCount();
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        StateIO.writeText(out, NAME);
        out.writeLong(iterations);
        StateIO.writeModel(out, model);
        adam.write(out);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        String kind = StateIO.readText(in);
        if (!kind.equals(NAME)) throw new IOException("checkpoint is for agent '" + kind + "', not '" + NAME + "'");
        long its = in.readLong();
        StateIO.readModel(in, model, "policy");
        adam.read(in);
        iterations = its;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        for (Worker<A> w : workers) {
            w.env().close();
            w.policy().close();
        }
    }
}
