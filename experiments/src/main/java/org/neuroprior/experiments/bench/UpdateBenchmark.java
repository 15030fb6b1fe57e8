package org.neuroprior.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.agents.Agent;
import org.neuroprior.agents.RepeatableUpdate;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Env;
import org.neuroprior.experiments.train.Experiment;
import org.neuroprior.experiments.train.TrainConfig;

/**
 * Updates per second of DDPG, PPO and double DQN through the agents' own code ({@link RepeatableUpdate#updateAgain}),
 * side by side with a PyTorch reference of the same networks and the same updates ({@code
 * scripts/bench/updates_reference.py}, run by Debian's {@code /usr/bin/python3} as a subprocess, one process per
 * round). Rounds are interleaved, ours then PyTorch's ({@link PairedRatio}); a figure is the median of the pair
 * ratios ours / PyTorch, with their spread.
 *
 * <p>The workloads (every size and setting is read from the resolved configuration and passed to the script):
 * <ul>
 *   <li>DDPG on {@code swimmer-swim} (24 observations with the time feature, 5 actions): the paper's critic MLP
 *       (256, 256) relu on [observation, action], the default actor MLP (64, 64) tanh, batch 100, Adam, Polyak
 *       targets; one update is one critic
 *       and one actor step, on a buffer filled with 10,000 steps of the agent's own (uniformly random) exploration;</li>
 *   <li>PPO on {@code swimmer-swim}: the default MLP actor (64, 64) tanh with a tanh head and a learned log-std, the
 *       critic MLP (64, 64) tanh; one update is the whole update on one collected segment of 4,096 steps, with 80
 *       actor and 80 critic iterations (the KL early stop is off: {@code max_kl} 1e9); and the same with the default
 *       NCAP circuit (fixed std 0.1, raw observations; the script has the same circuit in PyTorch);</li>
 *   <li>double DQN on {@code cartpole} (4 observations, 2 actions): the default MLP (64, 64) tanh, the agent's
 *       defaults (batch 128, MSE, target copied every 50 updates); one update is one TD step, on a buffer filled with
 *       10,000 steps of its epsilon-greedy exploration.</li>
 * </ul>
 *
 * <p>Threads: each round runs ours at 1 thread (the agent with {@code threads: 1}, ND4J with its intra-op threads, one
 * under the launcher), PyTorch at 1 thread ({@code torch.set_num_threads(1)}), ours at 2 (the agent's own worker
 * threads; ND4J's intra-op threads are fixed per process by OMP_NUM_THREADS) and PyTorch at 2 intra-op threads; the
 * figures are 1 / 1, 2 / 2, and each side at its faster thread count of the round.
 *
 * <p>BLAS: Debian's python3-torch does its matrix products with whatever {@code libblas.so.3} resolves to, on a
 * plain Debian the unoptimised reference BLAS. The reference is therefore also run with the OpenBLAS library that
 * ND4J loaded in this process preloaded ({@code LD_PRELOAD}), so that both sides multiply matrices with the same
 * library; that is the figure the goals are judged on.
 */
public final class UpdateBenchmark {
    /** The interpreter that has Debian's python3-torch. */
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";
    /** The reference script, relative to the project's root. */
    public static final String SCRIPT = "scripts/bench/updates_reference.py";
    /** Steps the replay buffers of DDPG and DQN are filled with before their updates are timed. */
    static final int REPLAY_FILL = 10_000;

    /** Which BLAS the PyTorch reference runs its matrix products on. */
    public enum Blas {
        /** The OpenBLAS library ND4J loaded in this process, preloaded into Python. */
        OPENBLAS("OpenBLAS, as ND4J's"),
        /** What Debian's libblas.so.3 resolves to (the reference BLAS unless an optimised one is installed). */
        DEBIAN("Debian's libblas.so.3");

        private final String label;

        Blas(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One row of the table.
     *
     * @param update    the workload
     * @param threads   how each side was threaded
     * @param blas      the reference's BLAS, or null for a row without reference
     * @param ours      our median round, updates per second
     * @param reference PyTorch's median round, updates per second (NaN without reference)
     * @param ratio     ours / PyTorch from interleaved pairs, or null without reference
     * @param goal      the goal this ratio is held to, or empty
     */
    public record Figure(String update, String threads, Blas blas, double ours, double reference, PairedRatio.Result ratio, String goal) {
    }

    /** A workload: the run configuration (without threads) and the script's arguments for it. */
    private record Workload(String name, String goal, Map<String, Object> config, int fillSteps,
                            BiFunction<TrainConfig, int[], List<String>> referenceArguments) {
    }

    private final int pairs;
    private final double seconds;
    private final String python;
    private final Path script;
    private final List<Blas> blases;
    private final EnvBenchmark.PrintStreamLog log;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param pairs   interleaved pairs per figure (1 or more)
     * @param seconds timed seconds of each round, each side (at least one update; 0.1 or more)
     * @param python  the interpreter to run the script with
     * @param script  the reference script
     * @param blases  which BLAS variants of the reference to run (OpenBLAS at 1 and 2 threads, Debian's at 1)
     * @throws IllegalArgumentException for a value out of range
     */
    public UpdateBenchmark(int pairs, double seconds, String python, Path script, List<Blas> blases, EnvBenchmark.PrintStreamLog log) {
        if (pairs < 1) throw new IllegalArgumentException("pairs = " + pairs + "; accepted: 1 or more");
        if (!(seconds >= 0.1) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("--update-seconds = " + seconds + "; accepted: 0.1 or more");
        }
        if (blases.isEmpty()) throw new IllegalArgumentException("no BLAS variant of the reference chosen; accepted: openblas, debian or both");
        this.pairs = pairs;
        this.seconds = seconds;
        this.python = python;
        this.script = script;
        this.blases = List.copyOf(blases);
        this.log = log;
    }

    /** Measures every workload; about a minute per workload with the defaults, more with Debian's BLAS. */
    public List<Figure> run() throws Exception {
        String openBlas = ndBlasLibrary();
        log.line("ND4J: " + Nd4j.getEnvironment().maxThreads() + " intra-op thread(s) (OMP_NUM_THREADS), BLAS " + (openBlas == null ? "unknown" : openBlas));
        String missing = referenceMissing();
        if (missing != null) log.line("PyTorch reference skipped: " + missing + "; reporting ours only");
        List<Blas> variants = new ArrayList<>();
        if (missing == null) {
            for (Blas b : blases) {
                if (b == Blas.OPENBLAS && openBlas == null) log.line("OpenBLAS variant skipped: ND4J's BLAS library was not found in /proc/self/maps");
                else variants.add(b);
            }
        }
        List<Figure> figures = new ArrayList<>();
        for (Workload w : workloads()) figures.addAll(measure(w, variants, openBlas));
        return figures;
    }

    /** The workload's resolved configuration with {@code threads} agent threads. */
    private static TrainConfig config(Workload w, int threads) {
        Map<String, Object> m = new LinkedHashMap<>(w.config());
        m.put("threads", threads);
        m.put("intra_op_threads", Nd4j.getEnvironment().maxThreads());
        return TrainConfig.resolve(m);
    }

    /** The reference script's arguments for each workload (without --threads and --seconds), in table order. */
    static List<List<String>> referenceArguments() {
        List<List<String>> out = new ArrayList<>();
        for (Workload w : workloads()) {
            TrainConfig config = config(w, 1);
            out.add(w.referenceArguments().apply(config, sizes(config)));
        }
        return out;
    }

    /** Thread counts each side is measured at: 1, and 2 (this machine's cores). */
    private static final int[] THREADS = {1, 2};

    /**
     * One workload: per round, ours at 1 thread, the reference at 1 thread (each BLAS variant), ours at 2 threads, the
     * reference at 2 threads (OpenBLAS only); figures at 1 / 1, 2 / 2, and each side at its best thread count of the
     * round (paired by round, so both bests come from the same minute).
     */
    private List<Figure> measure(Workload w, List<Blas> variants, String openBlas) throws Exception {
        List<String> arguments = w.referenceArguments().apply(config(w, 1), sizes(config(w, 1)));
        List<Agent> agents = new ArrayList<>();
        try {
            List<RepeatableUpdate> updates = new ArrayList<>();
            for (int threads : THREADS) {
                TrainConfig config = config(w, threads);
                Agent agent = Experiment.agent(config);
                agents.add(agent);
                if (!(agent instanceof RepeatableUpdate u)) {
                    throw new IllegalStateException("agent " + config.agent() + " cannot run its update on its own");
                }
                long steps = 0;
                while (steps < w.fillSteps()) steps += agent.iterate().steps();
                updates.add(u);
            }
            long[] draw = {1};
            for (RepeatableUpdate u : updates) javaRound(u, draw); // warm-up (JIT)
            // ours[t][i], reference[v][t][i] (NaN where a variant is not run at that thread count)
            double[][] ours = new double[THREADS.length][pairs];
            double[][][] reference = new double[variants.size()][THREADS.length][pairs];
            for (int i = 0; i < pairs; i++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s, round %d:", w.name(), i + 1));
                for (int t = 0; t < THREADS.length; t++) {
                    ours[t][i] = javaRound(updates.get(t), draw);
                    line.append(String.format(Locale.ROOT, " | %d thread(s): ours %.2f updates/s", THREADS[t], ours[t][i]));
                    for (int v = 0; v < variants.size(); v++) {
                        boolean runs = THREADS[t] == 1 || variants.get(v) == Blas.OPENBLAS;
                        reference[v][t][i] = runs ? referenceRound(arguments, THREADS[t], variants.get(v), openBlas) : Double.NaN;
                        if (runs) line.append(String.format(Locale.ROOT, ", PyTorch (%s) %.2f", variants.get(v).label(), reference[v][t][i]));
                    }
                }
                log.line(line.toString());
            }
            List<Figure> out = new ArrayList<>();
            for (int t = 0; t < THREADS.length; t++) {
                String label = THREADS[t] + " / " + THREADS[t];
                if (variants.isEmpty()) {
                    out.add(new Figure(w.name(), label, null, PairedRatio.quantile(ours[t].clone(), 0.5), Double.NaN, null, w.goal()));
                }
                for (int v = 0; v < variants.size(); v++) {
                    if (Double.isNaN(reference[v][t][0])) continue;
                    List<PairedRatio.Pair> pairList = new ArrayList<>();
                    for (int i = 0; i < pairs; i++) pairList.add(new PairedRatio.Pair(ours[t][i], reference[v][t][i]));
                    out.add(figure(w, label, variants.get(v), pairList));
                }
            }
            for (int v = 0; v < variants.size(); v++) {
                if (variants.get(v) != Blas.OPENBLAS) continue;
                List<PairedRatio.Pair> pairList = new ArrayList<>();
                int[] oursBest = new int[THREADS.length];
                int[] referenceBest = new int[THREADS.length];
                for (int i = 0; i < pairs; i++) {
                    int a = best(ours, i);
                    int b = best(reference[v], i);
                    oursBest[a]++;
                    referenceBest[b]++;
                    pairList.add(new PairedRatio.Pair(ours[a][i], reference[v][b][i]));
                }
                out.add(figure(w, "best: " + bestLabel(oursBest) + " / " + bestLabel(referenceBest), variants.get(v), pairList));
            }
            return out;
        } finally {
            for (Agent a : agents) a.close();
        }
    }

    private Figure figure(Workload w, String threads, Blas blas, List<PairedRatio.Pair> pairList) {
        PairedRatio.Result r = new PairedRatio.Result(pairList);
        log.line(String.format(Locale.ROOT, "%s, threads %s, PyTorch on %s: ours / PyTorch %s", w.name(), threads, blas.label(), r.summary()));
        return new Figure(w.name(), threads, blas, r.medianA(), r.medianB(), r, w.goal());
    }

    /** The thread-count index with the highest rate in round i. */
    private static int best(double[][] rates, int i) {
        int best = 0;
        for (int t = 1; t < rates.length; t++) if (rates[t][i] > rates[best][i]) best = t;
        return best;
    }

    /** "2" if one thread count won every round, else "1 (3x), 2 (2x)". */
    private static String bestLabel(int[] wins) {
        List<String> parts = new ArrayList<>();
        int kinds = 0;
        for (int w : wins) if (w > 0) kinds++;
        for (int t = 0; t < wins.length; t++) {
            if (wins[t] > 0) parts.add(kinds == 1 ? Integer.toString(THREADS[t]) : THREADS[t] + " (" + wins[t] + "x)");
        }
        return String.join(", ", parts);
    }

    /** Updates per second over one round of at least {@link #seconds} (and at least one update). */
    private double javaRound(RepeatableUpdate updates, long[] draw) {
        long t0 = System.nanoTime();
        long limit = (long) (seconds * 1e9);
        int count = 0;
        long elapsed;
        do {
            updates.updateAgain(draw[0]++);
            count++;
            elapsed = System.nanoTime() - t0;
        } while (elapsed < limit);
        return count / (elapsed / 1e9);
    }

    /** One round of the reference in its own process: its updates per second. */
    private double referenceRound(List<String> arguments, int threads, Blas blas, String openBlas) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--threads", Integer.toString(threads), "--seconds",
                Double.toString(seconds)));
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("OMP_NUM_THREADS", Integer.toString(threads));
        env.remove("LD_PRELOAD");
        if (blas == Blas.OPENBLAS) {
            env.put("LD_PRELOAD", openBlas);
            env.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("the PyTorch reference failed (" + String.join(" ", command) + "):\n" + out);
        }
        JsonNode result = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) result = json.readTree(line);
        }
        if (result == null || !result.has("updates_per_second")) throw new IOException("no result line from the PyTorch reference:\n" + out);
        return result.get("updates_per_second").asDouble();
    }

    /** Why the reference cannot run (one phrase), or null if it can. */
    private String referenceMissing() throws InterruptedException {
        if (!Files.isRegularFile(script)) return script + " not found";
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                String[] lines = out.split("\n");
                return python + " cannot import torch (" + lines[lines.length - 1] + ")";
            }
            return null;
        } catch (IOException e) {
            return python + " cannot be run (" + e.getMessage() + ")";
        }
    }

    /**
     * The OpenBLAS library ND4J multiplies with in this process (after one product, so that it is loaded), from
     * /proc/self/maps; null if none is mapped (not Linux, or another BLAS).
     */
    static String ndBlasLibrary() throws IOException {
        try (INDArray a = Nd4j.ones(DataType.FLOAT, 4, 4); INDArray b = Nd4j.ones(DataType.FLOAT, 4, 4); INDArray c = Nd4j.create(DataType.FLOAT, 4, 4)) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) return null;
        for (String line : Files.readAllLines(maps)) {
            int slash = line.indexOf('/');
            if (slash < 0) continue;
            String path = line.substring(slash).trim();
            if (Path.of(path).getFileName().toString().startsWith("libopenblas")) return path;
        }
        return null;
    }

    /** Observation size and action size (Box dimensions, or Discrete actions) of the run's environment. */
    private static int[] sizes(TrainConfig config) {
        try (Env<?> env = Experiment.environments(config).get()) {
            int obs = env.observationSpace().size();
            int act = env.actionSpace() instanceof Box box ? box.size() : ((Discrete) env.actionSpace()).n();
            return new int[] {obs, act};
        }
    }

    private static List<Workload> workloads() {
        BiFunction<TrainConfig, int[], List<String>> ppo = (c, s) -> {
            List<String> a = common("ppo", c, s);
            Map<String, Object> o = c.agentOptions();
            add(a, "--critic-hidden", o.get("critic_hidden"), "--critic-activation", o.get("critic_activation"),
                    "--segment", o.get("segment"), "--envs", o.get("envs"), "--episode-length", c.envOptions().get("time_limit"),
                    "--lam", o.get("lambda"), "--clip", o.get("clip"), "--initial-log-std", o.get("initial_log_std"),
                    "--fixed-std", o.get("fixed_std"), "--actor-iterations", o.get("actor_iterations"),
                    "--critic-iterations", o.get("critic_iterations"), "--actor-lr", o.get("actor_learning_rate"),
                    "--critic-lr", o.get("critic_learning_rate"), "--gamma", o.get("gamma"));
            a.add("--critic-normalize"); // PPO's critic always normalises its observations
            return a;
        };
        Map<String, Object> noKlStop = Map.of("max_kl", 1e9);
        return List.of(
                new Workload("DDPG, critic (256, 256) relu, actor MLP (64, 64) tanh, batch 100", ">= 0.8 (goal: > 1)",
                        config("swimmer-swim", "mlp", Map.of(), "ddpg", Map.of("update_after", Integer.MAX_VALUE)), REPLAY_FILL,
                        (c, s) -> {
                            List<String> a = common("ddpg", c, s);
                            Map<String, Object> o = c.agentOptions();
                            add(a, "--critic-hidden", o.get("critic_hidden"), "--critic-activation", o.get("critic_activation"),
                                    "--batch", o.get("batch_size"), "--actor-lr", o.get("actor_learning_rate"),
                                    "--critic-lr", o.get("critic_learning_rate"), "--tau", o.get("tau"), "--gamma", o.get("gamma"),
                                    "--buffer-rows", REPLAY_FILL);
                            return a;
                        }),
                new Workload("PPO, segment 4096, 80 + 80 iterations, MLP (64, 64) tanh", "",
                        config("swimmer-swim", "mlp", Map.of(), "ppo", noKlStop), 1, ppo),
                new Workload("PPO, segment 4096, 80 + 80 iterations, NCAP (fixed std 0.1)", "",
                        config("swimmer-swim", "ncap", Map.of(), "ppo", noKlStop), 1, ppo),
                new Workload("double DQN, MLP (64, 64) tanh, batch 128", "",
                        config("cartpole", "mlp", Map.of(), "dqn", Map.of("learning_starts", Integer.MAX_VALUE)), REPLAY_FILL,
                        (c, s) -> {
                            List<String> a = common("dqn", c, s);
                            Map<String, Object> o = c.agentOptions();
                            add(a, "--batch", o.get("batch_size"), "--lr", o.get("learning_rate"), "--gamma", o.get("gamma"),
                                    "--target-update", o.get("target_update"), "--loss", o.get("loss"),
                                    "--buffer-rows", Math.min(REPLAY_FILL, ((Number) o.get("buffer_size")).intValue()));
                            return a;
                        }));
    }

    private static Map<String, Object> config(String env, String arch, Map<String, Object> archOptions, String agent,
                                              Map<String, Object> agentOptions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", env);
        m.put("arch", arch);
        m.put(TrainConfig.ARCH_OPTIONS, archOptions);
        m.put("agent", agent);
        m.put(TrainConfig.AGENT_OPTIONS, agentOptions);
        m.put("seed", 1);
        return m;
    }

    /**
     * The policy (or Q) network's arguments, common to every workload: an MLP's widths and activation, or the NCAP
     * circuit's time limit and period (the reference has the default circuit only: shared weights, sign constraints,
     * constant init, no navigation).
     *
     * @throws IllegalStateException for another architecture or circuit
     */
    private static List<String> common(String algo, TrainConfig c, int[] sizes) {
        List<String> a = new ArrayList<>();
        Map<String, Object> o = c.archOptions();
        add(a, "--algo", algo, "--obs", sizes[0], "--act", sizes[1], "--arch", c.arch());
        if (c.arch().equals("ncap")) {
            if (!Boolean.TRUE.equals(o.get("sharing")) || !Boolean.TRUE.equals(o.get("sign_constraints"))
                    || !"constant".equals(o.get("init")) || !Boolean.FALSE.equals(o.get("navigation"))) {
                throw new IllegalStateException("the PyTorch reference has NCAP's default circuit only, not " + o);
            }
            add(a, "--ncap-time-limit", o.get("time_limit"), "--ncap-period", o.get("period"));
        } else if (c.arch().equals("mlp")) {
            add(a, "--hidden", o.get("hidden"), "--activation", o.get("activation"));
        } else {
            throw new IllegalStateException("the PyTorch reference has mlp and ncap policies, not " + c.arch());
        }
        if (Boolean.TRUE.equals(o.get("observation_normalization"))) a.add("--normalize");
        return a;
    }

    /** Appends name, value pairs; lists as comma-separated values. */
    private static void add(List<String> a, Object... nameValue) {
        for (int i = 0; i < nameValue.length; i += 2) {
            Object v = nameValue[i + 1];
            if (v == null) throw new IllegalStateException("no value for " + nameValue[i]);
            a.add(nameValue[i].toString());
            a.add(v instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(v));
        }
    }
}
