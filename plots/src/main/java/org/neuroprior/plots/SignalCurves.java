package org.neuroprior.plots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Several time series on one set of axes, e.g. one whisker's base moment simulated with 6, 8, 12, 16 and 24 links:
 * a line per series in the project's style, with the values as a CSV beside the pictures.
 *
 * @param title    the chart's title
 * @param subtitle a sentence or two under it (null for none)
 * @param xLabel   the horizontal axis, e.g. "time (s)"
 * @param yLabel   the vertical axis, e.g. "Mz (uN mm)"
 * @param x        the abscissae shared by every series
 * @param names    one legend entry per series
 * @param series   one array per series, each as long as {@code x}
 */
public record SignalCurves(String title, String subtitle, String xLabel, String yLabel, double[] x, List<String> names,
                           List<double[]> series) {
    /** @throws IllegalArgumentException if there are no series, or one's length or name count does not match */
    public SignalCurves {
        names = List.copyOf(names);
        series = List.copyOf(series);
        if (series.isEmpty() || names.size() != series.size()) {
            throw new IllegalArgumentException(series.size() + " series with " + names.size() + " names; need one name per series, at least one");
        }
        for (double[] s : series) {
            if (s.length != x.length) throw new IllegalArgumentException("a series of " + s.length + " values against " + x.length + " abscissae");
        }
    }

    /**
     * Writes {@code base.png}, {@code base.svg} (width x height pixels) and {@code base.csv} (x, then one column per
     * series) into {@code outDir}, creating it; returns the three paths.
     */
    public List<Path> write(Path outDir, String base, int width, int height) {
        try {
            Files.createDirectories(outDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create " + outDir, e);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (int s = 0; s < series.size(); s++) {
            XYSeries line = new XYSeries(names.get(s), false, true);
            for (int i = 0; i < x.length; i++) line.add(x[i], series.get(s)[i]);
            data.addSeries(line);
        }
        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setAutoRangeIncludesZero(false);
        xAxis.setLowerMargin(0);
        xAxis.setUpperMargin(0);
        NumberAxis yAxis = new NumberAxis(yLabel);
        yAxis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < series.size(); s++) {
            renderer.setSeriesPaint(s, Style.colour(s));
            renderer.setSeriesStroke(s, Style.stroke(s == series.size() - 1 ? 2.2f : 1.6f));
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, new XYPlot(data, xAxis, yAxis, renderer), true);
        Style.apply(chart, subtitle);
        List<Path> out = new ArrayList<>(Style.save(chart, outDir, base, width, height));
        List<String> header = new ArrayList<>();
        header.add(xLabel);
        header.addAll(names);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            List<String> row = new ArrayList<>();
            row.add(Style.num(x[i]));
            for (double[] s : series) row.add(Style.num(s[i]));
            rows.add(row);
        }
        out.add(CsvFiles.write(outDir.resolve(base + ".csv"), header, rows));
        return out;
    }
}
