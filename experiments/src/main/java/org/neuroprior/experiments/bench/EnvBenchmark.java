package org.neuroprior.experiments.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.mujoco.MjData;
import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.swimmer.SwimmerEnv;
import org.neuroprior.envs.swimmer.SwimmerModel;
import org.neuroprior.envs.vector.VectorEnv;

/**
 * The foundation's speed figures, each ratio measured from interleaved pairs of rounds ({@link PairedRatio}) and
 * reported as the median pair ratio with its spread: raw MuJoCo stepping from Java vs the C program
 * {@code mujoco-testspeed} on the same MJCF file; the {@code swimmer-swim} control rate vs the physics-only rate / 15,
 * with the bytes allocated per step; and the vector environment on 2 threads vs 1.
 */
public final class EnvBenchmark {
    private static final Pattern STEPS_PER_SECOND = Pattern.compile("Steps per second\\s*:\\s*([0-9.]+)");

    /**
     * One measured figure and its goal.
     *
     * @param value  a rate (the median of its rounds), a ratio (the median pair ratio) or bytes per step
     * @param spread for a ratio, the spread of its pair ratios ({@link PairedRatio.Result#spread()}); else empty
     */
    public record Figure(String name, double value, String unit, String spread, String goal, boolean met) {
    }

    private final int pairs;
    private final int physicsSteps;
    private final int controlSteps;
    private final PrintStreamLog log;

    /** Where progress lines go. */
    public interface PrintStreamLog {
        void line(String text);
    }

    /**
     * @param pairs        interleaved pairs of rounds per ratio (1 or more)
     * @param physicsSteps physics steps per raw-stepping round (1000 or more)
     * @param controlSteps control steps per environment round (1000 or more)
     * @throws IllegalArgumentException for a value out of range
     */
    public EnvBenchmark(int pairs, int physicsSteps, int controlSteps, PrintStreamLog log) {
        if (pairs < 1) throw new IllegalArgumentException("pairs = " + pairs + "; accepted: 1 or more");
        if (physicsSteps < 1000) throw new IllegalArgumentException("physics steps = " + physicsSteps + "; accepted: 1000 or more");
        if (controlSteps < 1000) throw new IllegalArgumentException("control steps = " + controlSteps + "; accepted: 1000 or more");
        this.pairs = pairs;
        this.physicsSteps = physicsSteps;
        this.controlSteps = controlSteps;
        this.log = log;
    }

    /** Measures every figure (about 50 s with 5 pairs and the default round sizes). */
    public List<Figure> run() throws Exception {
        List<Figure> figures = new ArrayList<>();
        Path xml = Files.createTempFile("neuroprior-swimmer6-", ".xml");
        try {
            Files.writeString(xml, new SwimmerModel(6).toMjcf());
            boolean haveC = cRate(xml) > 0; // also a warm-up of the program and the file cache
            if (haveC) {
                PairedRatio.Result raw = PairedRatio.measure(pairs, () -> javaRawRate(xml), () -> cRate(xml),
                        (p, i) -> log.line(String.format("pair %d: Java %.0f, C %.0f physics steps/s (%.3f)", i + 1, p.a(), p.b(), p.ratio())));
                figures.add(new Figure("C mujoco-testspeed, 6-body swimmer", raw.medianB(), "physics steps/s", "", "reference", true));
                figures.add(new Figure("Java MjData.step, same MJCF file", raw.medianA(), "physics steps/s", "", "", true));
                figures.add(new Figure("Java / C raw stepping", raw.median(), "ratio", raw.spread(), ">= 0.95", raw.median() >= 0.95));
            } else {
                log.line("mujoco-testspeed not found: install libmujoco-samples to compare with C");
            }

            List<Double> bytesPerStep = new ArrayList<>();
            int perControl = SwimmerEnv.PHYSICS_STEPS_PER_CONTROL;
            PairedRatio.Result env = PairedRatio.measure(pairs, () -> {
                double[] rateAndBytes = envRate();
                bytesPerStep.add(rateAndBytes[1]);
                return rateAndBytes[0];
            }, () -> javaRawRate(xml) / perControl, (p, i) -> log.line(String.format(
                    "pair %d: swimmer-swim %.0f control steps/s (%.2f bytes allocated/step), physics-only / %d %.0f (%.3f)", i + 1,
                    p.a(), bytesPerStep.get(i), perControl, p.b(), p.ratio())));
            double bytes = PairedRatio.quantile(bytesPerStep.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
            figures.add(new Figure("swimmer-swim env.step, 1 thread", env.medianA(), "control steps/s", "", "", true));
            figures.add(new Figure("env / (physics-only / " + perControl + ")", env.median(), "ratio", env.spread(), ">= 0.9",
                    env.median() >= 0.9));
            figures.add(new Figure("allocation in steady state (median round)", bytes, "bytes/step", "", "0", bytes < 1));

            PairedRatio.Result vector = PairedRatio.measure(pairs, () -> vectorRate(2), () -> vectorRate(1),
                    (p, i) -> log.line(String.format("pair %d: vector env (8 swimmers) 2 threads %.0f, 1 thread %.0f control steps/s (%.3f)",
                            i + 1, p.a(), p.b(), p.ratio())));
            figures.add(new Figure("vector env, 8 x swimmer-swim, 1 thread", vector.medianB(), "control steps/s", "", "", true));
            figures.add(new Figure("vector env, 8 x swimmer-swim, 2 threads", vector.medianA(), "control steps/s", "", "", true));
            figures.add(new Figure("2 threads / 1 thread", vector.median(), "ratio", vector.spread(), ">= 1.8", vector.median() >= 1.8));
        } finally {
            Files.deleteIfExists(xml);
        }
        return figures;
    }

    private double cRate(Path xml) throws IOException, InterruptedException {
        return cRate(xml, physicsSteps);
    }

    /** mujoco-testspeed's rate on the file, or 0 if the program is not installed. */
    static double cRate(Path xml, int physicsSteps) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("mujoco-testspeed", xml.toString(), Integer.toString(physicsSteps), "1", "0.01")
                    .redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return 0;
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) throw new IOException("mujoco-testspeed failed:\n" + out);
        Matcher m = STEPS_PER_SECOND.matcher(out);
        if (!m.find()) throw new IOException("cannot read the rate from mujoco-testspeed's output:\n" + out);
        return Double.parseDouble(m.group(1));
    }

    /**
     * Steps the same file as mujoco-testspeed does: its control noise (uniform, 0.01 of each control's range) is
     * tabulated before the clock starts, and each timed step copies one row into ctrl and calls mj_step.
     */
    private double javaRawRate(Path xml) {
        try (MjModel model = MjModel.fromXmlFile(xml); MjData data = model.makeData()) {
            SplittableRandom rng = new SplittableRandom(1);
            int nu = model.nu();
            double[][] noise = new double[physicsSteps][nu];
            for (double[] row : noise) {
                for (int u = 0; u < nu; u++) {
                    double[] range = model.actuatorCtrlRange(u);
                    double centre = (range[0] + range[1]) / 2;
                    double radius = (range[1] - range[0]) / 2;
                    row[u] = centre + radius * 0.01 * (2 * rng.nextDouble() - 1);
                }
            }
            for (int warm = 0; warm < 2; warm++) { // the first pass lets the JIT compile the loop
                data.reset();
                long start = System.nanoTime();
                for (int i = 0; i < physicsSteps; i++) {
                    data.writeCtrl(noise[i]);
                    data.step(1);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (warm == 1) return physicsSteps / seconds;
            }
            throw new AssertionError("unreachable");
        }
    }

    /** swimmer-swim control steps per second on this thread, and bytes allocated per step. */
    private double[] envRate() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        try (Env<double[]> env = Envs.makeContinuous("swimmer-swim", Map.of())) {
            double[] action = new double[((org.neuroprior.envs.Box) env.actionSpace()).size()];
            runEpisodes(env, action, controlSteps / 2); // warm-up
            long bytes0 = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            runEpisodes(env, action, controlSteps);
            double seconds = (System.nanoTime() - start) / 1e9;
            long bytes = threads.getThreadAllocatedBytes(thread) - bytes0;
            return new double[] {controlSteps / seconds, (double) bytes / controlSteps};
        }
    }

    private static void runEpisodes(Env<double[]> env, double[] action, int steps) {
        Step s = env.reset(7);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < action.length; i++) action[i] = Math.sin(0.1 * t + i);
            s = env.step(action);
            if (s.done()) s = env.reset();
        }
    }

    private double vectorRate(int threads) {
        int n = 8;
        try (VectorEnv<double[]> vec = new VectorEnv<>(n, i -> Envs.makeContinuous("swimmer-swim", Map.of()), threads)) {
            double[][] actions = new double[n][5];
            vec.reset(3);
            int steps = Math.max(100, controlSteps / n);
            for (int warm = 0; warm < 2; warm++) {
                long start = System.nanoTime();
                for (int t = 0; t < steps; t++) {
                    for (double[] a : actions) for (int i = 0; i < a.length; i++) a[i] = Math.sin(0.1 * t + i);
                    vec.step(actions);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (warm == 1) return (double) steps * n / seconds;
            }
            throw new AssertionError("unreachable");
        }
    }
}
