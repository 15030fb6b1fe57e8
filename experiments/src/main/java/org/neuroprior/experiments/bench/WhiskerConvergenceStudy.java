package org.neuroprior.experiments.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.neuroprior.envs.whisker.ProtocolSweeps;
import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.WhiskerMorphology;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.WhiskerSweeper;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectClasses;
import org.neuroprior.plots.CsvFiles;
import org.neuroprior.plots.SignalCurves;

/**
 * How much the whisker simulator's recorded signals change when its discretisation is refined (BENCHMARKS.md, "The
 * whisker array"): over a fixed set of sweeps, one of each procedural class in each protocol (sample {@code c} of
 * class {@code c}, seed {@value #SEED}: 30 sweeps), the relative L2 change of the (110, 35, 6) signals when the links
 * per whisker are doubled (for each count asked for, at the base step) and when the step is halved (at the counts asked
 * for that, the base's by default: halving the step at a count costs as much as doubling its links).
 * Every other setting is the base physics'. Besides the recorded signals (each frame the state at one instant), the same
 * change is measured on the signals averaged over {@link #AVERAGING_MS} ms around each recorded frame (one frame's
 * interval, and one model step of 5 frames): what is left of the change when short transients are smoothed over.
 *
 * <p>Writes into a directory: {@code convergence.csv} (every sweep's change for every refinement),
 * {@code convergence-summary.csv} (mean and worst per refinement) and {@code base-moment.png/svg/csv} (the base moment
 * |M| of one whisker over one sweep, at 1000 Hz, for every link count drawn: the sweep and whisker with the largest
 * moment at the base settings).
 */
public final class WhiskerConvergenceStudy {
    /** The seed of the fixed set of sweeps. */
    public static final long SEED = 2;
    /** The link counts the study doubles. */
    public static final List<Integer> LINKS = List.of(6, 8, 12, 16, 24);
    static final List<String> PROTOCOLS = List.of("high", "low");
    /**
     * Windows (ms, 1000 Hz samples) over which the signals are also averaged around each recorded frame: 9 (the interval
     * between the 110 frames) and 45 (the 5 frames an EAD model reads per step).
     */
    public static final List<Integer> AVERAGING_MS = List.of(9, 45);

    /**
     * One refinement's change over the set.
     *
     * @param change     e.g. "12 -> 24 links (1 ms)" or "1 -> 0.5 ms (12 links)"
     * @param mean       mean relative L2 change over the sweeps
     * @param worst      the largest
     * @param worstSweep the sweep with the largest, e.g. "low star"
     * @param averaged   the mean change of the signals averaged over each window of {@link #AVERAGING_MS}, in order
     */
    public record Row(String change, double mean, double worst, String worstSweep, List<Double> averaged) {}

    /** The rows, and the files written. */
    public record Result(List<Row> rows, List<Path> files) {}

    private final WhiskerPhysics base;
    private final List<Integer> links;
    private final List<Integer> stepLinks;
    private final java.util.SortedSet<Integer> pictured = new java.util.TreeSet<>();
    private final List<String> classes;
    private final int threads;
    private final EnvBenchmark.PrintStreamLog log;

    /**
     * The study over every procedural class, the step halved at the base's link count and at {@code stepLinks}, its
     * picture drawn for every count of {@link #LINKS} besides {@code links} (one sweep each).
     */
    public WhiskerConvergenceStudy(WhiskerPhysics base, List<Integer> links, List<Integer> stepLinks, int threads,
                                   EnvBenchmark.PrintStreamLog log) {
        this(base, links, stepLinks, ObjectClasses.names(), threads, log);
        this.pictured.addAll(LINKS);
    }

    /**
     * @param base    the settings refined (the default physics, normally); its link count joins {@code links}
     * @param links   link counts to double, each at most half of {@link WhiskerPhysics#MAX_LINKS}
     * @param stepLinks link counts at which the step is halved besides the base's (may be empty), each 2 or more
     * @param classes the procedural classes swept (one sweep of each per protocol); the picture draws the link counts of
     *                {@code links} and the base's
     * @param threads sweeps simulated at once (1 or more; the figures do not depend on it)
     * @throws IllegalArgumentException for no link counts, a count out of range, an unknown class, or threads < 1
     */
    public WhiskerConvergenceStudy(WhiskerPhysics base, List<Integer> links, List<Integer> stepLinks, List<String> classes,
                                   int threads, EnvBenchmark.PrintStreamLog log) {
        if (links.isEmpty()) throw new IllegalArgumentException("the study needs at least one link count");
        ObjectCatalog.procedural(classes); // refuses an empty list or an unknown class, naming it
        var counts = new LinkedHashSet<>(links);
        counts.add(base.linksPerWhisker());
        for (int n : counts) base.withLinks(2 * n); // refuses counts whose double is out of range, before any work
        var halved = new LinkedHashSet<>(stepLinks);
        halved.add(base.linksPerWhisker());
        for (int n : halved) base.withLinks(n); // refuses counts out of range, before any work
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + "; accepted: 1 or more");
        this.base = base;
        this.links = counts.stream().sorted().toList();
        this.stepLinks = halved.stream().sorted().toList();
        this.pictured.addAll(this.links);
        this.classes = List.copyOf(classes);
        this.threads = threads;
        this.log = log;
    }

    /** Runs the study and writes its files into {@code outDir} (created if needed). */
    public Result run(Path outDir) throws Exception {
        double dt = base.timestep();
        // Every configuration the refinements compare, simulated once each.
        var configs = new LinkedHashMap<String, WhiskerPhysics>();
        for (int n : links) {
            configs.putIfAbsent(key(n, dt), base.withLinks(n));
            configs.putIfAbsent(key(2 * n, dt), base.withLinks(2 * n));
        }
        for (int n : stepLinks) {
            configs.putIfAbsent(key(n, dt), base.withLinks(n));
            configs.putIfAbsent(key(n, dt / 2), base.withLinks(n).withTimestep(dt / 2));
        }
        int n0 = base.linksPerWhisker();

        List<String> sweepNames = new ArrayList<>();
        for (String protocol : PROTOCOLS) for (String c : classes) sweepNames.add(protocol + " " + c);
        var signals = new LinkedHashMap<String, float[][][]>(); // [recorded, then each averaging window][sweep][110 x 35 x 6]
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (var config : configs.entrySet()) {
                long start = System.nanoTime();
                signals.put(config.getKey(), simulate(config.getValue(), pool));
                log.line(String.format(Locale.ROOT, "simulated %s: %d sweeps in %.0f s", config.getKey(), sweepNames.size(),
                        (System.nanoTime() - start) / 1e9));
            }
        } finally {
            pool.shutdownNow();
        }

        List<Row> rows = new ArrayList<>();
        List<double[]> perSweep = new ArrayList<>();
        for (int n : links) {
            rows.add(row(n + " -> " + 2 * n + " links (" + ms(dt) + ")", signals.get(key(n, dt)), signals.get(key(2 * n, dt)), sweepNames, perSweep));
        }
        for (int n : stepLinks) {
            rows.add(row(ms(dt) + " -> " + ms(dt / 2) + " (" + n + " links)", signals.get(key(n, dt)), signals.get(key(n, dt / 2)), sweepNames, perSweep));
        }
        for (Row r : rows) {
            log.line(String.format(Locale.ROOT, "%-28s mean %.3f, worst %.3f (%s); averaged over %s ms: %s", r.change(), r.mean(), r.worst(),
                    r.worstSweep(), AVERAGING_MS, r.averaged().stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList()));
        }

        Files.createDirectories(outDir);
        List<Path> files = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("protocol", "class"));
        for (Row r : rows) header.add(r.change());
        List<List<String>> table = new ArrayList<>();
        for (int s = 0; s < sweepNames.size(); s++) {
            String[] name = sweepNames.get(s).split(" ");
            List<String> line = new ArrayList<>(List.of(name[0], name[1]));
            for (double[] column : perSweep) line.add(String.format(Locale.ROOT, "%.4f", column[s]));
            table.add(line);
        }
        files.add(CsvFiles.write(outDir.resolve("convergence.csv"), header, table));
        List<List<String>> summary = new ArrayList<>();
        for (Row r : rows) {
            List<String> line = new ArrayList<>(List.of(r.change(), String.format(Locale.ROOT, "%.4f", r.mean()),
                    String.format(Locale.ROOT, "%.4f", r.worst()), r.worstSweep()));
            for (double v : r.averaged()) line.add(String.format(Locale.ROOT, "%.4f", v));
            summary.add(line);
        }
        List<String> summaryHeader = new ArrayList<>(List.of("refinement", "mean", "worst", "worst_sweep"));
        for (int w : AVERAGING_MS) summaryHeader.add("mean_averaged_" + w + "ms");
        files.add(CsvFiles.write(outDir.resolve("convergence-summary.csv"), summaryHeader, summary));
        files.addAll(baseMomentPicture(signals.get(key(n0, dt))[0], sweepNames, outDir));
        return new Result(rows, files);
    }

    /**
     * The fixed set's signals with these settings: [0] the recorded ones, [1 + k] those averaged over
     * {@code AVERAGING_MS.get(k)} ms around each recorded frame; each [sweep][110 x 35 x 6].
     */
    private float[][][] simulate(WhiskerPhysics physics, ExecutorService pool) throws Exception {
        var catalog = ObjectCatalog.procedural(classes);
        List<Future<float[][]>> jobs = new ArrayList<>();
        for (String protocol : PROTOCOLS) {
            var sweeps = new ProtocolSweeps(SweepProtocol.named(protocol), catalog, 1, SEED, physics);
            for (int c = 0; c < catalog.classNames().size(); c++) {
                int index = c;
                jobs.add(pool.submit(() -> {
                    var rng = sweeps.randomFor(index); // as ProtocolSweeps.sample draws sample index
                    var result = sweeps.sweeper().sweep(catalog.draw(index, rng), sweeps.protocol().draw(rng), true);
                    float[][] versions = new float[1 + AVERAGING_MS.size()][];
                    versions[0] = result.signals();
                    for (int k = 0; k < AVERAGING_MS.size(); k++) versions[1 + k] = averagedFrames(result.raw(), AVERAGING_MS.get(k));
                    return versions;
                }));
            }
        }
        float[][][] out = new float[1 + AVERAGING_MS.size()][jobs.size()][];
        for (int i = 0; i < jobs.size(); i++) {
            float[][] versions = jobs.get(i).get();
            for (int v = 0; v < versions.length; v++) out[v][i] = versions[v];
        }
        return out;
    }

    /**
     * The recorded frames of a sweep's 1000 Hz signals (frames x 35 x 6), each replaced by the mean over the
     * {@code window} samples centred on it (fewer at the sweep's ends): (110 x 35 x 6).
     */
    static float[] averagedFrames(float[] raw, int window) {
        int frameSize = SweepSample.CELLS * SweepSample.CHANNELS, frames = raw.length / frameSize;
        float[] out = new float[SweepSample.SIZE];
        for (int j = 0; j < SweepSample.FRAMES; j++) {
            int centre = (int) Math.round((double) j * (frames - 1) / (SweepSample.FRAMES - 1)); // as WhiskerSweeper subsamples
            int from = Math.max(0, centre - window / 2), to = Math.min(frames - 1, centre - window / 2 + window - 1);
            for (int k = 0; k < frameSize; k++) {
                double sum = 0;
                for (int f = from; f <= to; f++) sum += raw[f * frameSize + k];
                out[j * frameSize + k] = (float) (sum / (to - from + 1));
            }
        }
        return out;
    }

    private static Row row(String change, float[][][] coarse, float[][][] fine, List<String> names, List<double[]> perSweep) {
        int sweeps = coarse[0].length;
        double[] values = new double[sweeps];
        double sum = 0, worst = -1;
        String worstName = "";
        for (int s = 0; s < sweeps; s++) {
            values[s] = relativeChange(coarse[0][s], fine[0][s]);
            sum += values[s];
            if (values[s] > worst) {
                worst = values[s];
                worstName = names.get(s);
            }
        }
        perSweep.add(values);
        List<Double> averaged = new ArrayList<>();
        for (int v = 1; v < coarse.length; v++) {
            double total = 0;
            for (int s = 0; s < sweeps; s++) total += relativeChange(coarse[v][s], fine[v][s]);
            averaged.add(total / sweeps);
        }
        return new Row(change, sum / sweeps, worst, worstName, averaged);
    }

    /**
     * ||coarse - fine|| / ||fine|| over all values (0 when both are all zero): how much a sweep's signals change when the
     * discretisation is refined from {@code coarse} to {@code fine}.
     */
    public static double relativeChange(float[] coarse, float[] fine) {
        double diff = 0, norm = 0;
        for (int k = 0; k < coarse.length; k++) {
            double d = (double) coarse[k] - fine[k];
            diff += d * d;
            norm += (double) fine[k] * fine[k];
        }
        return norm == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff / norm);
    }

    /**
     * The base moment |M| (uN mm) at 1000 Hz of the whisker with the largest moment in the set at the base settings,
     * in that sweep, for every link count.
     */
    private List<Path> baseMomentPicture(float[][] baseSignals, List<String> names, Path outDir) {
        int bestSweep = 0, bestCell = 0;
        double best = -1;
        for (int s = 0; s < baseSignals.length; s++) {
            for (int i = 0; i < SweepSample.FRAMES * SweepSample.CELLS; i++) {
                double m = moment(baseSignals[s], i * SweepSample.CHANNELS);
                if (m > best) {
                    best = m;
                    bestSweep = s;
                    bestCell = i % SweepSample.CELLS;
                }
            }
        }
        String protocol = names.get(bestSweep).split(" ")[0];
        int classIndex = bestSweep % classes.size();
        int cell = bestCell;
        String whisker = WhiskerMorphology.mouseRightSide().stream().filter(w -> WhiskerSweeper.gridCell(w) == cell)
                .findFirst().orElseThrow().name();
        int frames = (int) Math.round(WhiskerSweeper.DURATION * WhiskerSweeper.RECORD_HZ);
        double[] time = new double[frames];
        for (int f = 0; f < frames; f++) time[f] = (f + 1) / (double) WhiskerSweeper.RECORD_HZ;
        List<String> legend = new ArrayList<>();
        List<double[]> curves = new ArrayList<>();
        var catalog = ObjectCatalog.procedural(classes);
        for (int n : pictured) {
            var sweeps = new ProtocolSweeps(SweepProtocol.named(protocol), catalog, 1, SEED, base.withLinks(n));
            var rng = sweeps.randomFor(classIndex);
            var object = catalog.draw(classIndex, rng);
            var parameters = sweeps.protocol().draw(rng);
            float[] raw = sweeps.sweeper().sweep(object, parameters, true).raw();
            double[] curve = new double[frames];
            for (int f = 0; f < frames; f++) curve[f] = moment(raw, (f * SweepSample.CELLS + cell) * SweepSample.CHANNELS);
            legend.add(n + " links");
            curves.add(curve);
        }
        String title = "Base moment of " + whisker + ", " + names.get(bestSweep) + " sweep, by links per whisker";
        String subtitle = String.format(Locale.ROOT, "|M| at 1000 Hz; step %s, other settings the default's. The whisker with the "
                + "largest moment in the study's %d sweeps at %d links.", ms(base.timestep()), names.size(), base.linksPerWhisker());
        return new SignalCurves(title, subtitle, "time (s)", "|M| (uN mm)", time, legend, curves).write(outDir, "base-moment", 1100, 560);
    }

    private static double moment(float[] signals, int offset) {
        double mx = signals[offset + 3], my = signals[offset + 4], mz = signals[offset + 5];
        return Math.sqrt(mx * mx + my * my + mz * mz);
    }

    private static String key(int links, double dt) {
        return links + " links, " + ms(dt);
    }

    static String ms(double seconds) {
        double ms = seconds * 1000;
        return (ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms)) + " ms";
    }
}
