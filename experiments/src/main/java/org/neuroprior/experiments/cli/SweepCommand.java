package org.neuroprior.experiments.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.neuroprior.experiments.data.DatasetStore;
import org.neuroprior.experiments.engine.EngineOptions;
import org.neuroprior.experiments.engine.OutputPath;
import org.neuroprior.experiments.engine.SparkEngine;
import org.neuroprior.experiments.train.ConfigFiles;
import org.neuroprior.experiments.train.RunStore;
import org.neuroprior.experiments.train.SweepRun;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.experiments.train.Trainer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code neuroprior sweep}: a grid of runs (variants x agents x seeds) trained in parallel, one run directory each.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Train a grid of architectures (or variants) x agents x seeds in parallel, one run directory each.",
        description = {"Train a grid of architectures (or variants) x agents x seeds in parallel; each run gets its own directory "
                + "OUT/<label>-<agent>/seed<N>. Re-running with --resume continues unfinished runs and skips finished ones.",
                "--engine spark runs them as Spark tasks (embedded, or on the cluster of --master)."})
public final class SweepCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "base YAML config shared by every run (as for train: recorded "
            + "facts such as openblas_coretype and commit are ignored, with a warning if they differ)")
    Path configFile;

    @Option(names = "--arch", completionCandidates = Candidates.Architectures.class,
            description = "architecture to include (repeatable): ${COMPLETION-CANDIDATES}")
    List<String> archs;

    @Option(names = "--variant", paramLabel = "LABEL;ARCH[;KEY=VALUE...]",
            description = "a labelled architecture variant (repeatable), e.g. \"ncap (random init);ncap;init=random\"")
    List<String> variants;

    @Option(names = "--agent", completionCandidates = Candidates.Agents.class,
            description = "agent to include (repeatable): ${COMPLETION-CANDIDATES} (default ${sys:neuroprior.default.agent})")
    List<String> agents;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "seeds, default ${DEFAULT-VALUE}")
    List<Long> seeds;

    @Option(names = "--steps", description = "training budget of every run, e.g. 1e6 (default ${sys:neuroprior.default.steps})")
    String steps;

    @Option(names = "--epoch-steps", description = "test and log every this many steps (default ${sys:neuroprior.default.epoch_steps})")
    String epochSteps;

    @Option(names = "--frame-stack", paramLabel = "N", description = "observe the last N observations at once, in every run")
    String frameStack;

    @Option(names = "--env-option", paramLabel = "KEY=VALUE", description = "environment option for every run")
    List<String> envOptions;

    @Option(names = "--arch-option", paramLabel = "KEY=VALUE", description = "architecture option for every run (a variant's own win)")
    List<String> archOptions;

    @Option(names = "--agent-option", paramLabel = "KEY=VALUE", description = "agent option for every run")
    List<String> agentOptions;

    @Option(names = "--parallel", description = "runs at a time with the builtin engine (default: one per core)")
    Integer parallel;

    @Option(names = "--out", required = true, paramLabel = "DIR|URI", description = {"directory for the runs: a path (executors of a "
            + "cluster must see it at the same path) or a Hadoop URI (hdfs://, s3a:// with its connector): runs train in local "
            + "working directories and are published to it"})
    String out;

    @Option(names = "--resume", description = "continue runs that have a checkpoint; skip finished ones")
    boolean resume;

    @Mixin
    EngineOptions engine = new EngineOptions();

    /** One labelled architecture with its options. */
    private record Variant(String label, String arch, Map<String, String> options) {
    }

    @Override
    public Integer call() throws Exception {
        Function<String, RunStore> stores = OutputPath.sweep("--out", out, engine.sparkConf());
        DatasetStore root = OutputPath.dataset("--out", out, engine.sparkConf()); // for the summary
        ConfigMerge base = ConfigMerge.fromConfigOption(configFile).put("steps", steps).put("epoch_steps", epochSteps).put("frame_stack", frameStack)
                .options(TrainConfig.ENV_OPTIONS, envOptions, KeyValueOptions.ENV_EXAMPLE)
                .options(TrainConfig.ARCH_OPTIONS, archOptions, KeyValueOptions.archExample(archs == null || archs.isEmpty() ? null : archs.get(0)))
                .options(TrainConfig.AGENT_OPTIONS, agentOptions, KeyValueOptions.agentExample(agents == null || agents.isEmpty() ? null : agents.get(0)));
        List<Variant> grid = variants();
        List<String> agentList = agents == null ? List.of((String) TrainConfig.KEYS.get("agent").defaultValue()) : agents;
        EngineOptions.Kind kind = engine.kind();
        if (kind == EngineOptions.Kind.SPARK && parallel != null) {
            throw new IllegalArgumentException("--parallel is for the builtin engine; on Spark, runs at a time = executor cores / spark.task.cpus");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = parallel == null ? cores : parallel;
        if (workers < 1) throw new IllegalArgumentException("--parallel = " + workers + "; accepted: 1 or more");
        // Every config is resolved and every directory checked before Spark starts: mistakes cost no start-up.
        int threadsPerRun = kind == EngineOptions.Kind.SPARK ? SparkEngine.taskCpus(engine) : Math.max(1, cores / workers);
        List<SweepRun> runs = new ArrayList<>();
        for (Variant v : grid) {
            for (String agent : agentList) {
                for (long seed : seeds) {
                    TrainConfig config = base.copy().put("arch", v.arch()).put("agent", agent).put("seed", seed)
                            .put("label", v.label()).put("threads", threadsPerRun).options(TrainConfig.ARCH_OPTIONS, v.options())
                            .resolve();
                    // A run is named by its directory under --out, so its progress lines name the folder it writes.
                    String relative = slug(v.label()) + "-" + agent + "/seed" + seed;
                    RunStore store = stores.apply(relative);
                    SweepRun run = SweepRun.of(relative, config, store);
                    boolean held;
                    try {
                        held = run.hasRunFiles();
                        store.removeLeftovers();
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot look into " + store.location() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("")), e);
                    }
                    if (held && !resume) {
                        throw new IllegalArgumentException(store.location() + " already holds a run; add --resume to continue (finished runs are kept), or give another --out");
                    }
                    runs.add(run);
                }
            }
        }
        // A summary claims a finished sweep: the one of an earlier sweep into this directory goes before any work.
        root.recover(SUMMARY); // a replacement a crash cut, completed so that it can go
        root.delete(SUMMARY);
        SparkEngine spark = kind == EngineOptions.Kind.SPARK ? SparkEngine.start(engine, "neuroprior sweep") : null;
        try {
            if (spark != null) {
                System.out.printf(Locale.ROOT, "sweep: %s on Spark (%s, %d at a time, started in %.1f s), %d thread(s) each, into %s%n",
                        Words.count(runs.size(), "run"), spark.master(), spark.slots(), spark.startSeconds(), threadsPerRun, out);
            } else {
                System.out.printf("sweep: %s, %d at a time, %d thread(s) each, into %s%n", Words.count(runs.size(), "run"), workers, threadsPerRun, out);
            }
            Report report = new Report();
            if (spark != null) {
                StopOnCtrlC.run(spark::requestStop, 300, () -> spark.run("neuroprior sweep", runs,
                        (run, info) -> run.train(new Prefixed(run.name()), info.stopRequested()),
                        (i, outcome, where) -> report.add(outcome), 300));
            } else {
                AtomicBoolean stop = new AtomicBoolean();
                StopOnCtrlC.run(() -> stop.set(true), 300, () -> {
                    ExecutorService pool = Executors.newFixedThreadPool(workers);
                    try {
                        List<Future<SweepRun.Outcome>> results = new ArrayList<>();
                        for (SweepRun run : runs) results.add(pool.submit(() -> run.train(new Prefixed(run.name()), stop::get)));
                        for (Future<SweepRun.Outcome> r : results) report.add(r.get());
                    } finally {
                        pool.shutdown();
                    }
                    return null;
                });
            }
            if (report.finished.size() == runs.size()) writeSummary(root, report.finished);
            else if (report.stopped > 0) System.out.println("stopped: run the same command with --resume to continue (finished runs are skipped)");
            return report.code;
        } finally {
            if (spark != null) spark.close();
        }
    }

    /** The summary a sweep writes into {@code --out} once every run has finished (and never before): {@value #SUMMARY}. */
    public static final String SUMMARY = "sweep.yaml";

    /**
     * Writes {@value #SUMMARY}: {@code complete: true} and each run's directory (relative to {@code --out}; the run's
     * name) and steps, in the order of their directories (the same whatever the engine and the order the runs finished in); through a
     * temporary file, so it is whole or absent.
     */
    private static void writeSummary(DatasetStore root, List<SweepRun.Outcome> finished) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        finished.stream().sorted(java.util.Comparator.comparing(SweepRun.Outcome::name)).forEach(o -> {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("directory", o.name());
            run.put("steps", o.steps());
            list.add(run);
        });
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("complete", true);
        summary.put("runs", list);
        Path temporary = root.temporary(SUMMARY, "");
        try {
            Files.writeString(temporary, ConfigFiles.toYaml(summary));
        } catch (IOException | RuntimeException e) {
            root.discard(temporary);
            throw e;
        }
        root.replace(temporary, SUMMARY);
        System.out.println("sweep: every run finished; summary in " + SUMMARY);
    }

    /**
     * Prints each run's end as it comes; the exit code is 0 if every run finished or stopped, 2 if runs failed only
     * for expected reasons (a damaged checkpoint, a run made by another version: one line each), 1 if one failed for
     * an unexpected one.
     */
    private static final class Report {
        int code;
        int stopped;
        final List<SweepRun.Outcome> finished = new ArrayList<>();

        void add(SweepRun.Outcome o) {
            if (o.failure() == null) {
                if (o.stopped()) stopped++;
                else finished.add(o);
                System.out.printf(Locale.ROOT, "%s: %s at %,d steps%n", o.directory(), o.stopped() ? "stopped" : "finished", o.steps());
                return;
            }
            System.err.println(o.directory() + ": failed: " + o.failure());
            code = !o.expected() ? 1 : (code == 1 ? 1 : org.neuroprior.experiments.Main.EXPECTED_FAILURE);
        }
    }

    private List<Variant> variants() {
        List<Variant> list = new ArrayList<>();
        if (archs != null) for (String a : archs) list.add(new Variant(a, a, Map.of()));
        if (variants != null) {
            for (String v : variants) {
                String[] parts = v.split(";");
                if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new IllegalArgumentException("--variant '" + v + "' is not of the form LABEL;ARCH[;KEY=VALUE...]");
                }
                list.add(new Variant(parts[0].strip(), parts[1].strip(),
                        KeyValueOptions.parse(List.of(parts).subList(2, parts.length), KeyValueOptions.archExample(parts[1].strip()))));
            }
        }
        if (list.isEmpty()) throw new IllegalArgumentException("give at least one --arch or --variant");
        return list;
    }

    /** A directory name from a label: "ncap (random init)" -> "ncap-random-init". */
    public static String slug(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** Reports each run's epochs on one line, prefixed with the run's name. */
    private record Prefixed(String name) implements Trainer.Listener {
        @Override
        public void warning(String message) {
            System.err.println(name + ": warning: " + message);
        }

        @Override
        public void epoch(Map<String, Double> row) {
            System.out.printf(Locale.ROOT, "%-40s epoch %3.0f  steps %,10.0f  test score %7.1f +- %5.1f%n", name, row.get("train/epoch"),
                    row.get("train/steps"), row.get("test/episode_score/mean"), row.get("test/episode_score/std"));
        }
    }
}
