package org.neuroprior.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.experiments.train.Trainer;

/**
 * Training throughput, as environment steps per second of training (test episodes not counted), for ES+NCAP,
 * PPO+MLP and PPO+NCAP on swimmer-swim, each divided by the environment-only rate measured in the same run;
 * and the resident memory of the process along a long ES+NCAP run.
 */
public final class TrainingBenchmark {

    /** One training configuration's figures. */
    public record Throughput(String name, double stepsPerSecond, double ratio, String goal) {
    }

    /** Resident memory (MB) after each logged epoch of the long run. */
    public record Memory(List<Double> steps, List<Double> residentMb) {
    }

    private final long esSteps;
    private final long ppoSteps;
    private final EnvBenchmark.PrintStreamLog log;
    private Memory memory;

    public TrainingBenchmark(long esSteps, long ppoSteps, EnvBenchmark.PrintStreamLog log) {
        this.esSteps = esSteps;
        this.ppoSteps = ppoSteps;
        this.log = log;
    }

    public Memory memory() {
        return memory;
    }

    public List<Throughput> run() throws IOException {
        double envRate = envOnlyRate();
        log.line(String.format("environment only (swimmer-swim, 1 thread): %.0f steps/s", envRate));
        List<Throughput> out = new ArrayList<>();
        Path tmp = Files.createTempDirectory("neuroprior-bench-");
        try {
            out.add(measure("ES + NCAP", "es", "ncap", esSteps, 100_000, envRate, ">= 0.8", tmp.resolve("es-ncap")));
            out.add(measure("PPO + MLP", "ppo", "mlp", ppoSteps, ppoSteps, envRate, ">= 0.3", tmp.resolve("ppo-mlp")));
            out.add(measure("PPO + NCAP", "ppo", "ncap", ppoSteps, ppoSteps, envRate, ">= 0.3", tmp.resolve("ppo-ncap")));
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return out;
    }

    private Throughput measure(String name, String agent, String arch, long steps, long epochSteps, double envRate, String goal,
                               Path dir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", agent);
        m.put("arch", arch);
        m.put("steps", steps);
        m.put("epoch_steps", epochSteps);
        m.put("test_episodes", 1);
        Trainer trainer = new Trainer(TrainConfig.resolve(m), dir, new Trainer.Listener() {
            @Override
            public void epoch(Map<String, Double> row) {
                log.line(String.format("%s: %,.0f steps, %.0f MB resident", name, row.get("train/steps"), row.get("train/resident_mb")));
            }
        });
        long t0 = System.nanoTime();
        trainer.run(false);
        List<String> lines = Files.readAllLines(dir.resolve(Trainer.LOG));
        List<String> header = List.of(lines.get(0).split(","));
        int stepsCol = header.indexOf("train/steps");
        int rssCol = header.indexOf("train/resident_mb");
        int trainSecondsCol = header.indexOf("train/seconds");
        List<Double> s = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            s.add(Double.parseDouble(cells[stepsCol]));
            rss.add(cells[rssCol].isEmpty() ? Double.NaN : Double.parseDouble(cells[rssCol]));
        }
        if (agent.equals("es")) memory = new Memory(s, rss);
        // train/seconds includes test episodes; the checkpoint holds the pure training time.
        String[] last = lines.get(lines.size() - 1).split(",", -1);
        double seconds = Double.parseDouble(last[trainSecondsCol]);
        double trainOnly = trainingSeconds(dir, seconds);
        double rate = s.get(s.size() - 1) / trainOnly;
        log.line(String.format("%s: %.0f steps/s of training (%.0f s wall including tests)", name, rate, (System.nanoTime() - t0) / 1e9));
        return new Throughput(name, rate, rate / envRate, goal);
    }

    /** Training time without test episodes: the sum over log rows of steps / steps_per_second. */
    private static double trainingSeconds(Path dir, double fallback) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(Trainer.LOG));
        List<String> header = List.of(lines.get(0).split(","));
        int stepsCol = header.indexOf("train/steps");
        int rateCol = header.indexOf("train/steps_per_second");
        double total = 0;
        double previous = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells[rateCol].isEmpty()) continue; // row 0: the untrained policy, no training yet
            double steps = Double.parseDouble(cells[stepsCol]);
            double rate = Double.parseDouble(cells[rateCol]);
            total += (steps - previous) / rate;
            previous = steps;
        }
        return total > 0 ? total : fallback;
    }

    /** swimmer-swim steps per second on one thread with a fixed action pattern (the foundation figure). */
    private static double envOnlyRate() {
        try (Env<double[]> env = Envs.makeContinuous("swimmer-swim", Map.of("time_feature", true))) {
            double[] action = new double[5];
            double best = 0;
            for (int round = 0; round < 3; round++) {
                Step s = env.reset(7);
                long t0 = System.nanoTime();
                int n = 20_000;
                for (int t = 0; t < n; t++) {
                    for (int i = 0; i < action.length; i++) action[i] = Math.sin(0.1 * t + i);
                    s = env.step(action);
                    if (s.done()) s = env.reset();
                }
                best = Math.max(best, n / ((System.nanoTime() - t0) / 1e9));
            }
            return best;
        }
    }
}
