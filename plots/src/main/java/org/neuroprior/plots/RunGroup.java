package org.neuroprior.plots;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The runs (seeds) that share one legend label.
 *
 * @param label the legend label
 * @param runs the runs, in the order given
 */
public record RunGroup(String label, List<RunData> runs) {

    /**
     * Final score of a group.
     *
     * @param mean mean over runs of each run's final score (its mean test score over its last evaluations)
     * @param std population std of the runs' final scores; for a single run, the mean over the same evaluations of
     *     its {@code test/episode_score/std} (the spread across test episodes)
     * @param stdOver {@code "seeds"} or {@code "test episodes"}: what {@code std} spreads over; {@code "none"} for a
     *                single run whose log has no spread across test episodes (a tactile run: {@code std} is NaN)
     * @param perRun each run's final score, in run order
     * @param steps the smallest last logged step among the runs
     * @param seconds mean wall-clock training seconds of the runs (NaN when unknown)
     * @param lastEpochs how many of the last evaluations of each run were averaged
     */
    public record FinalScore(double mean, double std, String stdOver, double[] perRun, double steps, double seconds,
                             int lastEpochs) {}

    public RunGroup {
        Objects.requireNonNull(label);
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("Group '" + label + "' has no runs");
        }
    }

    /**
     * Groups runs by legend label, groups ordered by first appearance.
     *
     * <p>A run's label is its configured {@code label}. Without one it is its {@code arch}, followed by
     * {@code " (<agent>)"} when the loaded runs of that arch use several agents. If unlabelled runs that would
     * share a label differ in {@code arch_options}, the differing options are appended ({@code "ncap [init=random]"})
     * so that distinct variants are never averaged together.
     */
    public static List<RunGroup> group(List<RunData> runs) {
        Map<String, Set<String>> agentsPerArch = new LinkedHashMap<>();
        for (RunData r : runs) {
            agentsPerArch.computeIfAbsent(r.arch(), k -> new HashSet<>()).add(String.valueOf(r.agent()));
        }
        List<String> base = new ArrayList<>();
        for (RunData r : runs) {
            if (r.label() != null) {
                base.add(r.label());
            } else if (agentsPerArch.get(r.arch()).size() > 1 && r.agent() != null) {
                base.add(r.arch() + " (" + r.agent() + ")");
            } else {
                base.add(r.arch());
            }
        }
        // Unlabelled runs sharing a base label but with different arch_options: append the differing options.
        Map<String, List<Integer>> unlabelled = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).label() == null) {
                unlabelled.computeIfAbsent(base.get(i), k -> new ArrayList<>()).add(i);
            }
        }
        List<String> labels = new ArrayList<>(base);
        for (List<Integer> idx : unlabelled.values()) {
            Set<String> keys = new java.util.TreeSet<>();
            for (int i : idx) {
                keys.addAll(runs.get(i).archOptions().keySet());
            }
            List<String> differing = new ArrayList<>();
            for (String k : keys) {
                Set<String> values = new HashSet<>();
                for (int i : idx) {
                    values.add(String.valueOf(runs.get(i).archOptions().get(k)));
                }
                if (values.size() > 1) {
                    differing.add(k);
                }
            }
            if (!differing.isEmpty()) {
                for (int i : idx) {
                    List<String> parts = new ArrayList<>();
                    for (String k : differing) {
                        parts.add(k + "=" + runs.get(i).archOptions().get(k));
                    }
                    labels.set(i, base.get(i) + " [" + String.join(", ", parts) + "]");
                }
            }
        }
        Map<String, List<RunData>> groups = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            groups.computeIfAbsent(labels.get(i), k -> new ArrayList<>()).add(runs.get(i));
        }
        List<RunGroup> out = new ArrayList<>();
        groups.forEach((label, rs) -> out.add(new RunGroup(label, rs)));
        return out;
    }

    public boolean singleRun() {
        return runs.size() == 1;
    }

    /** The architecture of the group (of its first run). */
    public String arch() {
        return runs.get(0).arch();
    }

    /** The parameter count: the runs' common value, their median when they differ, empty when none has one. */
    public OptionalLong parameterCount() {
        double[] counts = runs.stream().map(RunData::parameterCount).filter(OptionalLong::isPresent)
                .mapToDouble(OptionalLong::getAsLong).toArray();
        return counts.length == 0 ? OptionalLong.empty() : OptionalLong.of(Math.round(Stats.median(counts)));
    }

    /** The group's learning curve with a band of 1 std across seeds, not binned: {@link #curve(PlotOptions.Band, double)}. */
    public Curve curve() {
        return curve(PlotOptions.Band.STD, 0);
    }

    /**
     * The group's learning curve. Each run's curve is first averaged over bins of {@code bin} in x
     * ({@link Curve#binned}; 0: as logged). With several runs: each run's test score interpolated linearly onto the
     * common grid (every x between the latest first x and the earliest last x of the runs), then the mean across runs
     * and, as {@code band} asks, their population std or the standard error of their mean (sample std over sqrt(n)).
     * With one run: its own curve, the spread across its test episodes.
     *
     * @throws IllegalArgumentException when the runs' ranges do not overlap
     */
    public Curve curve(PlotOptions.Band band, double bin) {
        if (singleRun()) {
            return runs.get(0).test().binned(bin);
        }
        List<Curve> curves = runs.stream().map(r -> r.test().binned(bin)).toList();
        double[] grid = Stats.commonGrid(curves.stream().map(Curve::steps).toList());
        if (grid.length == 0) {
            throw new IllegalArgumentException("The runs of group '" + label + "' share no range of steps: "
                    + runs.stream().map(r -> r.dir() + " [" + r.test().steps()[0] + ", " + r.test().lastStep() + "]")
                    .toList());
        }
        double[][] values = new double[runs.size()][];
        for (int r = 0; r < runs.size(); r++) {
            Curve c = curves.get(r);
            values[r] = Stats.interpolate(c.steps(), c.mean(), grid);
        }
        double[] mean = new double[grid.length];
        double[] spread = new double[grid.length];
        double[] column = new double[runs.size()];
        int n = runs.size();
        for (int i = 0; i < grid.length; i++) {
            for (int r = 0; r < n; r++) {
                column[r] = values[r][i];
            }
            mean[i] = Stats.mean(column);
            double std = Stats.std(column);
            spread[i] = band == PlotOptions.Band.STD ? std : std / Math.sqrt(n - 1); // sqrt(n/(n-1)) std / sqrt(n)
        }
        return new Curve(grid, mean, spread);
    }

    /** The final score, each run's test score averaged over its last {@code lastEpochs} evaluations. */
    public FinalScore finalScore(int lastEpochs) {
        if (lastEpochs < 1) {
            throw new IllegalArgumentException("lastEpochs must be >= 1, got " + lastEpochs);
        }
        double[] perRun = new double[runs.size()];
        double[] episodeStd = new double[runs.size()];
        double[] seconds = new double[runs.size()];
        double steps = Double.POSITIVE_INFINITY;
        for (int r = 0; r < runs.size(); r++) {
            Curve c = runs.get(r).test();
            int from = Math.max(0, c.size() - lastEpochs);
            perRun[r] = Stats.mean(java.util.Arrays.copyOfRange(c.mean(), from, c.size()));
            episodeStd[r] = Stats.mean(java.util.Arrays.copyOfRange(c.std(), from, c.size()));
            seconds[r] = runs.get(r).seconds();
            steps = Math.min(steps, c.lastStep());
        }
        boolean single = singleRun();
        return new FinalScore(Stats.mean(perRun), single ? episodeStd[0] : Stats.std(perRun),
                single ? (Double.isFinite(episodeStd[0]) ? "test episodes" : "none") : "seeds", perRun, steps, Stats.mean(seconds), lastEpochs);
    }

    /**
     * Transfer results: per body count, mean over the runs that evaluated it of their mean episode score, and the
     * population std across those runs (for a single run, its std across episodes). Empty when no run has
     * {@code transfer.csv}.
     *
     * @return rows of {bodies, runs, mean, std}
     */
    public List<double[]> transfer() {
        TreeMap<Integer, List<RunData.TransferPoint>> byBodies = new TreeMap<>();
        for (RunData r : runs) {
            for (RunData.TransferPoint p : r.transfer()) {
                byBodies.computeIfAbsent(p.bodies(), k -> new ArrayList<>()).add(p);
            }
        }
        List<double[]> out = new ArrayList<>();
        byBodies.forEach((bodies, points) -> {
            double[] means = points.stream().mapToDouble(RunData.TransferPoint::mean).toArray();
            double std = points.size() == 1 ? points.get(0).std() : Stats.std(means);
            out.add(new double[] {bodies, points.size(), Stats.mean(means), std});
        });
        return out;
    }

    /** Whether any run of the group has transfer results. */
    public boolean hasTransfer() {
        return runs.stream().anyMatch(r -> !r.transfer().isEmpty());
    }
}
