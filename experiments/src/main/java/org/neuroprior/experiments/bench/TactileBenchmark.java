package org.neuroprior.experiments.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelCost;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Training and inference speed and memory of the tactile models against PyTorch running the same model
 * (scripts/bench/tactile_torch.py), for each model spec: parameters and forward GFLOP per sample
 * ({@link ModelCost}), samples/s of training steps (forward, cross-entropy, backward, Adam on one random batch) and
 * of forward passes, each process's peak resident memory, and the resident memory along an epoch of training steps.
 *
 * <p>Each side runs in its own worker processes, one per thread count (ND4J fixes its threads when it starts):
 * {@link TactileWorker} for Java, the script for PyTorch (its {@code torch.set_num_threads}). All workers of a model
 * stay up while its rounds run interleaved: in each of {@code pairs} rounds every worker trains in turn (Java 1
 * thread, PyTorch 1 thread, Java n threads, PyTorch n threads), then every worker infers in turn. A ratio pairs
 * the two sides' results of the same round ({@link PairedRatio}) and reports the median over rounds. "Best" is each
 * side at the thread count whose median is higher, so the best-against-best ratio comes from the same rounds too.
 * The first round after a worker starts is a warm-up (JIT, graph building, allocator) and is not counted.
 */
public final class TactileBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();


    /**
     * @param specs       model specs (Architectures.spec), e.g. {@code convrnn}, each with a PyTorch twin
     * @param batch       samples per step
     * @param pairs       interleaved rounds counted per figure (after one warm-up round)
     * @param trainSteps  training steps per round
     * @param inferSteps  forward passes per round
     * @param epochSteps  training steps of the memory trace (an epoch of epochSteps x batch samples)
     * @param threads     thread counts to run each side at (1 and the cores, by default)
     * @param python      the Python interpreter with torch
     * @param seed        the models' initialisation and the random batch
     */
    public record Settings(List<String> specs, int batch, int pairs, int trainSteps, int inferSteps, int epochSteps,
                           List<Integer> threads, String python, long seed) {
        /** @throws IllegalArgumentException naming a value out of range */
        public Settings {
            specs = List.copyOf(specs);
            threads = List.copyOf(threads);
            if (specs.isEmpty()) throw new IllegalArgumentException("no model to benchmark; accepted: one or more specs");
            if (batch < 1 || pairs < 1 || trainSteps < 1 || inferSteps < 1 || epochSteps < 1) {
                throw new IllegalArgumentException("batch, pairs and steps must be >= 1, got batch " + batch + ", pairs " + pairs
                        + ", steps " + trainSteps + "/" + inferSteps + "/" + epochSteps);
            }
            if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
                throw new IllegalArgumentException("thread counts " + threads + " are not valid; accepted: one or more counts >= 1");
            }
        }
    }

    /** One side (Java or PyTorch) at one thread count: rates of each counted round, and the process's peak memory. */
    public record Side(String library, int threads, List<Double> trainRates, List<Double> inferRates, double peakMb) {
        /** The median training samples/s over the counted rounds. */
        public double medianTrain() {
            return PairedRatio.quantile(trainRates.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
        }

        /** The median inference samples/s over the counted rounds. */
        public double medianInfer() {
            return PairedRatio.quantile(inferRates.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
        }
    }

    /**
     * A comparison of Java against PyTorch at given thread counts.
     *
     * @param train Java / PyTorch training samples/s, paired by round
     * @param infer the same for inference
     */
    public record Comparison(Side java, Side torch, PairedRatio.Result train, PairedRatio.Result infer) {
    }

    /**
     * The resident memory along an epoch of training steps.
     *
     * @param residentMb after each step
     */
    public record Trace(String library, int threads, List<Double> residentMb) {
        /** Growth from the end of the first tenth of the epoch (warm-up done) to its end, MB. */
        public double growthMb() {
            int from = Math.max(0, residentMb.size() / 10 - 1);
            return residentMb.get(residentMb.size() - 1) - residentMb.get(from);
        }

        public double maxMb() {
            return residentMb.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    /** A model's figures: its size and cost, both sides at one thread and at their best, the memory traces. */
    public record Figures(String spec, ModelCost cost, Comparison oneThread, Comparison best, List<Trace> traces) {
    }

    private final Settings settings;
    private final EnvBenchmark.PrintStreamLog log;
    private final Path script;

    /** @throws IllegalArgumentException if the PyTorch reference script cannot be found beside the build */
    public TactileBenchmark(Settings settings, EnvBenchmark.PrintStreamLog log) {
        this.settings = settings;
        this.log = log;
        this.script = script();
        for (String spec : settings.specs()) TactileWorker.model(spec, settings.seed()); // a bad spec fails here, before any work
    }

    /** scripts/bench/tactile_torch.py of the checkout these classes were built in. */
    static Path script() {
        try {
            Path classes = Path.of(TactileBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = classes.getParent().getParent().getParent();   // experiments/target/classes
            Path s = root.resolve("scripts/bench/tactile_torch.py");
            if (Files.isRegularFile(s)) return s;
            throw new IllegalArgumentException("the PyTorch reference " + s + " is not there; run from a NeuroPrior checkout");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Measures every model in turn. */
    public List<Figures> run() throws IOException, InterruptedException {
        List<Figures> out = new ArrayList<>();
        for (String spec : settings.specs()) out.add(measure(spec));
        return out;
    }

    private Figures measure(String spec) throws IOException, InterruptedException {
        Model model = TactileWorker.model(spec, settings.seed());
        ModelCost cost = ModelCost.of(model);
        log.line(String.format("%s: %,d parameters, %.3g GFLOP per sample (forward); starting workers", spec, cost.parameters(), cost.gflops()));
        List<Worker> workers = new ArrayList<>();
        try {
            for (int t : settings.threads()) {
                Worker java = Worker.java(spec, t, settings);
                workers.add(java);
                Worker torch = Worker.torch(script, spec, t, settings, java.header);
                workers.add(torch);
            }
            Map<Worker, List<Double>> train = new LinkedHashMap<>();
            Map<Worker, List<Double>> infer = new LinkedHashMap<>();
            for (Worker w : workers) {
                train.put(w, new ArrayList<>());
                infer.put(w, new ArrayList<>());
            }
            for (int round = 0; round <= settings.pairs(); round++) {
                StringBuilder line = new StringBuilder(round == 0 ? "  warm-up" : "  round " + round);
                for (Worker w : workers) {
                    double rate = w.rate("train " + settings.trainSteps());
                    if (round > 0) train.get(w).add(rate);
                    line.append(String.format(" | %s train %.1f", w.label(), rate));
                }
                for (Worker w : workers) {
                    double rate = w.rate("infer " + settings.inferSteps());
                    if (round > 0) infer.get(w).add(rate);
                    line.append(String.format(" | %s infer %.1f", w.label(), rate));
                }
                log.line(line + " samples/s");
            }
            List<Side> sides = new ArrayList<>();
            for (Worker w : workers) {
                Map<String, Object> last = w.send("infer 1");
                sides.add(new Side(w.library, w.threads, train.get(w), infer.get(w), ((Number) last.get("peak_mb")).doubleValue()));
            }
            Side java1 = sides.get(0);
            Side torch1 = sides.get(1);
            Side javaBest = best(sides, "Java");
            Side torchBest = best(sides, "PyTorch");
            List<Trace> traces = new ArrayList<>();
            for (Worker w : workers) {
                if (w.threads != (w.library.equals("Java") ? javaBest.threads() : torchBest.threads())) continue;
                Map<String, Object> epoch = w.send("epoch " + settings.epochSteps());
                @SuppressWarnings("unchecked")
                List<Number> rss = (List<Number>) epoch.get("rss_trace_mb");
                Trace trace = new Trace(w.library, w.threads, rss.stream().map(Number::doubleValue).toList());
                traces.add(trace);
                log.line(String.format("  %s epoch of %d steps: resident %.0f -> %.0f MB (max %.0f)", w.label(), settings.epochSteps(),
                        trace.residentMb().get(0), trace.residentMb().get(trace.residentMb().size() - 1), trace.maxMb()));
            }
            return new Figures(spec, cost, compare(java1, torch1), compare(javaBest, torchBest), traces);
        } finally {
            for (Worker w : workers) w.close();
        }
    }

    private static Side best(List<Side> sides, String library) {
        Side best = null;
        for (Side s : sides) if (s.library().equals(library) && (best == null || s.medianTrain() > best.medianTrain())) best = s;
        return best;
    }

    private static Comparison compare(Side java, Side torch) {
        List<PairedRatio.Pair> train = new ArrayList<>();
        List<PairedRatio.Pair> infer = new ArrayList<>();
        for (int i = 0; i < java.trainRates().size(); i++) {
            train.add(new PairedRatio.Pair(java.trainRates().get(i), torch.trainRates().get(i)));
            infer.add(new PairedRatio.Pair(java.inferRates().get(i), torch.inferRates().get(i)));
        }
        return new Comparison(java, torch, new PairedRatio.Result(train), new PairedRatio.Result(infer));
    }

    /** A worker process answering one JSON line per command. */
    private static final class Worker implements AutoCloseable {
        final String library;
        final int threads;
        final Process process;
        final BufferedReader out;
        final Writer in;
        final Path errors;
        final Map<String, Object> header;

        private Worker(String library, int threads, List<String> command) throws IOException {
            this.library = library;
            this.threads = threads;
            this.errors = Files.createTempFile("neuroprior-bench-" + library + "-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(errors.toFile());
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            pb.environment().put("MKL_NUM_THREADS", Integer.toString(threads));
            this.process = pb.start();
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.header = read();
        }

        static Worker java(String spec, int threads, Settings s) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // The same heap and settings as this JVM, among them JavaCPP's memory bound (the root pom's
            // native.memory.flags, which ./neuroprior and the tests pass).
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("-X") || a.startsWith("-D")) command.add(a);
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), TactileWorker.class.getName(), spec,
                    Integer.toString(s.batch()), Long.toString(s.seed())));
            Worker w = new Worker("Java", threads, command);
            int actual = ((Number) w.header.get("threads")).intValue();
            if (actual != threads) throw new IllegalStateException("the Java worker runs ND4J with " + actual + " threads, not " + threads);
            return w;
        }

        static Worker torch(Path script, String spec, int threads, Settings s, Map<String, Object> javaHeader) throws IOException {
            String family = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
            return new Worker("PyTorch", threads, List.of(s.python(), script.toString(), "--family", family,
                    "--shapes", JSON.writeValueAsString(javaHeader.get("shapes")), "--threads", Integer.toString(threads),
                    "--batch", Integer.toString(s.batch()), "--parameters", javaHeader.get("parameters").toString(),
                    "--seed", Long.toString(s.seed()), "--heads", javaHeader.getOrDefault("attender_heads", 0).toString()));
        }

        String label() {
            return library + " " + threads + "t";
        }

        /** The next JSON line (other lines, e.g. a native library's banner on stdout, are skipped). */
        private Map<String, Object> read() throws IOException {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("{")) return JSON.readValue(line, new TypeReference<Map<String, Object>>() {});
            }
            List<String> err = Files.readAllLines(errors);
            throw new IOException("the " + label() + " worker stopped: "
                    + String.join("\n", err.subList(Math.max(0, err.size() - 15), err.size())));
        }

        Map<String, Object> send(String command) throws IOException {
            in.write(command + "\n");
            in.flush();
            return read();
        }

        double rate(String command) throws IOException {
            return ((Number) send(command).get("samples_per_s")).doubleValue();
        }

        @Override
        public void close() {
            try {
                in.write("quit\n");
                in.flush();
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroy();
            } catch (IOException | InterruptedException e) {
                process.destroy();
            }
            try {
                Files.deleteIfExists(errors);
            } catch (IOException e) {
                // a temp file left behind
            }
        }
    }
}
