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
 * and how much the signals change when the physics step is halved (1 -> 0.5 ms and 0.5 -> 0.25 ms).
 */
public final class WhiskerBenchmark {
    /** The paper's low-variation set (whisker.md). */
    public static final int PAPER_SWEEPS = 316_192;

    public record Figures(double cStepsPerSecond, double javaStepsPerSecond, double sweepsPerSecondOneThread,
                          double sweepsPerSecondAllCores, int cores, double projectedHours, double changeHalving,
                          double changeHalvingAgain, double changeDoublingLinks) {}

    private final int rounds;
    private final int convergenceSweeps;
    private final EnvBenchmark.PrintStreamLog log;

    public WhiskerBenchmark(int rounds, int convergenceSweeps, EnvBenchmark.PrintStreamLog log) {
        if (rounds < 1) throw new IllegalArgumentException("rounds = " + rounds + "; accepted: 1 or more");
        this.rounds = rounds;
        this.convergenceSweeps = convergenceSweeps;
        this.log = log;
    }

    public Figures run() throws Exception {
        var physics = WhiskerPhysics.defaults();
        double[] raw = rawStepping(physics);
        int classes = ObjectClasses.names().size();
        var sweeps = new ProtocolSweeps(SweepProtocol.high(), ObjectCatalog.procedural(ObjectClasses.names()), rounds, 1, physics);
        sweeps.sample(0); // warm-up: class loading, JIT
        int n = classes * rounds;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) sweeps.sample(i);
        double one = n / ((System.nanoTime() - start) / 1e9);
        log.line(String.format("%d sweeps on one thread: %.2f sweeps/s", n, one));
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        double all;
        try {
            start = System.nanoTime();
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                jobs.add(pool.submit(() -> sweeps.sample(index)));
            }
            for (var job : jobs) job.get();
            all = n / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
        log.line(String.format("%d sweeps on %d threads: %.2f sweeps/s", n, cores, all));
        double[] change = convergence(physics);
        return new Figures(raw[0], raw[1], one, all, cores, PAPER_SWEEPS / all / 3600, change[0], change[1], change[2]);
    }

    /** C and Java physics steps per second on the array with an object pressed into it, from the same file. */
    private double[] rawStepping(WhiskerPhysics physics) throws IOException, InterruptedException {
        var array = WhiskerArrayModel.of(WhiskerMorphology.mouseRightSide(), physics);
        var object = ObjectClasses.generate("box", new java.util.SplittableRandom(1)).centeredAndScaledToDiagonal(40);
        // The box's face 10 mm from the most lateral base: it bends the longer whiskers from the first step.
        String xml = array.toMjcf(object.toMjcf("object"), new double[] {5 + 10 - object.boundsMin()[0], 0, 0}, new double[] {1, 0, 0, 0});
        Path file = Files.createTempFile("neuroprior-whiskers-", ".xml");
        int steps = 4000;
        try {
            Files.writeString(file, xml);
            double bestC = 0, bestJava = 0;
            for (int r = 0; r < 3; r++) {
                bestC = Math.max(bestC, EnvBenchmark.cRate(file, steps));
                try (var model = MjModel.fromXmlFile(file); var data = model.makeData()) {
                    data.step(200);
                    data.reset();
                    long start = System.nanoTime();
                    data.step(steps); // one JNI call per step inside, as mujoco-testspeed calls mj_step
                    bestJava = Math.max(bestJava, steps / ((System.nanoTime() - start) / 1e9));
                }
            }
            log.line(String.format("30-whisker array (%d DOF) with a box: C %.0f, Java %.0f physics steps/s", 30 * (physics.linksPerWhisker() - 1) * 2, bestC, bestJava));
            return new double[] {bestC, bestJava};
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Mean relative L2 change of the recorded signals when the step is halved, then halved again; and when the
     * links per whisker are doubled (at the default step).
     */
    private double[] convergence(WhiskerPhysics physics) {
        if (convergenceSweeps < 1) return new double[] {Double.NaN, Double.NaN, Double.NaN};
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
