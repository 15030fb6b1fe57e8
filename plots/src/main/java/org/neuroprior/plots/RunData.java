package org.neuroprior.plots;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One training run, read from its directory: {@code config.yaml}, {@code log.csv} and, when present,
 * {@code transfer.csv}, and a tactile run's scores by {@code tactile-eval}: {@code test.csv} and {@code probe.csv}.
 *
 * @param dir the run directory
 * @param config the resolved config as read from {@code config.yaml}
 * @param arch architecture kind ({@code arch}); the configured label when {@code arch} is absent
 * @param agent agent kind ({@code agent}), or null when absent
 * @param label the configured legend label ({@code label}), or null when absent (see {@link RunGroup#group})
 * @param seed the seed, when configured
 * @param parameterCount trainable parameters of the policy ({@code parameter_count}), when configured
 * @param trainingBodies {@code env_options.bodies}, when configured
 * @param test the test score per evaluation ({@code test/episode_score/mean}, spread
 *     {@code test/episode_score/std} across test episodes) against {@code train/steps} (or the x column
 *     {@link #load(Path, String)} was given); rows whose steps or
 *     mean score are not finite are dropped, rows are sorted by steps and a repeated step keeps its last row
 * @param seconds wall-clock seconds of training at the last logged row ({@code train/seconds}), NaN if unknown
 * @param transfer zero-shot transfer results sorted by body count, empty without {@code transfer.csv}
 * @param metric what {@code test} holds: the RL test score, or a supervised run's validation accuracy ({@link Metric})
 * @param testAccuracy the model's top-1 and top-5 accuracy on the test split ({@code test.csv} of {@code tactile-eval}),
 *     empty without that file
 * @param probe the test accuracy of {@code tactile-eval --linear-probe}'s probes ({@code probe.csv}) by the features they
 *     read, in file order ({@code trained}, {@code random_init}); empty without that file
 */
public record RunData(
        Path dir,
        Map<String, Object> config,
        String arch,
        String agent,
        String label,
        OptionalInt seed,
        OptionalLong parameterCount,
        OptionalInt trainingBodies,
        Curve test,
        double seconds,
        List<TransferPoint> transfer,
        Metric metric,
        Optional<Accuracy> testAccuracy,
        Map<String, Accuracy> probe) {

    /**
     * What a run's curve shows: the columns of {@code log.csv} it is read from and the words on the axes. A log holds
     * one of the {@link #KNOWN} metrics; the first one present is used.
     *
     * @param mean  the column of the values
     * @param std   the column of their spread, or null if there is none
     * @param axis  the value axis's label
     * @param steps the step axis's label ({@code train/steps} counts environment steps or training samples)
     * @param title what the learning-curve figure is called
     * @param score what a final score is an average of, in words inside a sentence ("test score")
     * @param evaluation what one row of the log is, in words ("evaluation", "epoch")
     * @param model what the trained network is called ("policy", "model")
     */
    public record Metric(String mean, String std, String axis, String steps, String title, String score, String evaluation,
                         String model) {}

    /** The test score of RL runs ({@code train}). */
    public static final Metric EPISODE_SCORE = new Metric("test/episode_score/mean", "test/episode_score/std",
            "Test episode score (mean return)", "Environment steps", "Test score during training", "test score", "evaluation", "policy");
    /** The validation accuracy of tactile runs ({@code tactile-train}; for SimCLR runs the views' contrastive top-1). */
    public static final Metric VALIDATION_TOP1 = new Metric("validate/top1", null, "Validation top-1 accuracy",
            "Training samples", "Validation accuracy during training", "validation top-1 accuracy", "epoch", "model");
    /** The metrics {@link #load} recognises, in order of preference. */
    public static final List<Metric> KNOWN = List.of(EPISODE_SCORE, VALIDATION_TOP1);

    /** A run of the RL kind ({@link #EPISODE_SCORE}). */
    public RunData(Path dir, Map<String, Object> config, String arch, String agent, String label, OptionalInt seed,
            OptionalLong parameterCount, OptionalInt trainingBodies, Curve test, double seconds, List<TransferPoint> transfer) {
        this(dir, config, arch, agent, label, seed, parameterCount, trainingBodies, test, seconds, transfer, EPISODE_SCORE);
    }

    /** A run without {@code tactile-eval} scores. */
    public RunData(Path dir, Map<String, Object> config, String arch, String agent, String label, OptionalInt seed,
            OptionalLong parameterCount, OptionalInt trainingBodies, Curve test, double seconds, List<TransferPoint> transfer,
            Metric metric) {
        this(dir, config, arch, agent, label, seed, parameterCount, trainingBodies, test, seconds, transfer, metric,
                Optional.empty(), Map.of());
    }

    public static final String CONFIG = "config.yaml";
    public static final String LOG = "log.csv";
    public static final String TRANSFER = "transfer.csv";
    /** {@code tactile-eval}'s scores on the test split: columns {@code top1}, {@code top5} (fractions in [0, 1]). */
    public static final String TEST_SCORES = "test.csv";
    /** {@code tactile-eval --linear-probe}'s scores: columns {@code features}, {@code test_top1}, {@code test_top5}. */
    public static final String PROBE = "probe.csv";

    public static final String STEPS = "train/steps";
    public static final String SECONDS = "train/seconds";
    public static final String SCORE_MEAN = "test/episode_score/mean";
    public static final String SCORE_STD = "test/episode_score/std";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One row of {@code transfer.csv}: the score of the trained policy on a swimmer with {@code bodies} bodies.
     *
     * @param bodies number of bodies
     * @param mean mean episode score
     * @param std std of the episode score across the evaluation episodes (NaN when absent)
     * @param episodes evaluation episodes, -1 when absent
     */
    public record TransferPoint(int bodies, double mean, double std, int episodes) {}

    /**
     * Top-1 and top-5 accuracy of a classifier on a split.
     *
     * @param top1 share of samples whose most likely class is the true one, in [0, 1]
     * @param top5 share of samples whose true class is among the 5 most likely, in [0, 1]
     */
    public record Accuracy(double top1, double top5) {}

    public RunData {
        Objects.requireNonNull(dir);
        Objects.requireNonNull(arch);
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        transfer = List.copyOf(transfer);
        Objects.requireNonNull(testAccuracy);
        probe = Collections.unmodifiableMap(new LinkedHashMap<>(probe));
    }

    /**
     * Loads one run directory.
     *
     * @throws IllegalArgumentException naming the path and the problem when the directory, {@code config.yaml}
     *     or {@code log.csv} is missing or corrupt, a required column is missing, the log has no rows or no
     *     finite test score, or {@code transfer.csv} is corrupt
     */
    public static RunData load(Path dir) {
        return load(dir, STEPS);
    }

    /**
     * Loads one run directory with its curve against the {@code log.csv} column {@code x} instead of
     * {@code train/steps} (e.g. {@code train/episodes}).
     *
     * @throws IllegalArgumentException as {@link #load(Path)}, and when the log has no column {@code x}
     */
    public static RunData load(Path dir, String x) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Run directory does not exist or is not a directory: " + dir);
        }
        Path configFile = dir.resolve(CONFIG);
        Path logFile = dir.resolve(LOG);
        if (!Files.isRegularFile(logFile)) {
            throw new IllegalArgumentException("Run directory " + dir + " has no " + LOG);
        }
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("Run directory " + dir + " has no " + CONFIG);
        }
        Map<String, Object> config = readConfig(configFile);

        String label = string(config, "label", configFile);
        String arch = string(config, "arch", configFile);
        if (arch == null) {
            if (label == null) {
                throw new IllegalArgumentException(configFile + ": neither 'arch' nor 'label' is set");
            }
            arch = label;
        }
        String agent = string(config, "agent", configFile);
        OptionalLong parameterCount = OptionalLong.empty();
        Object pc = config.get("parameter_count");
        if (pc != null) {
            long v = integer(pc, "parameter_count", configFile);
            if (v <= 0) {
                throw new IllegalArgumentException(configFile + ": 'parameter_count' must be positive, got " + pc);
            }
            parameterCount = OptionalLong.of(v);
        }
        OptionalInt seed = config.get("seed") == null ? OptionalInt.empty()
                : OptionalInt.of((int) integer(config.get("seed"), "seed", configFile));
        OptionalInt bodies = OptionalInt.empty();
        if (config.get("env_options") instanceof Map<?, ?> envOptions && envOptions.get("bodies") instanceof Number b) {
            bodies = OptionalInt.of(b.intValue());
        }

        CsvTable log = CsvTable.read(logFile);
        if (log.rows() == 0) {
            throw new IllegalArgumentException(logFile + " has a header but no data rows (empty log)");
        }
        Metric metric = KNOWN.stream().filter(m -> log.has(m.mean())).findFirst().orElse(EPISODE_SCORE);
        if (metric.std() != null) log.require(x, metric.mean(), metric.std());
        else log.require(x, metric.mean());
        Curve test = cleanCurve(log.column(x), log.column(metric.mean()),
                metric.std() != null ? log.column(metric.std()) : log.columnOrNaN("no such column"));
        if (test.size() == 0) {
            throw new IllegalArgumentException(logFile + ": no row has finite '" + x + "' and '" + metric.mean()
                    + "' (" + log.rows() + " rows)");
        }
        double seconds = Double.NaN;
        if (log.has(SECONDS)) {
            for (double s : log.column(SECONDS)) {
                if (Double.isFinite(s)) {
                    seconds = s;
                }
            }
        }

        List<TransferPoint> transfer = List.of();
        Path transferFile = dir.resolve(TRANSFER);
        if (Files.exists(transferFile)) {
            transfer = readTransfer(transferFile);
        }
        Optional<Accuracy> testAccuracy = Optional.empty();
        Path testFile = dir.resolve(TEST_SCORES);
        if (Files.exists(testFile)) {
            Map<String, Accuracy> rows = readAccuracies(testFile, null, "top1", "top5");
            testAccuracy = Optional.of(rows.values().stream().reduce((a, b) -> b).orElseThrow());
        }
        Map<String, Accuracy> probe = Map.of();
        Path probeFile = dir.resolve(PROBE);
        if (Files.exists(probeFile)) {
            probe = readAccuracies(probeFile, "features", "test_top1", "test_top5");
        }
        return new RunData(dir, config, arch, agent, label, seed, parameterCount, bodies, test, seconds, transfer, metric,
                testAccuracy, probe);
    }

    /**
     * The accuracies of a scores file, by the text in column {@code key} (null: by row number), in file order.
     *
     * @throws IllegalArgumentException naming the file when a column is missing, it has no rows, or an accuracy is not a
     *     number in [0, 1]
     */
    private static Map<String, Accuracy> readAccuracies(Path file, String key, String top1, String top5) {
        CsvFiles.Rows t = CsvFiles.read(file);
        for (String c : key == null ? List.of(top1, top5) : List.of(key, top1, top5)) {
            if (!t.header().contains(c)) throw new IllegalArgumentException(file + " has no column '" + c + "' (columns: " + t.header() + ")");
        }
        if (t.rows().isEmpty()) throw new IllegalArgumentException(file + " has a header but no data rows");
        Map<String, Accuracy> out = new LinkedHashMap<>();
        for (int r = 0; r < t.rows().size(); r++) {
            List<String> row = t.rows().get(r);
            double[] v = new double[2];
            String[] names = {top1, top5};
            for (int k = 0; k < 2; k++) {
                int i = t.header().indexOf(names[k]);
                String cell = i < row.size() ? row.get(i).trim() : "";
                try {
                    v[k] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    v[k] = Double.NaN;
                }
                if (!(v[k] >= 0 && v[k] <= 1)) {
                    throw new IllegalArgumentException(file + ": data row " + (r + 1) + " has " + names[k] + " = '" + cell
                            + "', expected an accuracy in [0, 1]");
                }
            }
            out.put(key == null ? Integer.toString(r) : row.get(t.header().indexOf(key)), new Accuracy(v[0], v[1]));
        }
        return out;
    }

    /**
     * This run with only the evaluations at x &le; {@code xMax}.
     *
     * @throws IllegalArgumentException naming the run if none is left
     */
    public RunData upTo(double xMax) {
        int n = 0;
        while (n < test.size() && test.steps()[n] <= xMax) n++;
        if (n == test.size()) return this;
        if (n == 0) {
            throw new IllegalArgumentException("run " + shortName() + " has no evaluation at x <= " + Style.num(xMax)
                    + " (its first is at " + Style.num(test.steps()[0]) + ")");
        }
        Curve c = new Curve(java.util.Arrays.copyOf(test.steps(), n), java.util.Arrays.copyOf(test.mean(), n),
                java.util.Arrays.copyOf(test.std(), n));
        return new RunData(dir, config, arch, agent, label, seed, parameterCount, trainingBodies, c, seconds, transfer, metric,
                testAccuracy, probe);
    }

    /** Sorts by steps, drops rows with non-finite steps or mean, keeps the last row of a repeated step. */
    static Curve cleanCurve(double[] steps, double[] mean, double[] std) {
        TreeMap<Double, double[]> rows = new TreeMap<>();
        for (int i = 0; i < steps.length; i++) {
            if (Double.isFinite(steps[i]) && Double.isFinite(mean[i])) {
                rows.put(steps[i], new double[] {mean[i], Double.isFinite(std[i]) ? std[i] : Double.NaN});
            }
        }
        double[] s = new double[rows.size()];
        double[] m = new double[rows.size()];
        double[] d = new double[rows.size()];
        int i = 0;
        for (Map.Entry<Double, double[]> e : rows.entrySet()) {
            s[i] = e.getKey();
            m[i] = e.getValue()[0];
            d[i] = e.getValue()[1];
            i++;
        }
        return new Curve(s, m, d);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readConfig(Path file) {
        Object parsed;
        try {
            parsed = YAML.readValue(file.toFile(), Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Corrupt YAML in " + file + ": " + (e instanceof com.fasterxml.jackson.core.JacksonException je ? je.getOriginalMessage() : e.getMessage()), e);
        }
        if (parsed == null) {
            throw new IllegalArgumentException(file + " is empty");
        }
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException(file + " is not a YAML mapping (got " + parsed.getClass().getSimpleName()
                    + ")");
        }
        return (Map<String, Object>) parsed;
    }

    private static String string(Map<String, Object> config, String key, Path file) {
        Object v = config.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be a string, got " + v);
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private static long integer(Object v, String key, Path file) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException(file + ": '" + key + "' must be an integer, got '" + v + "'");
    }

    private static List<TransferPoint> readTransfer(Path file) {
        CsvTable t = CsvTable.read(file);
        t.require("bodies", "episode_score/mean");
        double[] bodies = t.column("bodies");
        double[] mean = t.column("episode_score/mean");
        double[] std = t.columnOrNaN("episode_score/std");
        double[] episodes = t.columnOrNaN("episodes");
        TreeMap<Integer, TransferPoint> points = new TreeMap<>();
        for (int i = 0; i < t.rows(); i++) {
            if (!Double.isFinite(bodies[i]) || bodies[i] != Math.rint(bodies[i]) || bodies[i] < 1) {
                throw new IllegalArgumentException(file + ": data row " + (i + 1) + " has bodies = " + bodies[i]
                        + ", expected a positive integer");
            }
            if (Double.isFinite(mean[i])) {
                int b = (int) bodies[i];
                points.put(b, new TransferPoint(b, mean[i], std[i], Double.isFinite(episodes[i]) ? (int) episodes[i] : -1));
            }
        }
        return new ArrayList<>(points.values());
    }

    /** The directory name, with its parent's, for messages and legends: {@code ncap-ppo/seed1}. */
    public String shortName() {
        Path name = dir.toAbsolutePath().normalize();
        Path parent = name.getParent();
        return (parent != null && parent.getFileName() != null ? parent.getFileName() + "/" : "") + name.getFileName();
    }

    /**
     * The task the run was trained on, for stratifying statistics by task: its {@code env} and, when set, its
     * {@code env_options} as configured, e.g. {@code "swimmer-swim {bodies=6}"}, leaving out options whose name ends in
     * {@code seed}: a seed option such as the gridworld's {@code layout_seed} (set to the run's seed by the
     * predictive-heads studies, as the paper's code draws a room per seed) is a per-run draw like the seed itself,
     * not another task.
     */
    public String task() {
        Map<String, Object> options = config.get("env_options") instanceof Map<?, ?> m ? new TreeMap<>(stringKeys(m)) : new TreeMap<>();
        options.keySet().removeIf(k -> k.endsWith("seed"));
        return config.get("env") + (options.isEmpty() ? "" : " " + options);
    }

    /**
     * The config key that names what trained the run: {@code agent} for an RL run ({@code train}: ppo, es, ...),
     * {@code objective} for a tactile run ({@code tactile-train}: supervised, simclr); null when the config has neither.
     */
    public String learnerKey() {
        return agent != null ? "agent" : config.get("objective") != null ? "objective" : null;
    }

    /** The value of {@link #learnerKey()} ({@code "ppo"}, {@code "es"}, {@code "supervised"}), null when there is none. */
    public String learner() {
        String key = learnerKey();
        return key == null ? null : String.valueOf(config.get(key)).trim();
    }

    /**
     * The training budget the config set, in words for a figure's title, null when it sets none: an RL run's
     * {@code steps} ({@code "2M steps"}; with {@code iterations} &gt; 0 also {@code ", at most 500 iterations"}), a
     * tactile run's {@code epochs} ({@code "30 epochs"}, or {@code "up to 30 epochs"} when early stopping
     * ({@code patience} &gt; 0) may end it sooner).
     */
    public String budget() {
        if (config.get("steps") instanceof Number steps) {
            long iterations = config.get("iterations") instanceof Number n ? n.longValue() : 0;
            return Style.Compact.compact(steps.doubleValue()) + " steps"
                    + (iterations > 0 ? ", at most " + Style.Compact.compact(iterations) + " iterations" : "");
        }
        if (config.get("epochs") instanceof Number epochs) {
            boolean early = config.get("patience") instanceof Number p && p.longValue() > 0;
            return (early ? "up to " : "") + epochs.longValue() + " epochs";
        }
        return null;
    }

    /** The arch_options mapping of the config (empty when absent). */
    public Map<String, Object> archOptions() {
        return config.get("arch_options") instanceof Map<?, ?> m ? stringKeys(m) : Map.of();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
