package org.neuroprior.experiments.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.whisker.ProtocolSweeps;
import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.WhiskerArrayModel;
import org.neuroprior.envs.whisker.WhiskerChain;
import org.neuroprior.envs.whisker.WhiskerMorphology;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.WhiskerSweeper;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectClasses;

/**
 * The whisker simulator's speed figures (BENCHMARKS.md): raw stepping of the 30-whisker array from Java against the C
 * program mujoco-testspeed on the same file; sweeps per second of the default simulator against the previous one's
 * settings (6 links, 1 ms, one model for the array), with what each step between them costs or buys; all cores against
 * one thread; and the projected time for a paper-sized set. Every ratio comes from interleaved pairs of rounds
 * ({@link PairedRatio}); a round simulates one sweep of each of the 15 procedural classes ({@code high} protocol) on
 * one thread, and its rate is sweeps per second of that thread's CPU time, so other jobs on the machine slow the
 * figures less than they slow the wall clock.
 */
public final class WhiskerBenchmark {
    /** The paper's low-variation set (docs/whisker.md). */
    public static final int PAPER_SWEEPS = 316_192;

    /**
     * Longest collision capsules (mm, {@link WhiskerPhysics#contactSegmentLength}; 0 = one per link) timed beside the
     * default's, each as a step of its own: what cutting the capsules costs.
     */
    static final List<Double> CONTACT_SEGMENT_LENGTHS = List.of(0.0, 0.5, 0.25);

    /**
     * The previous simulator's settings (version 1, until 2026-11-30) in today's terms: 6 links, 1 ms, MuJoCo's default
     * contact impedance (0.9 to 0.95 within 1 micrometre) with a time constant of 2 ms, friction as hard as the normal
     * force, the pyramidal cone, one collision capsule per link, one model for the whole array. (Version 1 also welded the first link, so today's chain
     * has one more joint per whisker; it moved the object as a mocap body; and the whiskers' own time constant, 20 ms,
     * entered the contacts'.)
     */
    public static WhiskerPhysics previousSettings() {
        return WhiskerPhysics.defaults().withLinks(6).withLinkGrading(1).withContact(0.002, 0.9, 0.95, 0.001).withTimestep(0.001)
                .withMaxFrequency(500).withDampingRatio(WhiskerChain.DAMPING_RATIO).withFrictionImpedanceRatio(1)
                .withCone("pyramidal").withContactSegmentLength(0);
    }

    /**
     * One step from the previous settings to the default, timed against the previous settings.
     *
     * @param name    what the step is
     * @param physics its settings
     * @param mode    how its sweeps are simulated
     * @param ratio   its sweeps/s over the previous settings', from interleaved pairs
     */
    public record Step(String name, WhiskerPhysics physics, WhiskerSweeper.Mode mode, PairedRatio.Result ratio) {}

    /**
     * @param javaOverC          Java / C physics steps per second, from interleaved pairs; null without mujoco-testspeed
     * @param cStepsPerSecond    the median C round (0 without mujoco-testspeed)
     * @param javaStepsPerSecond the median Java round
     * @param previousRate       the previous settings' median round over all pairs (sweeps per CPU second)
     * @param steps              from the previous settings to the default, the last being the default
     * @param defaultRate        the default's median round (sweeps per CPU second), from the last step's pairs
     * @param speedup            all cores / one thread for the default (wall clock), from interleaved pairs
     * @param allCoresRate       the default's median all-cores round (sweeps per wall-clock second)
     * @param projectedHours     {@link #PAPER_SWEEPS} at the default's all-cores rate
     */
    public record Figures(PairedRatio.Result javaOverC, double cStepsPerSecond, double javaStepsPerSecond, double previousRate,
                          List<Step> steps, double defaultRate, PairedRatio.Result speedup, double allCoresRate, int cores,
                          double projectedHours) {}

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private final int pairs;
    private final boolean arrayStep;
    private final EnvBenchmark.PrintStreamLog log;

    /**
     * @param pairs     interleaved pairs of rounds per timing ratio (1 or more)
     * @param arrayStep whether to time the default physics in one model for the whole array too (the slowest step)
     * @throws IllegalArgumentException for a value out of range
     */
    public WhiskerBenchmark(int pairs, boolean arrayStep, EnvBenchmark.PrintStreamLog log) {
        if (pairs < 1) throw new IllegalArgumentException("pairs = " + pairs + "; accepted: 1 or more");
        this.pairs = pairs;
        this.arrayStep = arrayStep;
        this.log = log;
    }

    public Figures run() throws Exception {
        var physics = WhiskerPhysics.defaults();
        Raw raw = rawStepping(physics);
        var catalog = ObjectCatalog.procedural(ObjectClasses.names());
        int classes = catalog.classNames().size();

        // From the previous settings to the default, one change at a time, each timed against the previous settings.
        record Candidate(String name, WhiskerPhysics physics, WhiskerSweeper.Mode mode) {}
        var candidates = new ArrayList<Candidate>();
        if (arrayStep) {
            candidates.add(new Candidate(String.format(Locale.ROOT, "default physics (%d links, %s, %s cone), one model for the array",
                    physics.linksPerWhisker(), WhiskerConvergenceStudy.ms(physics.timestep()), physics.cone()), physics,
                    WhiskerSweeper.Mode.ARRAY));
        }
        candidates.add(new Candidate("default physics, each reachable whisker in a model of its own", physics, WhiskerSweeper.Mode.ALONE));
        candidates.add(new Candidate("default physics but version 2's 1 ms step and 2 ms contacts, each whisker inside its window",
                physics.withContact(0.002, physics.contactImpedanceAtTouch(), physics.contactImpedance(),
                        physics.contactImpedanceWidth()).withTimestep(0.001), WhiskerSweeper.Mode.WINDOWED));
        for (double length : CONTACT_SEGMENT_LENGTHS) {
            if (length == physics.contactSegmentLength()) continue;
            candidates.add(new Candidate("default physics but " + (length == 0 ? "one collision capsule per link (version 3)"
                    : "collision capsules of at most " + length + " mm") + ", each whisker inside its window",
                    physics.withContactSegmentLength(length), WhiskerSweeper.Mode.WINDOWED));
        }
        candidates.add(new Candidate("default physics, each whisker only inside its contact window (the default)", physics,
                WhiskerSweeper.Mode.WINDOWED));
        Round reference = new Round(previousSettings(), WhiskerSweeper.Mode.ARRAY, catalog);
        reference.rate(0); // warm-up: class loading, JIT
        List<Step> steps = new ArrayList<>();
        List<Double> referenceRates = new ArrayList<>();
        for (Candidate candidate : candidates) {
            var round = new Round(candidate.physics(), candidate.mode(), catalog);
            int[] index = {0};
            var ratio = PairedRatio.measure(pairs, () -> round.rate(index[0]), () -> reference.rate(index[0]), (p, i) -> {
                log.line(String.format(Locale.ROOT, "pair %d: %s: %.2f sweeps per CPU second; previous settings %.2f (%.3f)", i + 1,
                        candidate.name(), p.a(), p.b(), p.ratio()));
                referenceRates.add(p.b());
                index[0] = (index[0] + 1) % pairs;
            });
            steps.add(new Step(candidate.name(), candidate.physics(), candidate.mode(), ratio));
        }
        double previousRate = PairedRatio.quantile(referenceRates.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
        double defaultRate = steps.get(steps.size() - 1).ratio().medianA();

        // All cores against one thread, wall clock, the default.
        var sweeps = new ProtocolSweeps(SweepProtocol.high(), catalog, pairs, 1, physics);
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
                log.line(String.format(Locale.ROOT, "pair %d: %d sweeps on %d threads %.2f sweeps/s, on one thread %.2f (%.3f)", i + 1,
                        classes, cores, p.a(), p.b(), p.ratio()));
                round[0]++;
            });
        } finally {
            pool.shutdownNow();
        }
        double all = speedup.medianA();
        return new Figures(raw.javaOverC(), raw.javaOverC() == null ? 0 : raw.javaOverC().medianB(), raw.java(), previousRate, steps,
                defaultRate, speedup, all, cores, PAPER_SWEEPS / all / 3600);
    }

    /** Rounds of one sweep of each class ({@code high} protocol, sample {@code r} of each in round r). */
    private final class Round {
        private final ProtocolSweeps sweeps;
        private final int classes;

        Round(WhiskerPhysics physics, WhiskerSweeper.Mode mode, ObjectCatalog catalog) {
            this.sweeps = new ProtocolSweeps(SweepProtocol.high(), catalog, pairs, 1, new WhiskerSweeper(WhiskerMorphology.mouseRightSide(), physics, mode));
            this.classes = catalog.classNames().size();
        }

        /** Sweeps per second of this thread's CPU time. */
        double rate(int round) {
            long start = CPU.getCurrentThreadCpuTime();
            for (int c = 0; c < classes; c++) sweeps.sample(c * pairs + round);
            return classes / ((CPU.getCurrentThreadCpuTime() - start) / 1e9);
        }
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
        int steps = 2000;
        int dof = 30 * physics.linksPerWhisker() * 2;
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
}
