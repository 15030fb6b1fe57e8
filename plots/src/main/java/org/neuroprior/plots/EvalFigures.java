package org.neuroprior.plots;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.CategoryAnchor;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultMultiValueCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The figures of {@code tactile-eval}'s scores, drawn when some run has them: {@code test_accuracy} (each group's
 * top-1 and top-5 accuracy on the test split, {@link RunData#testAccuracy()}) and {@code linear_probe} (the test top-1
 * of linear probes on the trained model's features and on its features at initialisation, {@link RunData#probe()}).
 * Bars are means over the group's runs that have the scores, error bars &plusmn; 1 population std across them, circles
 * the single runs. Each writes PNG + SVG + CSV and returns the paths written.
 */
final class EvalFigures {

    static final String TEST_ACCURACY = "test_accuracy";
    static final String LINEAR_PROBE = "linear_probe";
    private static final String TRAINED = "trained";
    private static final String RANDOM_INIT = "random_init";

    private EvalFigures() {}

    /** {@code test_accuracy.png/.svg/.csv}, when some run has {@code test.csv}. */
    static List<Path> testAccuracy(List<RunGroup> groups, Map<String, Color> colours, Path outDir, PlotOptions o, String about) {
        return bars(groups, colours, outDir, o, TEST_ACCURACY,
                List.of(new Bar("top-1", "top1", r -> r.testAccuracy().map(RunData.Accuracy::top1).orElse(Double.NaN)),
                        new Bar("top-5", "top5", r -> r.testAccuracy().map(RunData.Accuracy::top5).orElse(Double.NaN))),
                "Test accuracy (share of test sweeps)",
                Plots.title("Test accuracy of each model", about),
                "Each run's model with the lowest validation loss on the dataset's test split (tactile-eval).");
    }

    /** {@code linear_probe.png/.svg/.csv}, when some run has {@code probe.csv} with both kinds of features. */
    static List<Path> linearProbe(List<RunGroup> groups, Map<String, Color> colours, Path outDir, PlotOptions o, String about) {
        return bars(groups, colours, outDir, o, LINEAR_PROBE,
                List.of(new Bar("trained features", TRAINED + "_test_top1", r -> probeTop1(r, TRAINED)),
                        new Bar("random-init features", RANDOM_INIT + "_test_top1", r -> probeTop1(r, RANDOM_INIT))),
                "Linear probe: test top-1 accuracy",
                Plots.title("Linear probe on frozen features", about),
                "A softmax-regression probe trained on the training split's features, scored on the test split (tactile-eval"
                        + " --linear-probe): the trained model's features against the same model's at initialisation.");
    }

    private static double probeTop1(RunData r, String features) {
        RunData.Accuracy a = r.probe().get(features);
        return a == null ? Double.NaN : a.top1();
    }

    /** One bar of each group: its name in the legend, its CSV column prefix and a run's value (NaN: the run has none). */
    private record Bar(String name, String column, Function<RunData, Double> value) {}

    private static List<Path> bars(List<RunGroup> groups, Map<String, Color> colours, Path outDir, PlotOptions o, String base,
                                   List<Bar> bars, String axis, String title, String definition) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        DefaultMultiValueCategoryDataset seeds = new DefaultMultiValueCategoryDataset();
        List<Paint> paints = new ArrayList<>();
        List<CategoryTextAnnotation> labels = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        boolean anyMulti = false;
        boolean anySingle = false;
        for (RunGroup g : groups) {
            double[][] values = new double[bars.size()][];
            int runs = -1;
            for (int b = 0; b < bars.size(); b++) {
                Bar bar = bars.get(b);
                values[b] = g.runs().stream().mapToDouble(r -> bar.value().apply(r)).filter(Double::isFinite).toArray();
                runs = Math.max(runs, values[b].length);
            }
            if (runs <= 0) continue; // no run of the group has the scores
            anyMulti |= runs > 1;
            anySingle |= runs == 1;
            List<String> row = new ArrayList<>(List.of(g.label(), Integer.toString(runs)));
            double top = 0;
            for (int b = 0; b < bars.size(); b++) {
                double mean = Stats.mean(values[b]);
                double std = values[b].length > 1 ? Stats.std(values[b]) : Double.NaN;
                Style.addBar(data, mean, std, bars.get(b).name(), g.label()); // one run: no error bar
                List<Double> single = new ArrayList<>();
                if (values[b].length > 1) for (double v : values[b]) single.add(v);
                seeds.add(single, bars.get(b).name(), g.label());
                row.add(Style.num(mean));
                row.add(Style.num(std));
                row.add(joined(values[b]));
                top = Math.max(top, mean + (Double.isFinite(std) ? std : 0));
                for (double v : values[b]) top = Math.max(top, v);
            }
            rows.add(row);
            paints.add(colours.get(g.label()));
            CategoryTextAnnotation a = new CategoryTextAnnotation(runs == 1 ? "1 run" : runs + " seeds", g.label(), Math.min(1, top) + 0.03);
            a.setCategoryAnchor(CategoryAnchor.MIDDLE);
            a.setTextAnchor(TextAnchor.BOTTOM_CENTER);
            a.setFont(Style.font(Font.PLAIN, 12));
            a.setPaint(Style.SUBTLE);
            labels.add(a);
        }
        if (rows.isEmpty()) return List.of();

        // Each group in its colour: the first bar solid, the others lighter.
        StatisticalBarRenderer r = Style.meanBars((row, column) -> {
            Color c = (Color) paints.get(column);
            return row == 0 ? c : Style.withAlpha(c, Math.max(60, 150 - 60 * (row - 1)));
        }, 1.4f, 0.1, 0.06);
        ScatterRenderer seedRenderer = Style.seedCircles(bars.size(), 3, 1.2f, 0.06);

        CategoryAxis x = new CategoryAxis(null);
        x.setMaximumCategoryLabelLines(3);
        x.setCategoryMargin(0.25);
        if (rows.size() > 6) x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis y = new NumberAxis(axis);
        y.setRange(0, 1.08);
        CategoryPlot plot = Style.barsWithSeeds(data, r, seeds, seedRenderer, x, y, labels);
        LegendItemCollection legend = new LegendItemCollection();
        for (int b = 0; b < bars.size(); b++) {
            Color grey = new Color(0x666666);
            legend.add(new LegendItem(bars.get(b).name() + (b == 0 ? " (solid)" : " (light)"), null, null, null,
                    new java.awt.Rectangle(-6, -6, 12, 12), b == 0 ? grey : Style.withAlpha(grey, 150)));
        }
        plot.setFixedLegendItems(legend);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        Style.apply(chart, definition + "\nBar: " + (anyMulti ? "mean over seeds (circles: single seeds); error bars \u00b1 1 std across seeds"
                + (anySingle ? " (groups of one run: none)" : "") : "one run per group, no error bars") + ".");
        List<Path> out = new ArrayList<>(Style.save(chart, outDir, base, o.width(), o.height()));
        List<String> header = new ArrayList<>(List.of("label", "runs"));
        for (Bar b : bars) {
            header.add(b.column() + "_mean");
            header.add(b.column() + "_std");
            header.add(b.column() + "_runs");
        }
        out.add(CsvFiles.write(outDir.resolve(base + ".csv"), header, rows));
        return out;
    }

    private static String joined(double[] v) {
        StringBuilder s = new StringBuilder();
        for (double x : v) s.append(s.length() == 0 ? "" : " ").append(Style.num(x));
        return s.toString();
    }
}
