package org.neuroprior.experiments.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.experiments.bench.EnvBenchmark;
import org.neuroprior.experiments.bench.EnvBenchmark.Figure;
import org.neuroprior.experiments.bench.Rl4jComparison;
import org.neuroprior.experiments.bench.TactileBenchmark;
import org.neuroprior.experiments.bench.UpdateBenchmark;
import org.neuroprior.experiments.bench.WhiskerBenchmark;
import org.neuroprior.experiments.bench.WhiskerConvergenceStudy;
import org.neuroprior.experiments.train.Nd4jBinary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neuroprior bench}: the speed figures of BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure speed and memory: MuJoCo, training, whisker simulator, tactile models, vs PyTorch.",
        description = {"Measure MuJoCo stepping (Java vs C), swimmer-swim control rate and allocation, and vector-env scaling; "
                + "with --training, training throughput and memory; with --whisker, the whisker simulator's speed; "
                + "with --whisker-study, its convergence study; with --rl4j, RL4J's DQN and ours on cartpole, same budget "
                + "and settings, a few seeds; with --tactile, the tactile models' training and inference speed and memory "
                + "against PyTorch on the same models; with --updates, DDPG, PPO and double DQN updates per second against "
                + "a PyTorch reference of the same updates; with --predictive, double DQN on the shuffled gridworld (conv, reference "
                + "protocol) with and without predictive heads."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--pairs", defaultValue = "5", description = {"interleaved pairs of rounds (A, B, A, B, ...) per ratio; "
            + "a ratio is the median pair ratio, shown with its spread; default ${DEFAULT-VALUE}"})
    int pairs;

    @Option(names = "--physics-steps", defaultValue = "200000", description = "physics steps per raw-stepping round, default ${DEFAULT-VALUE}")
    int physicsSteps;

    @Option(names = "--control-steps", defaultValue = "20000", description = "control steps per env round, default ${DEFAULT-VALUE}")
    int controlSteps;

    @Option(names = "--training", description = {"measure training throughput and memory instead (ES+NCAP over --es-steps, PPO over --ppo-steps, "
            + "DDPG over --ddpg-steps, double DQN on cartpole over --dqn-steps)"})
    boolean training;

    @Option(names = "--es-steps", defaultValue = "1000000", description = "ES+NCAP training steps for --training, default ${DEFAULT-VALUE}")
    long esSteps;

    // 25 updates, as many as a compare run: with 10, JIT warm-up in the first updates weighed on the figure.
    @Option(names = "--ppo-steps", defaultValue = "102400", description = "PPO training steps for --training, default ${DEFAULT-VALUE}")
    long ppoSteps;

    @Option(names = "--ddpg-steps", defaultValue = "20000",
            description = "DDPG + MLP (256, 256) training steps for --training (updates from step 1000), 0 for none, default ${DEFAULT-VALUE}")
    long ddpgSteps;

    @Option(names = "--dqn-steps", defaultValue = "50000",
            description = "double DQN + MLP training steps on cartpole for --training (updates from step 1000), 0 for none, default ${DEFAULT-VALUE}")
    long dqnSteps;

    @Option(names = "--whisker", description = "measure the whisker simulator instead: stepping vs C, sweeps/s against the previous settings")
    boolean whisker;

    @Option(names = "--whisker-study", description = {"run the whisker simulator's convergence study instead: links doubled and the step "
            + "halved (at the default's link count) over 30 sweeps (every class, both protocols); writes tables and a picture into --out"})
    boolean whiskerStudy;

    @Option(names = "--out", defaultValue = "results/whisker-convergence", paramLabel = "DIR",
            description = "where --whisker-study writes, default ${DEFAULT-VALUE}")
    java.nio.file.Path out;

    @Option(names = "--threads", defaultValue = "0", description = "sweeps simulated at once by --whisker-study (default: one per core)")
    int threads;

    @Option(names = "--study-links", defaultValue = "6,8,12,16,24", split = ",", paramLabel = "N,N,...",
            description = {"link counts --whisker-study doubles, default ${DEFAULT-VALUE} "
                    + "(the default's count is always among them; the picture always draws 6 to 24)"})
    List<Integer> studyLinks;

    @Option(names = "--study-step-links", split = ",", paramLabel = "N,N,...",
            description = {"link counts at which --whisker-study also halves the step (it always does at the default's count; "
                    + "each costs about as much as doubling its links)"})
    List<Integer> studyStepLinks = new java.util.ArrayList<>();

    // Not a negatable "--array-step" with default true: picocli sets such an option to its default when the negated
    // form is given, so "--no-array-step" left the step in and "--array-step" took it out.
    @Option(names = "--no-array-step",
            description = {"--whisker leaves out timing the default physics in one model for the whole array (the slowest "
                    + "step, timed unless this is given)"})
    boolean noArrayStep;

    @Option(names = "--rl4j", description = "compare RL4J's double DQN (through MdpAdapter) with ours on cartpole instead: greedy test score, time")
    boolean rl4j;

    @Option(names = "--rl4j-steps", defaultValue = "30000", description = "training steps per run for --rl4j, default ${DEFAULT-VALUE}")
    int rl4jSteps;

    @Option(names = "--rl4j-seeds", defaultValue = "1,2,3", split = ",", description = "seeds for --rl4j, default ${DEFAULT-VALUE}")
    List<Long> rl4jSeeds;

    @Option(names = "--predictive", description = "measure double DQN training steps/s (one update per step) on the shuffled gridworld "
            + "with and without predictive heads instead")
    boolean predictive;

    @Option(names = "--predictive-steps", defaultValue = "1500", description = "training steps per round for --predictive, default ${DEFAULT-VALUE}")
    int predictiveSteps;

    @Option(names = "--tactile", description = {"measure the tactile models instead: parameters, GFLOP, training and inference samples/s "
            + "and memory, against PyTorch running the same model (scripts/bench/tactile_torch.py), interleaved rounds"})
    boolean tactile;

    @Option(names = "--tactile-models", defaultValue = "convrnn,resnet,s4", split = ",",
            description = "model specs for --tactile (PyTorch twins exist for the families' defaults), default ${DEFAULT-VALUE}")
    List<String> tactileModels;

    @Option(names = "--batch", defaultValue = "32", description = "samples per step for --tactile, default ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--train-steps", defaultValue = "3", description = "training steps per round for --tactile, default ${DEFAULT-VALUE}")
    int trainSteps;

    @Option(names = "--infer-steps", defaultValue = "6", description = "forward passes per round for --tactile, default ${DEFAULT-VALUE}")
    int inferSteps;

    @Option(names = "--epoch-steps", defaultValue = "100", description = "training steps of the memory trace for --tactile, default ${DEFAULT-VALUE}")
    int epochSteps;

    @Option(names = "--updates", description = {"measure DDPG, PPO and double DQN updates per second instead, through the agents' code, "
            + "interleaved with the PyTorch reference " + UpdateBenchmark.SCRIPT + " (run by --python)"})
    boolean updates;

    @Option(names = "--update-seconds", defaultValue = "2", description = "timed seconds of each --updates round, each side, default ${DEFAULT-VALUE}")
    double updateSeconds;

    @Option(names = "--python", defaultValue = UpdateBenchmark.DEFAULT_PYTHON,
            description = "the interpreter with PyTorch for --updates and --tactile (Debian's python3-torch), default ${DEFAULT-VALUE}")
    String python;

    @Option(names = "--reference-blas", defaultValue = "openblas,debian", split = ",",
            description = {"BLAS of the PyTorch reference for --updates: openblas (ND4J's, preloaded), debian (what libblas.so.3 is), "
                    + "or both; default ${DEFAULT-VALUE}"})
    List<String> referenceBlas;

    @Override
    public Integer call() throws Exception {
        if (predictive) return predictive();
        if (tactile) return tactile();
        if (updates) return updates();
        if (training) return training();
        if (whisker) return whisker();
        if (whiskerStudy) return whiskerStudy();
        if (rl4j) return rl4j();
        System.out.printf("Java %s, %d cores, %s%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"));
        List<Figure> figures = new EnvBenchmark(pairs, physicsSteps, controlSteps, System.out::println).run();
        System.out.println();
        printPairsNote();
        System.out.println("| figure | value | unit | spread of the pair ratios | goal | met |");
        System.out.println("|---|---:|---|---|---|---|");
        for (Figure f : figures) {
            String value = f.unit().equals("ratio") ? String.format(Locale.ROOT, "%.3f", f.value())
                    : String.format(Locale.ROOT, "%,.0f", f.value());
            if (f.unit().equals("bytes/step")) value = String.format(Locale.ROOT, "%.2f", f.value());
            System.out.printf("| %s | %s | %s | %s | %s | %s |%n", f.name(), value, f.unit(), f.spread(), f.goal(),
                    f.goal().isEmpty() || f.goal().equals("reference") ? "" : f.met() ? "yes" : "no");
        }
        return 0;
    }

    private void printPairsNote() {
        System.out.println("Rates are medians of their rounds; a ratio is the median of " + pairs + " interleaved pair ratios, "
                + "with their min-max and interquartile range.");
    }

    private int whisker() throws Exception {
        System.out.printf("Java %s, %d cores; whisker array (30 whiskers, default physics)%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        var f = new WhiskerBenchmark(pairs, !noArrayStep, System.out::println).run();
        System.out.println();
        printPairsNote();
        System.out.println("| figure | value | spread of the pair ratios | goal |");
        System.out.println("|---|---:|---|---|");
        System.out.printf(Locale.ROOT, "| C mujoco-testspeed, array + box, physics steps/s | %,.0f | | reference |%n", f.cStepsPerSecond());
        System.out.printf(Locale.ROOT, "| Java, same file, physics steps/s | %,.0f | | |%n", f.javaStepsPerSecond());
        if (f.javaOverC() != null) {
            System.out.printf(Locale.ROOT, "| Java / C | %.3f | %s | |%n", f.javaOverC().median(), f.javaOverC().spread());
        }
        System.out.printf(Locale.ROOT, "| previous settings (6 links, 1 ms, one model for the array), sweeps per CPU second | %.2f | | reference |%n",
                f.previousRate());
        for (var step : f.steps()) {
            System.out.printf(Locale.ROOT, "| %s / previous settings | %.3f | %s | |%n", step.name(), step.ratio().median(), step.ratio().spread());
        }
        System.out.printf(Locale.ROOT, "| default, sweeps per CPU second | %.2f | | >= 0.4 x previous (goal: 1 x) |%n", f.defaultRate());
        System.out.printf(Locale.ROOT, "| default, sweeps/s on %d threads | %.2f | | |%n", f.cores(), f.allCoresRate());
        System.out.printf(Locale.ROOT, "| %d threads / one thread | %.3f | %s | |%n", f.cores(), f.speedup().median(), f.speedup().spread());
        System.out.printf(Locale.ROOT, "| projected time for %,d sweeps, %d threads | %.1f h | | |%n", WhiskerBenchmark.PAPER_SWEEPS, f.cores(),
                f.projectedHours());
        return 0;
    }

    private int whiskerStudy() throws Exception {
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        var physics = WhiskerPhysics.defaults();
        System.out.printf("Java %s, %d threads; whisker convergence study around the default (%d links, %s), into %s%n",
                System.getProperty("java.version"), workers, physics.linksPerWhisker(), physics.timestep(), out);
        var study = new WhiskerConvergenceStudy(physics, studyLinks, studyStepLinks, workers, System.out::println);
        var result = study.run(out);
        System.out.println();
        System.out.println("Relative L2 change of the (110, 35, 6) signals over 30 sweeps (one per class and protocol, seed "
                + WhiskerConvergenceStudy.SEED + ").");
        StringBuilder head = new StringBuilder("| refinement | mean | worst | worst sweep |"), rule = new StringBuilder("|---|---:|---:|---|");
        for (int w : WhiskerConvergenceStudy.AVERAGING_MS) {
            head.append(" mean, averaged over ").append(w).append(" ms |");
            rule.append("---:|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (var r : result.rows()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %s |", r.change(), r.mean(), r.worst(), r.worstSweep()));
            for (double v : r.averaged()) line.append(String.format(Locale.ROOT, " %.3f |", v));
            System.out.println(line);
        }
        for (var file : result.files()) System.out.println("wrote " + file);
        return 0;
    }

    private int rl4j() {
        if (rl4jSteps < 1000) throw new IllegalArgumentException("--rl4j-steps = " + rl4jSteps + " is not valid; accepted: 1000 or more");
        Rl4jComparison.Settings settings = Rl4jComparison.Settings.cartpole(rl4jSteps);
        System.out.printf(Locale.ROOT, "Java %s, %d cores, one thread each; %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), settings);
        List<Rl4jComparison.Run> runs = new Rl4jComparison(settings, System.out::println).run(rl4jSeeds);
        System.out.println();
        System.out.printf("| agent | seed | greedy test score (%d episodes) | training episodes | training s | steps/s |%n", settings.testEpisodes());
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Rl4jComparison.Run r : runs) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %,d | %.1f | %,.0f |%n", r.agent(), r.seed(), r.testScore(), r.episodes(),
                    r.seconds(), r.stepsPerSecond());
        }
        for (String agent : runs.stream().map(Rl4jComparison.Run::agent).distinct().toList()) {
            List<Rl4jComparison.Run> mine = runs.stream().filter(r -> r.agent().equals(agent)).toList();
            double mean = mine.stream().mapToDouble(Rl4jComparison.Run::testScore).average().orElse(Double.NaN);
            double sd = Math.sqrt(mine.stream().mapToDouble(r -> (r.testScore() - mean) * (r.testScore() - mean)).sum()
                    / Math.max(1, mine.size() - 1));
            System.out.printf(Locale.ROOT, "| **%s, mean (sd)** | | %.1f (%.1f) | | %.1f | %,.0f |%n", agent, mean, sd,
                    mine.stream().mapToDouble(Rl4jComparison.Run::seconds).average().orElse(Double.NaN),
                    mine.stream().mapToDouble(Rl4jComparison.Run::stepsPerSecond).average().orElse(Double.NaN));
        }
        return 0;
    }

    private int predictive() throws Exception {
        System.out.printf("Java %s, %d cores, one thread per agent; dqn on gridworld (shuffle, layout_seed 1), conv latent 5, "
                + "protocol auxrl (batch 64, one update per step); %d-step rounds%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), predictiveSteps);
        var r = new org.neuroprior.experiments.bench.PredictiveBenchmark(pairs, predictiveSteps, System.out::println).run();
        System.out.println();
        printPairsNote();
        System.out.println("| dqn training, one update per step | steps/s per CPU second | steps/s per wall second |");
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| model-free | %.1f | %.1f |%n", r.cpu().medianB(), r.wall().medianB());
        System.out.printf(Locale.ROOT, "| + prediction (gamma 0) + negatives | %.1f | %.1f |%n", r.cpu().medianA(), r.wall().medianA());
        System.out.printf(Locale.ROOT, "| heads / model-free | %s | %s |%n", r.cpu().summary(), r.wall().summary());
        return 0;
    }

    private int tactile() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> threads = cores > 1 ? List.of(1, cores) : List.of(1);
        var settings = new TactileBenchmark.Settings(tactileModels, batch, pairs, trainSteps, inferSteps, epochSteps, threads, python, 1);
        var bench = new TactileBenchmark(settings, System.out::println);
        System.out.printf("Java %s, %d cores, ND4J binary %s; batch %d, %d training steps and %d forward passes per round, "
                + "%d rounds after a warm-up%n", System.getProperty("java.version"), cores, Nd4jBinary.current(), batch, trainSteps,
                inferSteps, pairs);
        var figures = bench.run();
        System.out.println();
        System.out.println("Samples/s: medians over rounds; Java / PyTorch: the median of the rounds' ratios (each round runs both sides "
                + "back to back), with its spread. Best: each side at its faster thread count. Peak: the worker process's VmHWM.");
        System.out.println("| model | parameters | GFLOP/sample | threads Java/PyTorch | training Java | training PyTorch | Java / PyTorch "
                + "| inference Java | inference PyTorch | Java / PyTorch | peak MB Java | peak MB PyTorch |");
        System.out.println("|---|---:|---:|---|---:|---:|---|---:|---:|---|---:|---:|");
        for (var f : figures) {
            for (var c : List.of(f.oneThread(), f.best())) {
                System.out.printf(Locale.ROOT, "| %s | %,d | %.3f | %s%d/%d | %.1f | %.1f | %s | %.1f | %.1f | %s | %.0f | %.0f |%n", f.spec(),
                        f.cost().parameters(), f.cost().gflops(), c == f.best() ? "best " : "", c.java().threads(), c.torch().threads(),
                        c.java().medianTrain(), c.torch().medianTrain(), c.train().summary(), c.java().medianInfer(),
                        c.torch().medianInfer(), c.infer().summary(), c.java().peakMb(), c.torch().peakMb());
            }
        }
        System.out.println();
        System.out.printf("Resident memory over an epoch of %d training steps (%,d samples), each side at its best thread count:%n",
                epochSteps, epochSteps * batch);
        System.out.println("| model | library | after step 1 MB | after the first tenth MB | at the end MB | max MB | growth after the first tenth MB |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (var f : figures) {
            for (var t : f.traces()) {
                List<Double> r = t.residentMb();
                System.out.printf(Locale.ROOT, "| %s | %s %dt | %.0f | %.0f | %.0f | %.0f | %+.0f |%n", f.spec(), t.library(), t.threads(), r.get(0),
                        r.get(Math.max(0, r.size() / 10 - 1)), r.get(r.size() - 1), t.maxMb(), t.growthMb());
            }
        }
        return 0;
    }

    private int updates() throws Exception {
        List<UpdateBenchmark.Blas> blases = new java.util.ArrayList<>();
        for (String b : referenceBlas) {
            UpdateBenchmark.Blas blas = switch (b.trim().toLowerCase(Locale.ROOT)) {
                case "openblas" -> UpdateBenchmark.Blas.OPENBLAS;
                case "debian" -> UpdateBenchmark.Blas.DEBIAN;
                default -> throw new IllegalArgumentException("--reference-blas = " + b + " is not valid; accepted: openblas, debian or both (comma-separated)");
            };
            if (!blases.contains(blas)) blases.add(blas);
        }
        java.nio.file.Path script = java.nio.file.Path.of(System.getProperty("neuroprior.root", "")).toAbsolutePath().resolve(UpdateBenchmark.SCRIPT);
        var bench = new UpdateBenchmark(pairs, updateSeconds, python, script, blases, System.out::println);
        System.out.printf("Java %s, %d cores; updates per second, ours and PyTorch's, interleaved rounds of %.1f s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), updateSeconds);
        List<UpdateBenchmark.Figure> figures = bench.run();
        System.out.println();
        printPairsNote();
        System.out.println("| update | threads (ours / PyTorch) | PyTorch's BLAS | ours: updates/s | PyTorch: updates/s | ours / PyTorch | spread of the pair ratios | goal |");
        System.out.println("|---|---|---|---:|---:|---:|---|---|");
        for (UpdateBenchmark.Figure f : figures) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %,.2f | %s | %s | %s | %s |%n", f.update(), f.threads(),
                    f.blas() == null ? "(no reference)" : f.blas().label(), f.ours(),
                    f.ratio() == null ? "" : String.format(Locale.ROOT, "%,.2f", f.reference()),
                    f.ratio() == null ? "" : String.format(Locale.ROOT, "%.3f", f.ratio().median()),
                    f.ratio() == null ? "" : f.ratio().spread(), f.goal());
        }
        return 0;
    }

    private int training() throws Exception {
        System.out.printf("Java %s, %d cores; training throughput on swimmer-swim (6 bodies) and cartpole, all cores%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        var bench = new org.neuroprior.experiments.bench.TrainingBenchmark(esSteps, ppoSteps, ddpgSteps, dqnSteps, System.out::println);
        var results = bench.run();
        System.out.println();
        System.out.println("Steps/s: all training steps over all training time. The ratio is the median over epochs of the epoch's "
                + "training rate / the environment-only round (the same environment, 1 thread) run right after it.");
        System.out.println("| training | steps/s | env-only steps/s (median round) | / env-only rate | spread of the epoch ratios | goal |");
        System.out.println("|---|---:|---:|---:|---|---|");
        for (var r : results) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.3f | %s | %s |%n", r.name(), r.stepsPerSecond(), r.ratio().medianB(),
                    r.ratio().median(), r.ratio().spread(), r.goal());
        }
        var memory = bench.memory();
        System.out.println();
        System.out.println("| ES + NCAP steps | resident MB |");
        System.out.println("|---:|---:|");
        for (int i = 0; i < memory.steps().size(); i++) {
            System.out.printf(Locale.ROOT, "| %,.0f | %.0f |%n", memory.steps().get(i), memory.residentMb().get(i));
        }
        return 0;
    }
}
