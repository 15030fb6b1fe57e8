package org.neuroprior.plots;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAnchor;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.statistics.DefaultMultiValueCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The comparison figures. Each method writes PNG + SVG + a summary CSV and returns the paths written. */
final class Figures {

    static final String LEARNING_CURVES = "learning_curves";
    static final String FINAL_VS_PARAMETERS = "final_score_vs_parameters";
    static final String FINAL_SCORES_CSV = "final_scores.csv";
    static final String TRANSFER = "transfer";
    static final String TRANSFER_CSV = "transfer_scores.csv";
    static final String ABLATION_PREFIX = "ablation_";

    private static final String SCORE_AXIS = "Test episode score (mean return)";
    private static final List<String> FINAL_HEADER = List.of("label", "runs", "parameter_count", "final_mean",
            "final_std", "std_over", "last_epochs", "steps", "seconds", "run_scores");

    private Figures() {}

    /** The number of runs of {@code g} trained on each body count ({@code env_options.bodies}), sorted by body count. */
    static java.util.SortedMap<Integer, Integer> trainedLengths(RunGroup g) {
        java.util.SortedMap<Integer, Integer> counts = new java.util.TreeMap<>();
        for (RunData run : g.runs()) run.trainingBodies().ifPresent(b -> counts.merge(b, 1, Integer::sum));
        return counts;
    }

    /**
     * The transfer figure's legend entry of a group: as {@link #legend}, or, for a group whose runs were trained on
     * several lengths (each scored on its own), "LABEL — trained on each length, 3 seeds each" (or "N runs" when the
     * lengths have different counts).
     */
    static String transferLegend(RunGroup g) {
        java.util.SortedMap<Integer, Integer> lengths = trainedLengths(g);
        if (lengths.size() <= 1) return legend(g);
        java.util.Set<Integer> counts = new java.util.HashSet<>(lengths.values());
        int n = counts.iterator().next();
        return g.label() + " \u2014 trained on each length, " + (counts.size() == 1
                ? n + (n == 1 ? " run" : " seeds") + " each" : g.runs().size() + " runs");
    }

    private static String legend(RunGroup g) {
        return g.label() + " \u2014 " + (g.singleRun() ? "1 run" : g.runs().size() + " seeds");
    }

    /** How a run's final score is defined, in the metric's words ("... mean test score over its last 5 evaluations"). */
    static String finalDefinition(int lastEpochs, RunData.Metric metric) {
        return lastEpochs == 1 ? "final score = each run's " + metric.score() + " at its last " + metric.evaluation()
                : "final score = each run's mean " + metric.score() + " over its last " + lastEpochs + " " + metric.evaluation() + "s";
    }

    /** The metric all the groups' runs log (the first run's; {@link #learningCurves} refuses a mix). */
    static RunData.Metric metric(List<RunGroup> groups) {
        return groups.get(0).runs().get(0).metric();
    }

    /** "Final test score", "Final validation top-1 accuracy": a final score's axis. */
    static String finalAxis(RunData.Metric metric) {
        return "Final " + metric.score();
    }

    private static String spreadSentence(List<RunGroup> groups, String what) {
        return spreadSentence(groups, what, PlotOptions.Band.STD);
    }

    private static String spreadSentence(List<RunGroup> groups, String what, PlotOptions.Band band) {
        List<String> singles = groups.stream().filter(RunGroup::singleRun).map(RunGroup::label).toList();
        String across = band == PlotOptions.Band.SEM ? " \u00b1 1 standard error of the mean across seeds"
                : " \u00b1 1 std across seeds";
        // A single run's spread is across its test episodes, where the log has it (RL runs); tactile runs log none.
        String single = metric(groups).std() == null ? "none" : "across test episodes";
        if (singles.isEmpty()) {
            return what + across;
        }
        if (singles.size() == groups.size()) {
            return metric(groups).std() == null ? "one run per group, no " + what
                    : "one run per group; " + what + " \u00b1 1 std across its test episodes";
        }
        return what + across + " (single-run groups " + String.join(", ", singles) + ": " + single + ")";
    }

    // ------------------------------------------------------------------------------------------ learning curves

    /** The x axis's words: the metric's for environment steps, "Training episodes", or the column's name. */
    static String xLabel(RunData.Metric metric, PlotOptions o) {
        return switch (o.x()) {
            case PlotOptions.STEPS -> metric.steps();
            case PlotOptions.EPISODES -> "Training episodes";
            default -> o.x();
        };
    }

    /** The x axis's unit inside a sentence: "environment steps", "training samples", "episodes" or the column's name. */
    static String xNoun(RunData.Metric metric, PlotOptions o) {
        return o.x().equals(PlotOptions.STEPS) ? metric.steps().toLowerCase(java.util.Locale.ROOT) : o.xName();
    }

    static List<Path> learningCurves(List<RunGroup> groups, Map<String, Color> colours, Path outDir, PlotOptions o,
                                     String about) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        List<List<String>> rows = new ArrayList<>();
        for (RunGroup g : groups) {
            Curve c = g.curve(o.band(), o.bin());
            YIntervalSeries s = new YIntervalSeries(legend(g), false, true);
            for (int i = 0; i < c.size(); i++) {
                double sd = Double.isFinite(c.std()[i]) ? c.std()[i] : 0;
                s.add(c.steps()[i], c.mean()[i], c.mean()[i] - sd, c.mean()[i] + sd);
                rows.add(List.of(g.label(), Integer.toString(g.runs().size()), Style.num(c.steps()[i]),
                        Style.num(c.mean()[i]), Style.num(c.std()[i]), g.singleRun() ? (g.runs().get(0).metric().std() == null ? "" : "test episodes") : "seeds"));
            }
            data.addSeries(s);
        }
        RunData.Metric metric = groups.get(0).runs().get(0).metric();
        for (RunGroup g : groups) {
            for (RunData r : g.runs()) {
                if (!r.metric().equals(metric)) {
                    throw new IllegalArgumentException("run " + r.shortName() + " logs " + r.metric().mean() + ", run "
                            + groups.get(0).runs().get(0).shortName() + " logs " + metric.mean() + ": plot them separately");
                }
            }
        }
        NumberAxis x = new NumberAxis(xLabel(metric, o));
        x.setNumberFormatOverride(new Style.Compact());
        x.setAutoRangeIncludesZero(true);
        x.setLowerMargin(0);
        x.setUpperMargin(0.02);
        NumberAxis y = new NumberAxis(metric.axis());
        y.setAutoRangeIncludesZero(false);
        DeviationRenderer r = new DeviationRenderer(true, false);
        r.setAlpha(0.18f);
        for (int i = 0; i < groups.size(); i++) {
            Color c = colours.get(groups.get(i).label());
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, Style.stroke(2.4f));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(Plots.title(metric.title(), about),
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        boolean anyMulti = groups.stream().anyMatch(g -> !g.singleRun());
        String sub = "Line: " + (anyMulti ? "mean over seeds" : "one run's " + metric.axis().toLowerCase(java.util.Locale.ROOT)) + "; "
                + spreadSentence(groups, "band", o.band()) + "."
                + (o.bin() > 0 ? " Each run averaged over bins of " + Style.num(o.bin()) + " " + xNoun(metric, o) + "." : "")
                + (anyMulti ? " Seeds are interpolated onto common " + xNoun(metric, o) + ", up to the last all seeds reached." : "");
        Style.apply(chart, sub);
        List<Path> out = new ArrayList<>(Style.save(chart, outDir, LEARNING_CURVES, o.width(), o.height()));
        out.add(CsvFiles.write(outDir.resolve(LEARNING_CURVES + ".csv"),
                List.of("label", "runs", o.xName(), "mean", o.band().key(), o.band().key() + "_over"), rows));
        return out;
    }

    // ------------------------------------------------------------------------------------------ final scores

    private static List<String> finalRow(RunGroup g, RunGroup.FinalScore f) {
        OptionalLong pc = g.parameterCount();
        StringBuilder perRun = new StringBuilder();
        for (double v : f.perRun()) {
            perRun.append(perRun.length() == 0 ? "" : " ").append(Style.num(v));
        }
        return List.of(g.label(), Integer.toString(g.runs().size()), pc.isPresent() ? Long.toString(pc.getAsLong()) : "",
                Style.num(f.mean()), Style.num(f.std()), f.stdOver(), Integer.toString(f.lastEpochs()),
                Style.num(f.steps()), Style.num(f.seconds()), perRun.toString());
    }

    /** Writes final_scores.csv and, when some group has a parameter count, the final-score-vs-parameters chart. */
    static List<Path> finalScores(List<RunGroup> groups, Map<String, Color> colours, Path outDir, PlotOptions o,
                                  String about) {
        List<Path> out = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        Map<RunGroup, RunGroup.FinalScore> finals = new LinkedHashMap<>();
        for (RunGroup g : groups) {
            RunGroup.FinalScore f = g.finalScore(o.lastEpochs());
            finals.put(g, f);
            rows.add(finalRow(g, f));
        }
        List<RunGroup> withCount = groups.stream().filter(g -> g.parameterCount().isPresent()).toList();
        if (!withCount.isEmpty()) {
            out.addAll(finalVsParameters(withCount, finals, colours, outDir, o, about));
        }
        out.add(CsvFiles.write(outDir.resolve(FINAL_SCORES_CSV), FINAL_HEADER, rows));
        return out;
    }

    private static List<Path> finalVsParameters(List<RunGroup> groups, Map<RunGroup, RunGroup.FinalScore> finals,
                                                Map<String, Color> colours, Path outDir, PlotOptions o, String about) {
        // Groups with the same parameter count (variants of one architecture) are spread a little sideways.
        Map<Long, List<RunGroup>> byCount = new LinkedHashMap<>();
        for (RunGroup g : groups) {
            byCount.computeIfAbsent(g.parameterCount().getAsLong(), k -> new ArrayList<>()).add(g);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        YIntervalSeriesCollection seeds = new YIntervalSeriesCollection();
        XYErrorRenderer r = new XYErrorRenderer();
        XYErrorRenderer seedRenderer = new XYErrorRenderer();
        List<XYTextAnnotation> labels = new ArrayList<>();
        double minX = Double.POSITIVE_INFINITY;
        double maxX = 0;
        int i = 0;
        for (RunGroup g : groups) {
            long count = g.parameterCount().getAsLong();
            List<RunGroup> same = byCount.get(count);
            int k = same.indexOf(g);
            double xPos = count * Math.pow(10, 0.07 * (k - (same.size() - 1) / 2.0));
            RunGroup.FinalScore f = finals.get(g);
            double sd = Double.isFinite(f.std()) ? f.std() : 0;
            YIntervalSeries s = new YIntervalSeries(legend(g) + " (" + String.format(java.util.Locale.ROOT, "%,d", count)
                    + " parameters)");
            s.add(xPos, f.mean(), f.mean() - sd, f.mean() + sd);
            data.addSeries(s);
            YIntervalSeries seedSeries = new YIntervalSeries(g.label() + " seeds");
            if (!g.singleRun()) {
                for (double v : f.perRun()) {
                    seedSeries.add(xPos, v, v, v);
                }
            }
            seeds.addSeries(seedSeries);
            Color c = colours.get(g.label());
            r.setSeriesPaint(i, c);
            r.setSeriesShape(i, new Ellipse2D.Double(-6, -6, 12, 12));
            seedRenderer.setSeriesPaint(i, Style.withAlpha(c, 150));
            seedRenderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            seedRenderer.setSeriesShapesFilled(i, false);
            seedRenderer.setSeriesVisibleInLegend(i, false);
            if (same.size() == 1) {
                XYTextAnnotation a = new XYTextAnnotation("      " + g.label(), xPos, f.mean());
                a.setTextAnchor(TextAnchor.HALF_ASCENT_LEFT);
                a.setFont(Style.font(Font.PLAIN, 13));
                a.setPaint(c.darker());
                labels.add(a);
            }
            minX = Math.min(minX, xPos);
            maxX = Math.max(maxX, xPos);
            i++;
        }
        r.setDefaultLinesVisible(false);
        r.setDefaultShapesVisible(true);
        r.setDrawXError(false);
        r.setCapLength(10);
        r.setErrorStroke(Style.stroke(1.8f));
        seedRenderer.setDefaultLinesVisible(false);
        seedRenderer.setDrawXError(false);
        seedRenderer.setDrawYError(false);
        seedRenderer.setUseOutlinePaint(false);

        RunData.Metric metric = metric(groups);
        LogAxis x = new LogAxis("Trainable parameters of the " + metric.model() + " (log scale)");
        x.setBase(10);
        x.setNumberFormatOverride(new Style.Compact());
        x.setSmallestValue(1e-3);
        x.setAutoTickUnitSelection(false);
        x.setTickUnit(new NumberTickUnit(1), false, false); // one tick per power of ten
        x.setMinorTickCount(9);
        x.setMinorTickMarksVisible(true);
        double lower = Math.pow(10, Math.floor(Math.log10(minX / 2)));
        double upper = Math.pow(10, Math.ceil(Math.log10(maxX * 2)));
        if (upper / lower < 100) {
            upper = lower * 100;
        }
        x.setRange(lower, upper);
        NumberAxis y = new NumberAxis(finalAxis(metric));
        y.setAutoRangeIncludesZero(false);
        y.setLowerMargin(0.1);
        y.setUpperMargin(0.1);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setDataset(1, seeds);
        plot.setRenderer(1, seedRenderer);
        labels.forEach(plot::addAnnotation);
        JFreeChart chart = new JFreeChart(Plots.title(finalAxis(metric) + " vs. " + metric.model() + " size", about),
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        boolean anyMulti = groups.stream().anyMatch(g -> !g.singleRun());
        Style.apply(chart, capitalise(finalDefinition(o.lastEpochs(), metric)) + ".\nDot: "
                + (anyMulti ? "mean over seeds (small circles: single seeds)" : "final score") + "; "
                + spreadSentence(groups, "bars") + ".");
        List<Path> out = new ArrayList<>(Style.save(chart, outDir, FINAL_VS_PARAMETERS, o.width(), o.height()));
        return out;
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ------------------------------------------------------------------------------------------ transfer

    static List<Path> transfer(List<RunGroup> groups, Map<String, Color> colours, Path outDir, PlotOptions o,
                               String about) {
        List<RunGroup> with = groups.stream().filter(RunGroup::hasTransfer).toList();
        if (with.isEmpty()) {
            return List.of();
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYErrorRenderer r = new XYErrorRenderer();
        List<List<String>> rows = new ArrayList<>();
        double minB = Double.POSITIVE_INFINITY;
        double maxB = Double.NEGATIVE_INFINITY;
        double maxSd = 0;
        double minSd = Double.POSITIVE_INFINITY;
        for (int i = 0; i < with.size(); i++) {
            RunGroup g = with.get(i);
            double dodge = with.size() == 1 ? 0 : 0.16 * (i - (with.size() - 1) / 2.0) / Math.max(1, with.size() - 1);
            YIntervalSeries s = new YIntervalSeries(transferLegend(g));
            long runsWith = g.runs().stream().filter(run -> !run.transfer().isEmpty()).count();
            for (double[] p : g.transfer()) {
                double sd = Double.isFinite(p[3]) ? p[3] : 0;
                s.add(p[0] + dodge, p[2], p[2] - sd, p[2] + sd);
                if (Double.isFinite(p[3])) {
                    maxSd = Math.max(maxSd, p[3]);
                    minSd = Math.min(minSd, p[3]);
                }
                rows.add(List.of(g.label(), Style.num(p[0]), Style.num(p[1]), Style.num(p[2]), Style.num(p[3]),
                        p[1] == 1 && runsWith == 1 ? "test episodes" : "seeds"));
                minB = Math.min(minB, p[0]);
                maxB = Math.max(maxB, p[0]);
            }
            data.addSeries(s);
            Color c = colours.get(g.label());
            r.setSeriesPaint(i, c);
            r.setSeriesStroke(i, Style.stroke(2.2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-TRANSFER_DOT, -TRANSFER_DOT, 2 * TRANSFER_DOT, 2 * TRANSFER_DOT));
        }
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setDrawXError(false);
        r.setCapLength(7);
        r.setErrorStroke(Style.stroke(1.4f));

        NumberAxis x = new NumberAxis("Number of links of the evaluated swimmer");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setRange(minB - 0.6, maxB + 0.6);
        NumberAxis y = new NumberAxis(SCORE_AXIS);
        y.setAutoRangeIncludesZero(false);
        y.setUpperMargin(0.12);
        XYPlot plot = new XYPlot(data, x, y, r);

        // a line at the length a zero-shot group trained on; a group trained on each length it is scored on has none
        java.util.Set<Integer> trained = new java.util.TreeSet<>();
        boolean anyPerLength = false;
        for (RunGroup g : with) {
            java.util.Set<Integer> own = trainedLengths(g).keySet();
            if (own.size() > 1) anyPerLength = true;
            else trained.addAll(own);
        }
        for (int b : trained) {
            ValueMarker m = new ValueMarker(b, Style.SUBTLE, Style.dashed(1.3f));
            m.setLabel("trained with " + b + " links");
            m.setLabelFont(Style.font(Font.PLAIN, 12));
            m.setLabelPaint(Style.SUBTLE);
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            m.setLabelOffset(new RectangleInsets(6, 6, 6, 6));
            m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            plot.addDomainMarker(m, Layer.BACKGROUND);
        }
        JFreeChart chart = new JFreeChart(Plots.title("Zero-shot transfer to other body lengths", about),
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        boolean anyMulti = with.stream().anyMatch(g -> !g.singleRun());
        List<String> absent = groups.stream().filter(g -> !g.hasTransfer() && g.runs().stream().allMatch(o.lengthBound()))
                .map(RunGroup::label).toList();
        Style.apply(chart, "Trained policies evaluated, without further training, on swimmers with other numbers of links"
                + (anyPerLength ? " (a group trained on each length: each run on its own length)." : ".")
                + "\nPoint: " + (anyMulti ? "mean over seeds of each run's mean episode score" : "mean episode score")
                + "; " + spreadSentence(with, "bars") + hiddenBars(minSd, maxSd, y.getRange().getLength(), o.height()) + "."
                + notShown(absent));
        ((org.jfree.chart.title.TextTitle) chart.getSubtitle(0)).setMaximumLinesToDisplay(4); // room for the note's line
        List<Path> out = new ArrayList<>(Style.save(chart, outDir, TRANSFER, o.width(), o.height()));
        // "bodies" stays the column's name: transfer.csv's column and the environment option it counts (committed results)
        out.add(CsvFiles.write(outDir.resolve(TRANSFER_CSV), List.of("label", "bodies", "runs", "mean", "std", "std_over"),
                rows));
        return out;
    }

    /**
     * What the transfer figure says of the groups it leaves out because their policies cannot act on another body
     * length ({@link PlotOptions#lengthBound}), so that a reader does not take them for missing by mistake:
     * a line {@code "\nNot shown: mlp, whose parameters fix the body length."} (several labels listed in order: an
     * MLP's input layer is sized by the observation, NCAP without weight sharing has weights per joint); "" for none.
     *
     * @param labels the labels of the groups left out for that reason
     */
    static String notShown(List<String> labels) {
        if (labels.isEmpty()) return "";
        return "\nNot shown: " + String.join(", ", labels)
                + ", whose parameters fix the body length.";
    }

    /** The transfer figure's dot radius in pixels. */
    private static final double TRANSFER_DOT = 4.5;

    /**
     * What the transfer legend adds when error bars hide inside the dots (a std of a few points on a score axis of
     * hundreds): ", at most 4.4: within the dots" when every bar does, "; a bar under 8.1 is within its dot" when some
     * do, "" when none does or there are none. The plot area is taken as the chart's height less 170 pixels of titles,
     * legend and axis (a 560-pixel chart's is 390).
     *
     * @param minSd the smallest finite std drawn (+infinity: none)
     * @param maxSd the largest finite std drawn
     * @param yLength the value axis's length in score units
     * @param height the chart's height in pixels
     */
    static String hiddenBars(double minSd, double maxSd, double yLength, int height) {
        if (!Double.isFinite(minSd) || !(yLength > 0)) {
            return "";
        }
        double hidden = (TRANSFER_DOT + 1) * yLength / Math.max(50, height - 170); // a bar shorter than this ends inside its dot
        return maxSd < hidden ? ", at most " + Style.score(maxSd) + ": within the dots"
                : minSd < hidden ? "; a bar under " + Style.score(hidden) + " is within its dot" : "";
    }

    // ------------------------------------------------------------------------------------------ ablations

    /** One bar chart per architecture that has at least two groups (its variants). */
    static List<Path> ablations(List<RunGroup> groups, Map<String, Color> colours, Path outDir, PlotOptions o,
                                String about) {
        Map<String, List<RunGroup>> byArch = new LinkedHashMap<>();
        for (RunGroup g : groups) {
            byArch.computeIfAbsent(g.arch(), k -> new ArrayList<>()).add(g);
        }
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, List<RunGroup>> e : byArch.entrySet()) {
            if (e.getValue().size() >= 2) {
                out.addAll(ablation(e.getKey(), e.getValue(), colours, outDir, o, about));
            }
        }
        return out;
    }

    private static List<Path> ablation(String arch, List<RunGroup> groups, Map<String, Color> colours, Path outDir,
                                       PlotOptions o, String about) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        DefaultMultiValueCategoryDataset seeds = new DefaultMultiValueCategoryDataset();
        List<List<String>> rows = new ArrayList<>();
        List<Paint> paints = new ArrayList<>();
        List<CategoryTextAnnotation> labels = new ArrayList<>();
        String row = "final score";
        for (RunGroup g : groups) {
            RunGroup.FinalScore f = g.finalScore(o.lastEpochs());
            String category = g.label();
            Style.addBar(data, f.mean(), f.std(), row, category); // no error bar for a single run without a spread
            List<Double> values = new ArrayList<>();
            if (!g.singleRun()) {
                for (double v : f.perRun()) {
                    values.add(v);
                }
            }
            seeds.add(values, "seeds", category);
            paints.add(colours.get(g.label()));
            rows.add(finalRow(g, f));
            double top = f.mean() + (Double.isFinite(f.std()) ? f.std() : 0);
            for (double v : f.perRun()) {
                top = Math.max(top, v);
            }
            CategoryTextAnnotation a = new CategoryTextAnnotation(Style.score(f.mean())
                    + (Double.isFinite(f.std()) ? " \u00b1 " + Style.score(f.std()) : "")
                    + "  (" + (g.singleRun() ? "1 run" : g.runs().size() + " seeds") + ")", category, top);
            a.setCategoryAnchor(CategoryAnchor.MIDDLE);
            a.setTextAnchor(TextAnchor.BOTTOM_CENTER);
            a.setFont(Style.font(Font.PLAIN, 13));
            a.setPaint(Style.TEXT);
            labels.add(a);
        }
        StatisticalBarRenderer r = Style.meanBars((series, column) -> paints.get(column), 1.6f, 0.16, 0);
        ScatterRenderer seedRenderer = Style.seedCircles(1, 3.5, 1.4f, 0);

        CategoryAxis x = new CategoryAxis(null);
        x.setMaximumCategoryLabelLines(2);
        x.setCategoryMargin(0.25);
        if (groups.size() > 6) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis y = new NumberAxis(finalAxis(metric(groups)));
        y.setUpperMargin(0.14);
        CategoryPlot plot = Style.barsWithSeeds(data, r, seeds, seedRenderer, x, y, labels);
        double lo = 0;
        double hi = 0;
        for (int c = 0; c < data.getColumnCount(); c++) {
            double m = data.getMeanValue(0, c).doubleValue();
            double s = Style.spread(data, 0, c);
            lo = Math.min(lo, m - s);
            hi = Math.max(hi, m + s);
        }
        for (CategoryTextAnnotation a : labels) {
            hi = Math.max(hi, a.getValue());
        }
        double pad = 0.03 * (hi - lo);
        for (CategoryTextAnnotation a : labels) {
            a.setValue(a.getValue() + pad); // clear of the error bar cap and the seed circles
        }
        y.setRange(new Range(lo < 0 ? lo * 1.1 : 0, hi <= 0 ? 1 : hi * 1.14));
        JFreeChart chart = new JFreeChart(Plots.title(arch + " variants: " + finalAxis(metric(groups)).toLowerCase(java.util.Locale.ROOT), about),
                JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        boolean anyMulti = groups.stream().anyMatch(g -> !g.singleRun());
        Style.apply(chart, capitalise(finalDefinition(o.lastEpochs(), metric(groups))) + ".\nBar: "
                + (anyMulti ? "mean over seeds (circles: single seeds)" : "final score") + "; "
                + spreadSentence(groups, "error bars") + ".");
        String base = ABLATION_PREFIX + Style.slug(arch);
        List<Path> out = new ArrayList<>(Style.save(chart, outDir, base, o.width(), o.height()));
        out.add(CsvFiles.write(outDir.resolve(base + ".csv"), FINAL_HEADER, rows));
        return out;
    }
}
