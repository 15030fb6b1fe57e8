package org.neuroprior.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.whisker.ProtocolSweeps;
import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.WhiskerArrayModel;
import org.neuroprior.envs.whisker.WhiskerMorphology;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.WhiskerSweeper;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectClasses;

/**
 * The whisker simulator's figures (BENCHMARKS.md): raw stepping of the 30-whisker array from Java against the C
 * program mujoco-testspeed on the same file; sweeps per second on one thread and on every core (high-variation
 * protocol, one sweep of each of the 15 procedural classes per round), the projected time for a paper-sized set,
 * and how much the signals change when the physics step is halved (1 -> 0.5 ms and 0.5 -> 0.25 ms). Both timing
 * ratios (Java / C, all cores / one thread) come from interleaved pairs of rounds ({@link PairedRatio}).
 */
public final class WhiskerBenchmark {
    /** The paper's low-variation set (docs/whisker.md). */
    public static final int PAPER_SWEEPS = 316_192;

    /**
     * @param javaOverC     Java / C physics steps per second, from interleaved pairs; null without mujoco-testspeed
     * @param cStepsPerSecond the median C round (0 without mujoco-testspeed)
     * @param javaStepsPerSecond the median Java round
     * @param sweepsPerSecondOneThread the median one-thread round
     * @param sweepsPerSecondAllCores the median all-cores round
     * @param speedup       all cores / one thread, from interleaved pairs of rounds over the same sweeps
     * @param projectedHours {@link #PAPER_SWEEPS} at the all-cores rate
     */
    public record Figures(PairedRatio.Result javaOverC, double cStepsPerSecond, double javaStepsPerSecond,
                          double sweepsPerSecondOneThread, double sweepsPerSecondAllCores, PairedRatio.Result speedup, int cores,
                          double projectedHours, double changeHalving, double changeHalvingAgain, double changeDoublingLinks) {}

    private final int pairs;
    private final int convergenceSweeps;
    private final EnvBenchmark.PrintStreamLog log;

    /**
     * @param pairs             interleaved pairs of rounds per timing ratio (1 or more)
     * @param convergenceSweeps sweeps compared for the convergence figures (0 skips them)
     * @throws IllegalArgumentException for a value out of range
     */
    public WhiskerBenchmark(int pairs, int convergenceSweeps, EnvBenchmark.PrintStreamLog log) {
        if (pairs < 1) throw new IllegalArgumentException("pairs = " + pairs + "; accepted: 1 or more");
        if (convergenceSweeps < 0) throw new IllegalArgumentException("convergence sweeps = " + convergenceSweeps + "; accepted: 0 or more");
        this.pairs = pairs;
        this.convergenceSweeps = convergenceSweeps;
        this.log = log;
    }

    public Figures run() throws Exception {
        var physics = WhiskerPhysics.defaults();
        Raw raw = rawStepping(physics);
        int classes = ObjectClasses.names().size();
        // Sample i is of class i / pairs; round r simulates sample r of every class, on one thread and on all cores.
        var sweeps = new ProtocolSweeps(SweepProtocol.high(), ObjectCatalog.procedural(ObjectClasses.names()), pairs, 1, physics);
        sweeps.sample(0); // warm-up: class loading, JIT
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        PairedRatio.Result speedup;
        try {
            int[] round = {0};
            speedup = PairedRatio.measure(pairs, () -> {
                long start = System.nanoTime();
                List<Future<?>> jobs = new ArrayList<>();
                for (int c = 0; c < classes; c++) {
                    int index = c * pairs + round[0];
                    jobs.add(pool.submit(() -> sweeps.sample(index)));
                }
                for (var job : jobs) job.get();
                return classes / ((System.nanoTime() - start) / 1e9);
            }, () -> {
                long start = System.nanoTime();
                for (int c = 0; c < classes; c++) sweeps.sample(c * pairs + round[0]);
                return classes / ((System.nanoTime() - start) / 1e9);
            }, (p, i) -> {
                log.line(String.format("pair %d: %d sweeps on %d threads %.2f sweeps/s, on one thread %.2f (%.3f)", i + 1, classes, cores,
                        p.a(), p.b(), p.ratio()));
                round[0]++;
            });
        } finally {
            pool.shutdownNow();
        }
        double all = speedup.medianA();
        double[] change = convergence(physics);
        return new Figures(raw.javaOverC(), raw.javaOverC() == null ? 0 : raw.javaOverC().medianB(), raw.java(), speedup.medianB(),
                all, speedup, cores,
                PAPER_SWEEPS / all / 3600, change[0], change[1], change[2]);
    }

    /** Java / C from interleaved pairs (null without mujoco-testspeed), and the median Java rate. */
    private record Raw(PairedRatio.Result javaOverC, double java) {}

    /** Java and C physics steps per second on the array with an object pressed into it, from the same file. */
    private Raw rawStepping(WhiskerPhysics physics) throws Exception {
        var array = WhiskerArrayModel.of(WhiskerMorphology.mouseRightSide(), physics);
        var object = ObjectClasses.generate("box", new java.util.SplittableRandom(1)).centeredAndScaledToDiagonal(40);
        // The box's face 10 mm from the most lateral base: it bends the longer whiskers from the first step.
        String xml = array.toMjcf(object.toMjcf("object"), new double[] {5 + 10 - object.boundsMin()[0], 0, 0}, new double[] {1, 0, 0, 0});
        Path file = Files.createTempFile("neuroprior-whiskers-", ".xml");
        int steps = 4000;
        int dof = 30 * (physics.linksPerWhisker() - 1) * 2;
        try {
            Files.writeString(file, xml);
            PairedRatio.Round java = () -> {
                try (var model = MjModel.fromXmlFile(file); var data = model.makeData()) {
                    data.step(200);
                    data.reset();
                    long start = System.nanoTime();
                    data.step(steps); // one JNI call per step inside, as mujoco-testspeed calls mj_step
                    return steps / ((System.nanoTime() - start) / 1e9);
                }
            };
            if (EnvBenchmark.cRate(file, steps) == 0) {
                double rate = java.run();
                log.line(String.format("mujoco-testspeed not found (install libmujoco-samples to compare with C); Java %.0f physics steps/s",
                        rate));
                return new Raw(null, rate);
            }
            var ratio = PairedRatio.measure(pairs, java, () -> EnvBenchmark.cRate(file, steps), (p, i) -> log.line(String.format(
                    "pair %d: 30-whisker array (%d DOF) with a box: Java %.0f, C %.0f physics steps/s (%.3f)", i + 1, dof, p.a(), p.b(),
                    p.ratio())));
            return new Raw(ratio, ratio.medianA());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Mean relative L2 change of the recorded signals when the step is halved, then halved again; and when the
     * links per whisker are doubled (at the default step).
     */
    private double[] convergence(WhiskerPhysics physics) {
        if (convergenceSweeps == 0) return new double[] {Double.NaN, Double.NaN, Double.NaN};
        var catalog = ObjectCatalog.procedural(ObjectClasses.names());
        double[] steps = {physics.timestep(), physics.timestep() / 2, physics.timestep() / 4};
        float[][][] signals = new float[3][convergenceSweeps][];
        for (int j = 0; j < 3; j++) {
            var sweeps = new ProtocolSweeps(SweepProtocol.high(), catalog, 1, 2, physics.withTimestep(steps[j]));
            for (int i = 0; i < convergenceSweeps; i++) signals[j][i] = sweeps.sample(i % sweeps.size()).signals();
        }
        var doubled = new ProtocolSweeps(SweepProtocol.high(), catalog, 1, 2, physics.withLinks(2 * physics.linksPerWhisker()));
        double a = 0, b = 0, c = 0;
        for (int i = 0; i < convergenceSweeps; i++) {
            double x = relative(signals[0][i], signals[1][i]), y = relative(signals[1][i], signals[2][i]);
            double z = relative(signals[0][i], doubled.sample(i % doubled.size()).signals());
            log.line(String.format("convergence, sweep %d (%s): 1 -> 0.5 ms %.3f, 0.5 -> 0.25 ms %.3f; %d -> %d links %.3f", i,
                    catalog.classNames().get(i % catalog.classNames().size()), x, y, physics.linksPerWhisker(),
                    2 * physics.linksPerWhisker(), z));
            a += x / convergenceSweeps;
            b += y / convergenceSweeps;
            c += z / convergenceSweeps;
        }
        return new double[] {a, b, c};
    }

    private static double relative(float[] x, float[] y) {
        double diff = 0, norm = 0;
        for (int k = 0; k < x.length; k++) {
            diff += ((double) x[k] - y[k]) * ((double) x[k] - y[k]);
            norm += (double) y[k] * y[k];
        }
        return norm == 0 ? 0 : Math.sqrt(diff / norm);
    }
}
