package org.neuroprior.plots;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The figures of {@link ScoreStatistics}: final scores as interquartile means with stratified bootstrap intervals,
 * probabilities of improvement, steps to a threshold, and where the learning curves level off. Each method writes
 * PNG + SVG + CSV (levels off: CSV only; steps to threshold: per run and per group) and returns the paths written;
 * a run that never reached the threshold has an empty {@code steps_to_threshold}.
 */
final class StatisticsFigures {

    static final String FINAL_IQM = "final_iqm";
    static final String IMPROVEMENT = "probability_of_improvement";
    static final String STEPS_TO_THRESHOLD = "steps_to_threshold";
    static final String LEVELS_OFF_CSV = "levels_off.csv";
    /** The definition of levelling off: less than 1% change over the last 20% of the curve. */
    static final double LEVEL_WINDOW = 0.2;
    static final double LEVEL_TOLERANCE = 0.01;
    private static final double CONFIDENCE = 0.95;

    private StatisticsFigures() {}

    /** A group's final scores split by task (tasks in the order of first appearance). */
    static Map<String, double[]> byTask(RunGroup g, RunGroup.FinalScore f) {
        Map<String, List<Double>> lists = new LinkedHashMap<>();
        for (int r = 0; r < g.runs().size(); r++) {
            lists.computeIfAbsent(g.runs().get(r).task(), k -> new ArrayList<>()).add(f.perRun()[r]);
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        lists.forEach((task, v) -> out.put(task, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    private static String runs(double[] v) {
        StringBuilder s = new StringBuilder();
        for (double x : v) {
            s.append(s.length() == 0 ? "" : " ").append(Style.num(x));
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------ IQM

    static List<Path> finalIqm(List<RunGroup> groups, Map<String, Color> colours, Path outDir, PlotOptions o,
                               String about) {
        List<List<String>> rows = new ArrayList<>();
        List<Row> chartRows = new ArrayList<>();
        for (RunGroup g : groups) {
            RunGroup.FinalScore f = g.finalScore(o.lastEpochs());
            Map<String, double[]> tasks = byTask(g, f);
            double[][] scores = tasks.values().toArray(new double[0][]);
            ScoreStatistics.Interval ci = ScoreStatistics.stratifiedBootstrap(scores, ScoreStatistics::iqm, o.reps(),
                    CONFIDENCE, o.bootstrapSeed());
            rows.add(List.of(g.label(), Integer.toString(g.runs().size()), Integer.toString(tasks.size()),
                    Style.num(ci.estimate()), Style.num(ci.low()), Style.num(ci.high()), Style.num(CONFIDENCE),
                    Integer.toString(o.reps()), Integer.toString(o.lastEpochs()), runs(f.perRun())));
            chartRows.add(new Row(g.label() + " (" + g.runs().size() + (g.singleRun() ? " run)" : " runs)"),
                    colours.get(g.label()), ci, f.perRun()));
        }
        RunData.Metric metric = Figures.metric(groups);
        int[] counts = groups.stream().mapToInt(g -> g.runs().size()).toArray();
        String sub = Figures.capitalise(Figures.finalDefinition(o.lastEpochs(), metric)) + ". " + iqmLegend(counts, o.reps());
        List<Path> out = new ArrayList<>(intervalChart(chartRows, Plots.title(iqmTitle(counts), about), sub,
                Figures.finalAxis(metric), null, false, outDir, FINAL_IQM, o));
        out.add(CsvFiles.write(outDir.resolve(FINAL_IQM + ".csv"), List.of("label", "runs", "tasks", "iqm", "ci_low",
                "ci_high", "confidence", "reps", "last_epochs", "run_scores"), rows));
        return out;
    }

    /**
     * final_iqm's title for groups of these run counts: what the dots are. The interquartile mean of 3 runs or fewer
     * trims none (their mean), so only a group of 4 or more makes it an interquartile mean; with at most 2 runs per
     * group the bars are the seeds' range; with one run per group there is neither.
     */
    static String iqmTitle(int[] counts) {
        int most = java.util.Arrays.stream(counts).max().orElse(1);
        return most >= 4 ? "Final score: interquartile mean" : most == 3 ? "Final score: mean"
                : most == 2 ? "Final score: mean and range of 2 seeds" : "Final score of each run";
    }

    /**
     * final_iqm's legend sentence for groups of these run counts: what the dot, the bar and the circles are, with the
     * smaller groups' exceptions (the bootstrap interval of 2 runs is their range, as a resample holds each run, both
     * or the other; one run has no bar).
     */
    static String iqmLegend(int[] counts, int reps) {
        boolean one = false, two = false, three = false, more = false;
        for (int n : counts) {
            one |= n == 1;
            two |= n == 2;
            three |= n == 3;
            more |= n >= 4;
        }
        String dot = more ? "interquartile mean over runs (25% trimmed" + (one || two || three ? "; of 3 runs or fewer: their mean" : "") + ")"
                : two || three ? "mean over runs" + (one ? " (one run: its score)" : "") : "each run's final score";
        String single = one ? "; one run: none" : "";
        String bar = three || more ? "95% stratified bootstrap interval (" + String.format(java.util.Locale.ROOT, "%,d", reps)
                + " resamples, percentile)" + (two ? "; of 2 runs: their range" : "") + single
                : two ? "the range of the 2 seeds" + single : "none (one run per group)";
        return "Dot: " + dot + ";\nbar: " + bar + (two || three || more ? "; circles: single runs." : ".");
    }

    // ------------------------------------------------------------------------------------------ improvement

    static List<Path> improvement(List<RunGroup> groups, Map<String, Color> colours, Path outDir, PlotOptions o,
                                  String about) {
        if (o.improvementOf().isEmpty()) {
            return List.of();
        }
        Map<String, RunGroup> byLabel = new LinkedHashMap<>();
        groups.forEach(g -> byLabel.put(g.label(), g));
        List<List<String>> rows = new ArrayList<>();
        List<Row> chartRows = new ArrayList<>();
        for (String label : o.improvementOf()) {
            RunGroup x = byLabel.get(label);
            if (x == null) continue; // a group trained on several body lengths: drawn in transfer.png only
            Map<String, double[]> xt = byTask(x, x.finalScore(o.lastEpochs()));
            for (RunGroup y : groups) {
                if (y == x) {
                    continue;
                }
                Map<String, double[]> yt = byTask(y, y.finalScore(o.lastEpochs()));
                List<String> common = xt.keySet().stream().filter(yt::containsKey).toList();
                if (common.isEmpty()) {
                    continue;
                }
                double[][] xs = common.stream().map(xt::get).toArray(double[][]::new);
                double[][] ys = common.stream().map(yt::get).toArray(double[][]::new);
                ScoreStatistics.Interval ci = ScoreStatistics.probabilityOfImprovementInterval(xs, ys, o.reps(),
                        CONFIDENCE, o.bootstrapSeed());
                rows.add(List.of(x.label(), y.label(), Integer.toString(x.runs().size()),
                        Integer.toString(y.runs().size()), Integer.toString(common.size()), Style.num(ci.estimate()),
                        Style.num(ci.low()), Style.num(ci.high()), Style.num(CONFIDENCE), Integer.toString(o.reps())));
                chartRows.add(new Row("P(" + x.label() + " > " + y.label() + ")", colours.get(y.label()), ci, null));
            }
        }
        List<String> header = List.of("x", "y", "runs_x", "runs_y", "tasks", "probability", "ci_low", "ci_high",
                "confidence", "reps");
        if (chartRows.isEmpty()) { // no other group shares a task: only the (empty) table
            return List.of(CsvFiles.write(outDir.resolve(IMPROVEMENT + ".csv"), header, rows));
        }
        String sub = "Probability that a run of the first beats a run of the second on final score (Mann-Whitney U / "
                + "pairs, ties count half),\naveraged over tasks; bar: 95% stratified bootstrap interval, each side "
                + "resampled independently. 0.5: no difference.";
        List<Path> out = new ArrayList<>(intervalChart(chartRows, Plots.title("Probability of improvement", about), sub, "Probability of improvement", new double[] {0, 1}, false,
                outDir, IMPROVEMENT, o));
        out.add(CsvFiles.write(outDir.resolve(IMPROVEMENT + ".csv"), header, rows));
        return out;
    }

    // ------------------------------------------------------------------------------------------ data efficiency

    static List<Path> stepsToThreshold(List<RunGroup> groups, Map<String, Color> colours, Path outDir, PlotOptions o,
                                       String about) {
        if (Double.isNaN(o.threshold())) {
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> summary = new ArrayList<>();
        List<Row> chartRows = new ArrayList<>();
        for (RunGroup g : groups) {
            List<Double> reached = new ArrayList<>();
            for (RunData r : g.runs()) {
                OptionalDouble s = ScoreStatistics.stepsToReach(r.test(), o.threshold());
                s.ifPresent(reached::add);
                rows.add(List.of(g.label(), r.shortName(), r.seed().isPresent() ? Integer.toString(r.seed().getAsInt()) : "",
                        s.isPresent() ? Style.num(s.getAsDouble()) : "", Style.num(r.test().lastStep())));
            }
            double[] v = reached.stream().mapToDouble(Double::doubleValue).toArray();
            String name = g.label() + " (" + v.length + " of " + g.runs().size() + " reached)";
            ScoreStatistics.Interval ci = v.length == 0 ? null : ScoreStatistics.stratifiedBootstrap(new double[][] {v},
                    ScoreStatistics::iqm, o.reps(), CONFIDENCE, o.bootstrapSeed());
            chartRows.add(new Row(name, colours.get(g.label()), ci, v));
            summary.add(List.of(g.label(), Integer.toString(g.runs().size()), Integer.toString(v.length),
                    ci == null ? "" : Style.num(ci.estimate()), ci == null ? "" : Style.num(ci.low()),
                    ci == null ? "" : Style.num(ci.high()), Style.num(o.threshold())));
        }
        String sub = Figures.capitalise(Figures.xNoun(Figures.metric(groups), o)) + " each run needs to first reach a "
                + Figures.metric(groups).score() + " of " + Style.score(o.threshold()) + " (as "
                + "logged, no interpolation).\nDot: interquartile mean over the runs that reached it; bar: 95% bootstrap "
                + "interval; circles: single runs. Runs that never reached it are counted in the label only.";
        String xLabel = Figures.xLabel(groups.get(0).runs().get(0).metric(), o);
        List<Path> out = new ArrayList<>(intervalChart(chartRows, Plots.title("Data efficiency: " + xLabel.toLowerCase(java.util.Locale.ROOT)
                + " to reach " + Style.score(o.threshold()), about), sub, xLabel, null, true,
                outDir, STEPS_TO_THRESHOLD, o));
        out.add(CsvFiles.write(outDir.resolve(STEPS_TO_THRESHOLD + ".csv"),
                List.of("label", "run", "seed", "steps_to_threshold", "last_step"), rows));
        out.add(CsvFiles.write(outDir.resolve(STEPS_TO_THRESHOLD + "_iqm.csv"),
                List.of("label", "runs", "reached", "iqm", "ci_low", "ci_high", "threshold"), summary));
        return out;
    }

    // ------------------------------------------------------------------------------------------ levels off

    /**
     * levels_off.csv: for each group's mean curve and each of its runs, whether it levels off
     * ({@link ScoreStatistics#levelOff} with the last 20% and 1%). Curves with fewer than 3 evaluations in the
     * window get an empty verdict.
     */
    static List<Path> levelsOff(List<RunGroup> groups, Path outDir) {
        List<List<String>> rows = new ArrayList<>();
        for (RunGroup g : groups) {
            rows.add(levelRow(g.label(), "mean of " + g.runs().size(), g.curve()));
            if (!g.singleRun()) {
                for (RunData r : g.runs()) {
                    rows.add(levelRow(g.label(), r.shortName(), r.test()));
                }
            }
        }
        return List.of(CsvFiles.write(outDir.resolve(LEVELS_OFF_CSV), List.of("label", "curve", "window_from",
                "window_to", "evaluations", "fitted_change", "relative_change", "levels_off", "tolerance"), rows));
    }

    private static List<String> levelRow(String label, String curve, Curve c) {
        try {
            ScoreStatistics.LevelOff l = ScoreStatistics.levelOff(c, LEVEL_WINDOW, LEVEL_TOLERANCE);
            return List.of(label, curve, Style.num(l.from()), Style.num(l.to()), Integer.toString(l.points()),
                    Style.num(l.change()), Style.num(l.relativeChange()), Boolean.toString(l.levelsOff()),
                    Style.num(LEVEL_TOLERANCE));
        } catch (IllegalArgumentException tooShort) {
            return List.of(label, curve, "", Style.num(c.lastStep()), "", "", "", "", Style.num(LEVEL_TOLERANCE));
        }
    }

    // ------------------------------------------------------------------------------------------ the chart

    /** One row of an interval chart: a name, a colour, an estimate with its interval (or none), single values. */
    record Row(String name, Color colour, ScoreStatistics.Interval interval, double[] dots) {}

    /** Horizontal interval chart ({@link #intervalFigure}) saved as {@code base.png} and {@code base.svg}. */
    private static List<Path> intervalChart(List<Row> rows, String title, String subtitle, String valueAxis,
                                            double[] range, boolean compactTicks, Path outDir, String base, PlotOptions o) {
        JFreeChart chart = intervalFigure(rows, title, subtitle, valueAxis, range, compactTicks);
        int height = Math.max(o.height() / 2, 150 + 46 * rows.size());
        return Style.save(chart, outDir, base, o.width(), height);
    }

    /**
     * Horizontal interval chart, one row per entry from the top. Dataset 0 holds the estimates with their intervals,
     * dataset 1 the single runs, dataset 2 a ring around each estimate whose interval is a single value (low = high,
     * e.g. a probability of improvement of [1, 1]), which the error bar alone would hide behind the dot; the subtitle
     * then says so. The value axis has a margin on both sides, so that a dot at the data's end (a score of 0) is whole.
     *
     * @param range fixes the value axis (with a 3% margin) when given, else it fits the data
     * @param compactTicks value ticks as 1.5k, 2M (steps); otherwise plain numbers (scores, probabilities)
     */
    static JFreeChart intervalFigure(List<Row> rows, String title, String subtitle, String valueAxis, double[] range,
                                     boolean compactTicks) {
        YIntervalSeriesCollection estimates = new YIntervalSeriesCollection();
        YIntervalSeriesCollection dots = new YIntervalSeriesCollection();
        YIntervalSeriesCollection points = new YIntervalSeriesCollection();
        XYErrorRenderer r = new XYErrorRenderer();
        XYErrorRenderer dotRenderer = new XYErrorRenderer();
        XYErrorRenderer pointRenderer = new XYErrorRenderer();
        String[] names = new String[rows.size()];
        boolean anyPoint = false;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            double y = rows.size() - 1 - i;
            names[(int) y] = row.name();
            YIntervalSeries s = new YIntervalSeries(row.name());
            YIntervalSeries p = new YIntervalSeries(row.name() + " single-value interval");
            ScoreStatistics.Interval ci = row.interval();
            if (ci != null) {
                s.add(y, ci.estimate(), ci.low(), ci.high());
                if (ci.low() == ci.high()) {
                    p.add(y, ci.low(), ci.low(), ci.high());
                    anyPoint = true;
                }
            }
            estimates.addSeries(s);
            points.addSeries(p);
            YIntervalSeries d = new YIntervalSeries(row.name() + " runs");
            if (row.dots() != null) {
                for (double v : row.dots()) {
                    d.add(y + 0.22, v, v, v);
                }
            }
            dots.addSeries(d);
            r.setSeriesPaint(i, row.colour());
            r.setSeriesShape(i, new Ellipse2D.Double(-6, -6, 12, 12));
            dotRenderer.setSeriesPaint(i, Style.withAlpha(row.colour(), 170));
            dotRenderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            dotRenderer.setSeriesShapesFilled(i, false);
            pointRenderer.setSeriesPaint(i, row.colour());
            pointRenderer.setSeriesShape(i, new Ellipse2D.Double(-11, -11, 22, 22));
            pointRenderer.setSeriesShapesFilled(i, false);
            pointRenderer.setSeriesOutlineStroke(i, Style.stroke(2f));
        }
        for (XYErrorRenderer each : List.of(r, dotRenderer, pointRenderer)) {
            each.setDefaultLinesVisible(false);
            each.setDrawXError(false);
        }
        r.setDefaultShapesVisible(true);
        r.setCapLength(10);
        r.setErrorStroke(Style.stroke(2.4f));
        dotRenderer.setDrawYError(false);
        pointRenderer.setDrawYError(false);
        pointRenderer.setDrawOutlines(true);
        pointRenderer.setUseOutlinePaint(false);
        SymbolAxis rowsAxis = new SymbolAxis(null, names);
        rowsAxis.setGridBandsVisible(false);
        rowsAxis.setRange(-0.6, rows.size() - 0.4);
        NumberAxis values = new NumberAxis(valueAxis);
        values.setAutoRangeIncludesZero(false);
        values.setAutoRangeStickyZero(false); // else a score of 0 ends the axis and its dot is cut in half
        values.setLowerMargin(0.04);
        values.setUpperMargin(0.04);
        if (compactTicks) {
            values.setNumberFormatOverride(new Style.Compact());
        }
        if (range != null) {
            double pad = 0.03 * (range[1] - range[0]);
            values.setRange(range[0] - pad, range[1] + pad);
            values.setTickUnit(new NumberTickUnit((range[1] - range[0]) / 10));
        }
        XYPlot plot = new XYPlot(estimates, rowsAxis, values, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setDataset(1, dots);
        plot.setRenderer(1, dotRenderer);
        plot.setDataset(2, points);
        plot.setRenderer(2, pointRenderer);
        if (range != null && range[0] < 0.5 && range[1] > 0.5) {
            plot.addRangeMarker(new ValueMarker(0.5, Style.SUBTLE, Style.dashed(1.3f)), Layer.BACKGROUND);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        Style.apply(chart, subtitle + (anyPoint ? " Ring: the interval is a single value." : ""));
        rowsAxis.setTickLabelFont(Style.font(Font.PLAIN, 13));
        return chart;
    }
}
