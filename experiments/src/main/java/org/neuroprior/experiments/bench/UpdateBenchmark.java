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
 *   <li>DDPG on {@code swimmer-swim} (24 observations with the time feature, 5 actions): actor and critic MLPs
 *       (256, 256) relu, the critic on [observation, action], batch 100, Adam, Polyak targets; one update is one critic
 *       and one actor step, on a buffer filled with 10,000 steps of the agent's own (uniformly random) exploration;</li>
 *   <li>PPO on {@code swimmer-swim}: the default MLP actor (64, 64) tanh with a tanh head and a learned log-std, the
 *       critic MLP (64, 64) tanh; one update is the whole update on one collected segment of 4,096 steps, with 80
 *       actor and 80 critic iterations (the KL early stop is off: {@code max_kl} 1e9);</li>
 *   <li>double DQN on {@code cartpole} (4 observations, 2 actions): the default MLP (64, 64) tanh, the agent's
 *       defaults (batch 128, MSE, target copied every 50 updates); one update is one TD step, on a buffer filled with
 *       10,000 steps of its epsilon-greedy exploration.</li>
 * </ul>
 *
 * <p>Threads: at one thread on both sides (the agent with {@code threads: 1}, ND4J with its intra-op threads, one
 * under the launcher; PyTorch with {@code torch.set_num_threads(1)}), and at each side's best: the agent with {@code
 * threads: 2} (its own worker threads; ND4J's intra-op threads are fixed per process by OMP_NUM_THREADS) against
 * PyTorch with 2 intra-op threads.
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
        for (Workload w : workloads()) {
            for (int threads : new int[] {1, 2}) {
                List<Blas> here = new ArrayList<>();
                for (Blas b : variants) if (threads == 1 || b == Blas.OPENBLAS) here.add(b);
                figures.addAll(measure(w, threads, here, openBlas));
            }
        }
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

    private List<Figure> measure(Workload w, int threads, List<Blas> variants, String openBlas) throws Exception {
        TrainConfig config = config(w, threads);
        String threadsLabel = threads == 1 ? "1 / 1"
                : "ours threads: 2 (ND4J " + Nd4j.getEnvironment().maxThreads() + " intra-op) / PyTorch 2 intra-op";
        List<String> arguments = w.referenceArguments().apply(config, sizes(config));
        try (Agent agent = Experiment.agent(config)) {
            if (!(agent instanceof RepeatableUpdate updates)) {
                throw new IllegalStateException("agent " + config.agent() + " cannot run its update on its own");
            }
            long steps = 0;
            while (steps < w.fillSteps()) steps += agent.iterate().steps();
            long[] draw = {1};
            javaRound(updates, draw); // warm-up (JIT)
            List<List<PairedRatio.Pair>> pairLists = new ArrayList<>();
            List<Double> oursAlone = new ArrayList<>();
            for (int v = 0; v < variants.size(); v++) pairLists.add(new ArrayList<>());
            for (int i = 0; i < pairs; i++) {
                double ours = javaRound(updates, draw);
                oursAlone.add(ours);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s, threads %s, round %d: ours %.2f updates/s", w.name(),
                        threadsLabel, i + 1, ours));
                for (int v = 0; v < variants.size(); v++) {
                    double reference = referenceRound(arguments, threads, variants.get(v), openBlas);
                    PairedRatio.Pair pair = new PairedRatio.Pair(ours, reference);
                    pairLists.get(v).add(pair);
                    line.append(String.format(Locale.ROOT, "; PyTorch (%s) %.2f (%.3f)", variants.get(v).label(), reference, pair.ratio()));
                }
                log.line(line.toString());
            }
            List<Figure> out = new ArrayList<>();
            if (variants.isEmpty()) {
                double median = PairedRatio.quantile(oursAlone.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
                out.add(new Figure(w.name(), threadsLabel, null, median, Double.NaN, null, w.goal()));
            }
            for (int v = 0; v < variants.size(); v++) {
                PairedRatio.Result r = new PairedRatio.Result(pairLists.get(v));
                log.line(String.format(Locale.ROOT, "%s, threads %s, PyTorch on %s: ours / PyTorch %s", w.name(), threadsLabel,
                        variants.get(v).label(), r.summary()));
                out.add(new Figure(w.name(), threadsLabel, variants.get(v), r.medianA(), r.medianB(), r, w.goal()));
            }
            return out;
        }
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
        Map<String, Object> paperMlp = Map.of("hidden", List.of(256, 256), "activation", "relu");
        return List.of(
                new Workload("DDPG, actor and critic (256, 256) relu, batch 100", ">= 0.8 (goal: > 1)",
                        config("swimmer-swim", paperMlp, "ddpg", Map.of("update_after", Integer.MAX_VALUE)), REPLAY_FILL,
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
                        config("swimmer-swim", Map.of(), "ppo", Map.of("max_kl", 1e9)), 1,
                        (c, s) -> {
                            List<String> a = common("ppo", c, s);
                            Map<String, Object> o = c.agentOptions();
                            add(a, "--critic-hidden", o.get("critic_hidden"), "--critic-activation", o.get("critic_activation"),
                                    "--segment", o.get("segment"), "--envs", o.get("envs"), "--episode-length", c.envOptions().get("time_limit"),
                                    "--lam", o.get("lambda"), "--clip", o.get("clip"), "--initial-log-std", o.get("initial_log_std"),
                                    "--actor-iterations", o.get("actor_iterations"), "--critic-iterations", o.get("critic_iterations"),
                                    "--actor-lr", o.get("actor_learning_rate"), "--critic-lr", o.get("critic_learning_rate"),
                                    "--gamma", o.get("gamma"));
                            a.add("--critic-normalize"); // PPO's critic always normalises its observations
                            return a;
                        }),
                new Workload("double DQN, MLP (64, 64) tanh, batch 128", "",
                        config("cartpole", Map.of(), "dqn", Map.of("learning_starts", Integer.MAX_VALUE)), REPLAY_FILL,
                        (c, s) -> {
                            List<String> a = common("dqn", c, s);
                            Map<String, Object> o = c.agentOptions();
                            add(a, "--batch", o.get("batch_size"), "--lr", o.get("learning_rate"), "--gamma", o.get("gamma"),
                                    "--target-update", o.get("target_update"), "--loss", o.get("loss"),
                                    "--buffer-rows", Math.min(REPLAY_FILL, ((Number) o.get("buffer_size")).intValue()));
                            return a;
                        }));
    }

    private static Map<String, Object> config(String env, Map<String, Object> arch, String agent, Map<String, Object> agentOptions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", env);
        m.put("arch", "mlp");
        m.put(TrainConfig.ARCH_OPTIONS, arch);
        m.put("agent", agent);
        m.put(TrainConfig.AGENT_OPTIONS, agentOptions);
        m.put("seed", 1);
        return m;
    }

    /** The policy (or Q) network's arguments, common to every workload. */
    private static List<String> common(String algo, TrainConfig c, int[] sizes) {
        List<String> a = new ArrayList<>();
        add(a, "--algo", algo, "--obs", sizes[0], "--act", sizes[1], "--hidden", c.archOptions().get("hidden"),
                "--activation", c.archOptions().get("activation"));
        if (Boolean.TRUE.equals(c.archOptions().get("observation_normalization"))) a.add("--normalize");
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
