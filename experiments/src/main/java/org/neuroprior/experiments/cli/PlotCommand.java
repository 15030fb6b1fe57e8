package org.neuroprior.experiments.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.neuroprior.experiments.train.ConfigFiles;
import org.neuroprior.experiments.train.TrainedPolicy;
import org.neuroprior.experiments.train.Trainer;
import org.neuroprior.plots.PlotOptions;
import org.neuroprior.plots.Plots;
import org.neuroprior.plots.RunData;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuroprior plot}: comparison figures from run directories. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        header = "Draw learning curves, final scores (IQM, bootstrap CIs) and transfer figures from runs.",
        description = {"Draw learning curves, final score vs parameter count, transfer and ablation figures, final scores "
                + "as interquartile means with 95%% stratified bootstrap intervals, and where curves level off (PNG, SVG "
                + "and the numbers as CSV) from run directories, or from directories that contain runs (searched "
                + "recursively for log.csv)."})
public final class PlotCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUNS", description = "run directories or directories containing them")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the figures")
    Path out;

    @Option(names = "--threshold", paramLabel = "SCORE",
            description = "data efficiency: the steps each run needs to first reach this test score "
                    + "(steps_to_threshold.png; e.g. 800 for the swimmer); default: none")
    Double threshold;

    @Option(names = "--improvement-of", paramLabel = "LABEL",
            description = "probability of improvement of this group (its legend label) over every other group, with "
                    + "95%% intervals (probability_of_improvement.png; repeatable); default: none")
    List<String> improvementOf = new ArrayList<>();

    @Option(names = "--bootstrap-reps", paramLabel = "N", defaultValue = "50000",
            description = "bootstrap resamples of every confidence interval, at least 100 (default: ${DEFAULT-VALUE}, "
                    + "rliable's)")
    int reps;

    @Option(names = "--x", paramLabel = "COLUMN", defaultValue = "steps",
            description = "the curves' x axis: steps (train/steps, environment steps), episodes (train/episodes, training "
                    + "episodes: the gridworld's axis) or any log.csv column every run has (default: ${DEFAULT-VALUE})")
    String x;

    @Option(names = "--band", paramLabel = "std|sem", defaultValue = "std",
            description = "the band around a group's mean curve: std (1 population std across seeds) or sem (1 standard "
                    + "error of the mean, as the predictive-heads paper) (default: ${DEFAULT-VALUE})")
    String band;

    @Option(names = "--bin", paramLabel = "WIDTH", defaultValue = "0",
            description = "average each run's curve over bins of this width in x before the statistics across seeds, e.g. "
                    + "--x episodes --bin 5 (the paper's 5-episode bins); 0 for none (default: ${DEFAULT-VALUE})")
    double bin;

    @Option(names = "--x-max", paramLabel = "X",
            description = "read only the evaluations at x <= X in every figure, e.g. the scores before a transfer task "
                    + "changes; default: all")
    Double xMax;

    @Option(names = "--last", paramLabel = "N", defaultValue = "5",
            description = "a run's final score is its mean test score over its last N evaluations (default: ${DEFAULT-VALUE})")
    int last;

    @Override
    public Integer call() throws IOException {
        if (threshold != null && !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("--threshold must be a finite score, got " + threshold);
        }
        String column = switch (x) {
            case "steps" -> PlotOptions.STEPS;
            case "episodes" -> PlotOptions.EPISODES;
            default -> x;
        };
        PlotOptions.Band spread = switch (band) {
            case "std" -> PlotOptions.Band.STD;
            case "sem" -> PlotOptions.Band.SEM;
            default -> throw new IllegalArgumentException("--band " + band + " is not valid; accepted: std, sem");
        };
        if (!(bin >= 0) || Double.isInfinite(bin)) {
            throw new IllegalArgumentException("--bin " + bin + " is not valid; accepted: a finite width >= 0 (0: none)");
        }
        if (xMax != null && !Double.isFinite(xMax)) {
            throw new IllegalArgumentException("--x-max " + xMax + " is not valid; accepted: a finite number");
        }
        if (last < 1) throw new IllegalArgumentException("--last " + last + " is not valid; accepted: >= 1 evaluations");
        PlotOptions options = PlotOptions.defaults().withThreshold(threshold == null ? Double.NaN : threshold)
                .withImprovementOf(improvementOf).withReps(reps).withLastEpochs(last).withX(column)
                .withCurves(spread, bin, xMax == null ? Double.POSITIVE_INFINITY : xMax)
                .withLengthBound(PlotCommand::lengthBound);
        List<Path> dirs = findRuns(runs);
        for (Path p : Plots.writeAll(dirs, out, options)) System.out.println("wrote " + p);
        return 0;
    }

    /**
     * Whether a run's policy cannot act on a body of another length ({@link TrainedPolicy#lengthBound} of its
     * config.yaml), which the transfer figure gives as the reason a group is absent. False when its config is not a
     * training run's (a tactile run's) or names what this build does not know: the figure then claims no reason.
     */
    static boolean lengthBound(RunData run) {
        try {
            return TrainedPolicy.lengthBound(ConfigFiles.read(run.dir().resolve(Trainer.CONFIG)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Every directory at or below the given paths that holds a log.csv, in a stable order. */
    static List<Path> findRuns(List<Path> roots) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) throw new IllegalArgumentException("run directory " + root + " does not exist");
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.getFileName().toString().equals("log.csv")).map(Path::getParent).sorted().forEach(dirs::add);
            }
        }
        if (dirs.isEmpty()) throw new IllegalArgumentException("no run (a directory with log.csv) under " + roots);
        return dirs;
    }
}
