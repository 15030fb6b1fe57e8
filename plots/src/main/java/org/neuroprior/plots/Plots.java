package org.neuroprior.plots;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Draws every comparison figure for a set of run directories.
 *
 * <p>Files written into {@code outDir} (each chart as {@code .png} and {@code .svg}):
 * <ul>
 *   <li>{@code learning_curves.png/.svg} + {@code learning_curves.csv}: test score against environment steps (or the
 *       x column of {@link PlotOptions#x()}, e.g. training episodes), mean and a band of 1 std or 1 standard error
 *       across seeds ({@link PlotOptions#band()}), optionally in bins ({@link PlotOptions#bin()});</li>
 *   <li>{@code final_score_vs_parameters.png/.svg} (when some run has {@code parameter_count}) +
 *       {@code final_scores.csv} (always);</li>
 *   <li>{@code transfer.png/.svg} + {@code transfer_scores.csv}, when some run has {@code transfer.csv}; its subtitle
 *       names the groups without one whose runs cannot act on another body length ({@link PlotOptions#lengthBound}),
 *       e.g. "Not shown: mlp, whose parameters fix the body length.";</li>
 *   <li>{@code ablation_<arch>.png/.svg} + {@code ablation_<arch>.csv} for each architecture with at least two
 *       groups (labels), e.g. "ncap", "ncap (no sign constraints)", "ncap (random init)";</li>
 *   <li>{@code final_iqm.png/.svg} + {@code final_iqm.csv}: each group's final scores as an interquartile mean with
 *       a 95% stratified bootstrap interval ({@link ScoreStatistics});</li>
 *   <li>{@code probability_of_improvement.png/.svg} + {@code .csv}, when {@link PlotOptions#improvementOf()} names
 *       groups: the probability that each of them beats each other group, with 95% intervals;</li>
 *   <li>{@code steps_to_threshold.png/.svg} + {@code steps_to_threshold.csv} (per run) and
 *       {@code steps_to_threshold_iqm.csv} (per group), when {@link PlotOptions#threshold()} is set;</li>
 *   <li>{@code levels_off.csv}: whether each group's mean curve and each run level off (less than 1% change over
 *       the last 20% of the curve, {@link ScoreStatistics#levelOff});</li>
 *   <li>{@code test_accuracy.png/.svg} + {@code test_accuracy.csv}, when some run has {@code tactile-eval}'s
 *       {@code test.csv}: each group's test top-1 and top-5 accuracy, mean &plusmn; 1 std over seeds;</li>
 *   <li>{@code linear_probe.png/.svg} + {@code linear_probe.csv}, when some run has {@code probe.csv}: test top-1 of
 *       linear probes on trained and on random-init features ({@link EvalFigures}).</li>
 * </ul>
 * A group whose runs were trained on different body lengths ({@code env_options.bodies}: e.g. an MLP trained on each
 * length a transfer figure compares) appears in {@code transfer.png} only: it has no one learning curve or final score.
 * Each group keeps one colour across all figures of one call (palette order = order of first appearance). Every
 * title names the env, the agent(s) and the training budget the runs share ({@link #about}), so that each figure stands
 * alone.
 */
public final class Plots {

    private Plots() {}

    /** {@link #writeAll(List, Path, PlotOptions)} with {@link PlotOptions#defaults()}. */
    public static List<Path> writeAll(List<Path> runDirs, Path outDir) {
        return writeAll(runDirs, outDir, PlotOptions.defaults());
    }

    /**
     * Loads the runs, groups them by label and writes every applicable figure into {@code outDir} (created if
     * needed).
     *
     * @return the files written, in writing order
     * @throws IllegalArgumentException when the list is empty, a directory is listed twice, a label of
     *     {@link PlotOptions#improvementOf()} names no group, or a run directory is
     *     missing, lacks {@code log.csv}/{@code config.yaml}, or holds an empty or corrupt file (the message names the
     *     path)
     */
    public static List<Path> writeAll(List<Path> runDirs, Path outDir, PlotOptions options) {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(options, "options");
        List<RunGroup> groups = new ArrayList<>();
        for (RunGroup g : load(runDirs, options.x())) {
            groups.add(Double.isInfinite(options.xMax()) ? g
                    : new RunGroup(g.label(), g.runs().stream().map(r -> r.upTo(options.xMax())).toList()));
        }
        List<String> labels = groups.stream().map(RunGroup::label).toList();
        for (String label : options.improvementOf()) {
            if (!labels.contains(label)) {
                throw new IllegalArgumentException("probability of improvement of '" + label + "': no group has that"
                        + " label; the labels are " + labels);
            }
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create output directory " + outDir, e);
        }
        Map<String, Color> colours = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            colours.put(groups.get(i).label(), Style.colour(i));
        }
        String about = about(groups);
        List<Path> written = new ArrayList<>(Figures.transfer(groups, colours, outDir, options, about));
        // a group whose runs trained on different body lengths (an MLP per length, for the transfer figure) has no
        // one learning curve or final score: pooling its runs would compare tasks, so only transfer.png draws it
        List<RunGroup> oneTask = groups.stream().filter(g -> Figures.trainedLengths(g).size() <= 1).toList();
        if (oneTask.isEmpty()) return written;
        String aboutOneTask = about(oneTask);
        written.addAll(0, Figures.finalScores(oneTask, colours, outDir, options, aboutOneTask));
        written.addAll(0, Figures.learningCurves(oneTask, colours, outDir, options, aboutOneTask));
        written.addAll(Figures.ablations(oneTask, colours, outDir, options, aboutOneTask));
        written.addAll(StatisticsFigures.finalIqm(oneTask, colours, outDir, options, aboutOneTask));
        written.addAll(StatisticsFigures.improvement(oneTask, colours, outDir, options, aboutOneTask));
        written.addAll(StatisticsFigures.stepsToThreshold(oneTask, colours, outDir, options, aboutOneTask));
        written.addAll(StatisticsFigures.levelsOff(oneTask, outDir));
        written.addAll(EvalFigures.testAccuracy(oneTask, colours, outDir, options, aboutOneTask));
        written.addAll(EvalFigures.linearProbe(oneTask, colours, outDir, options, aboutOneTask));
        return written;
    }

    /**
     * Loads run directories and groups them by label ({@link RunGroup#group}).
     *
     * @throws IllegalArgumentException as {@link #writeAll(List, Path, PlotOptions)}
     */
    public static List<RunGroup> load(List<Path> runDirs) {
        return load(runDirs, PlotOptions.STEPS);
    }

    /**
     * Loads run directories with their curves against the {@code log.csv} column {@code x} and groups them by label.
     *
     * @throws IllegalArgumentException as {@link #writeAll(List, Path, PlotOptions)}, or when a log lacks {@code x}
     */
    public static List<RunGroup> load(List<Path> runDirs, String x) {
        if (runDirs == null || runDirs.isEmpty()) {
            throw new IllegalArgumentException("No run directories given: nothing to plot");
        }
        Set<Path> seen = new HashSet<>();
        List<RunData> runs = new ArrayList<>();
        for (Path dir : runDirs) {
            Objects.requireNonNull(dir, "run directory");
            if (!seen.add(dir.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("Run directory listed twice: " + dir);
            }
            runs.add(RunData.load(dir, x));
        }
        return RunGroup.group(runs);
    }

    /**
     * What every figure's title names after its dash, so that each figure stands alone: the env every run shares,
     * what trained the runs ({@link RunData#learner()}: the agent, or a tactile run's objective; several are listed)
     * and the training budget ({@link RunData#budget()}) when every run shares it, joined by commas, e.g.
     * {@code "swimmer-swim, agent es, 2M steps"} or {@code "swimmer-swim, agents ppo, es"}. When every group's runs
     * share a budget but the groups do not (a variant extended because it had not levelled off), the budget most groups
     * share is named and the others after it, by group: {@code "2M steps (mlp (64, 64) tanh, mlp (256, 256) relu: 4M
     * steps)"}; a group whose runs differ leaves the budget out. Null when the runs share none of these.
     */
    static String about(List<RunGroup> groups) {
        Set<String> envs = new HashSet<>();
        Map<String, Set<String>> learners = new LinkedHashMap<>();
        Map<String, String> groupBudgets = new LinkedHashMap<>(); // label -> the budget all its runs share
        boolean everyGroupShares = true;
        for (RunGroup g : groups) {
            Set<String> budgets = new HashSet<>();
            for (RunData r : g.runs()) {
                envs.add(String.valueOf(r.config().get("env")));
                if (r.learnerKey() != null) {
                    learners.computeIfAbsent(r.learnerKey(), k -> new java.util.LinkedHashSet<>()).add(r.learner());
                }
                budgets.add(r.budget());
            }
            if (budgets.size() == 1 && !budgets.contains(null)) groupBudgets.put(g.label(), budgets.iterator().next());
            else everyGroupShares = false;
        }
        List<String> parts = new ArrayList<>();
        if (envs.size() == 1 && !envs.contains("null")) {
            parts.add(envs.iterator().next());
        }
        learners.forEach((key, names) -> parts.add(key + (names.size() > 1 ? "s " : " ") + String.join(", ", names)));
        if (everyGroupShares && !groupBudgets.isEmpty()) {
            parts.add(budgetWords(groupBudgets));
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    /** The budget most groups share (the first group's on a tie), then the others by group in brackets. */
    private static String budgetWords(Map<String, String> groupBudgets) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        groupBudgets.values().forEach(b -> counts.merge(b, 1, Integer::sum));
        String main = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Map<String, List<String>> others = new LinkedHashMap<>(); // budget -> labels
        groupBudgets.forEach((label, b) -> {
            if (!b.equals(main)) others.computeIfAbsent(b, k -> new ArrayList<>()).add(label);
        });
        if (others.isEmpty()) return main;
        List<String> exceptions = new ArrayList<>();
        others.forEach((b, labels) -> exceptions.add(String.join(", ", labels) + ": " + b));
        return main + " (" + String.join("; ", exceptions) + ")";
    }

    /** A figure's title: {@code what}, then a dash and {@link #about} when there is one. */
    static String title(String what, String about) {
        return about == null ? what : what + " \u2014 " + about;
    }
}
