package org.neuroprior.plots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Synthetic run directories and trajectories, written the way the training runner writes them. */
final class Fixtures {

    private Fixtures() {}

    /** One synthetic run: its log rows (steps, score mean, score std) are kept for hand computations. */
    record Run(Path dir, double[] steps, double[] mean, double[] std) {}

    static String config(String arch, String agent, int seed, long params, String label, String archOptions) {
        return "env: swimmer-swim\n"
                + "env_options: {bodies: 6}\n"
                + "arch: " + arch + "\n"
                + "arch_options: " + archOptions + "\n"
                + "agent: " + agent + "\n"
                + "agent_options: {learning_rate: 0.0003, batch_size: 64}\n"
                + "seed: " + seed + "\n"
                + "steps: 200000\n"
                + (label == null ? "" : "label: \"" + label + "\"\n")
                + "parameter_count: " + params + "\n";
    }

    /**
     * Writes a run whose test score follows {@code plateau * (1 - exp(-steps / tau))} plus seeded noise, evaluated every
     * 10000 steps (shifted by {@code offset}) up to {@code lastStep}. Extra columns (one with NaN/empty) are included.
     */
    static Run run(Path root, String name, String config, double plateau, double tau, long offset, long lastStep, int seed,
                   boolean transfer) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("config.yaml"), config);
        Random rnd = new Random(seed * 7919L + name.hashCode());
        List<double[]> rows = new ArrayList<>();
        StringBuilder log = new StringBuilder("train/epochs,train/episodes,train/seconds,train/steps,train/steps_per_second,"
                + "train/action/mean,test/episode_score/mean,test/episode_score/std,test/episode_length/mean\n");
        int epoch = 0;
        for (long s = 10000 + offset; s <= lastStep; s += 10000) {
            epoch++;
            double mean = plateau * (1 - Math.exp(-s / tau)) + rnd.nextGaussian() * plateau * 0.03;
            double std = 5 + rnd.nextDouble() * plateau * 0.05;
            rows.add(new double[] {s, mean, std});
            log.append(String.format(Locale.ROOT, "%d,%d,%.3f,%d,%.1f,%s,%.6f,%.6f,1000%n", epoch, epoch * 10, s / 900.0,
                    s, 900.0, epoch % 3 == 0 ? "nan" : epoch % 3 == 1 ? "" : "0.1", mean, std));
        }
        Files.writeString(dir.resolve("log.csv"), log);
        if (transfer) {
            StringBuilder tr = new StringBuilder("bodies,episode_score/mean,episode_score/std,episodes\n");
            for (int b = 4; b <= 12; b += 2) {
                double score = plateau * Math.exp(-Math.abs(b - 6) / 6.0) + rnd.nextGaussian() * 10;
                tr.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,10%n", b, score, 12 + rnd.nextDouble() * 5));
            }
            Files.writeString(dir.resolve("transfer.csv"), tr);
        }
        double[] st = rows.stream().mapToDouble(r -> r[0]).toArray();
        double[] mn = rows.stream().mapToDouble(r -> r[1]).toArray();
        double[] sd = rows.stream().mapToDouble(r -> r[2]).toArray();
        // the log holds 6 decimals: keep what a reader of the file sees
        for (int i = 0; i < mn.length; i++) {
            mn[i] = Double.parseDouble(String.format(Locale.ROOT, "%.6f", mn[i]));
            sd[i] = Double.parseDouble(String.format(Locale.ROOT, "%.6f", sd[i]));
        }
        return new Run(dir, st, mn, sd);
    }

    /** Writes a trajectory of an undulating swimmer heading for a target in +x, head first, links 0.1 m apart. */
    static Path trajectory(Path dir, int bodies, int steps) throws IOException {
        Files.createDirectories(dir);
        StringBuilder sb = new StringBuilder("step,reward,target_x,target_y");
        for (int i = 0; i < bodies; i++) {
            sb.append(",x").append(i).append(",y").append(i);
        }
        sb.append('\n');
        double dt = 0.03;
        for (int s = 0; s < steps; s++) {
            double time = s * dt;
            double hx = 0.25 * time;
            double hy = 0.03 * Math.sin(2 * Math.PI * 1.2 * time);
            double[] x = new double[bodies];
            double[] y = new double[bodies];
            x[0] = hx;
            y[0] = hy;
            for (int i = 1; i < bodies; i++) {
                // link i-1 -> i points backwards (-x), bent by a travelling wave
                double angle = Math.PI + 0.5 * Math.sin(2 * Math.PI * 1.2 * time - 0.9 * i);
                x[i] = x[i - 1] + 0.1 * Math.cos(angle);
                y[i] = y[i - 1] + 0.1 * Math.sin(angle);
            }
            double distance = Math.hypot(3.0 - hx, 0.4 - hy);
            sb.append(String.format(Locale.ROOT, "%d,%.5f,%.3f,%.3f", s, Math.max(0, 1 - distance / 3.1), 3.0, 0.4));
            for (int i = 0; i < bodies; i++) {
                sb.append(String.format(Locale.ROOT, ",%.6f,%.6f", x[i], y[i]));
            }
            sb.append('\n');
        }
        Path file = dir.resolve("trajectory.csv");
        Files.writeString(file, sb);
        return file;
    }
}
