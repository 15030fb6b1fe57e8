package org.neuroprior.plots;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A classifier's confusion matrix as a picture and a table: true classes down, predicted classes across, each cell
 * coloured by the fraction of its true class predicted as that class (white 0 to dark 1) and labelled with its count.
 */
public final class ConfusionMatrixFigure {
    private ConfusionMatrixFigure() {
    }

    /**
     * Writes {@code base.png}, {@code base.svg} and {@code base.csv} (a header {@code true_class}, then one column per
     * predicted class; one row of counts per true class) into {@code outDir}.
     *
     * @param counts     [true class][predicted class] counts, square, as many as {@code classNames}
     * @param classNames the classes in label order
     * @param title      the figure's title
     * @return the paths written
     * @throws IllegalArgumentException if the matrix is not square or does not match the class names
     */
    public static List<Path> write(long[][] counts, List<String> classNames, String title, Path outDir, String base) {
        int k = classNames.size();
        if (counts.length != k) throw new IllegalArgumentException("a confusion matrix of " + counts.length + " rows for " + k + " classes");
        for (long[] row : counts) if (row.length != k) throw new IllegalArgumentException("the confusion matrix is not square");
        List<String> header = new ArrayList<>(List.of("true_class"));
        header.addAll(classNames);
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            List<String> row = new ArrayList<>(List.of(classNames.get(t)));
            for (long c : counts[t]) row.add(Long.toString(c));
            rows.add(row);
        }
        List<Path> written = new ArrayList<>();
        written.add(CsvFiles.write(outDir.resolve(base + ".csv"), header, rows));

        double[] x = new double[k * k], y = new double[k * k], z = new double[k * k];
        XYPlot plot = new XYPlot();
        long total = 0, correct = 0;
        for (int t = 0; t < k; t++) {
            long rowSum = 0;
            for (long c : counts[t]) rowSum += c;
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                x[i] = p;
                y[i] = t;
                z[i] = rowSum > 0 ? (double) counts[t][p] / rowSum : 0;
                if (counts[t][p] > 0 && k <= 30) {
                    var label = new XYTextAnnotation(Long.toString(counts[t][p]), p, t);
                    label.setFont(Style.font(Font.PLAIN, k <= 15 ? 12 : 9));
                    label.setPaint(z[i] > 0.5 ? Color.WHITE : Style.TEXT);
                    plot.addAnnotation(label);
                }
                total += counts[t][p];
                if (t == p) correct += counts[t][p];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("fraction", new double[][] {x, y, z});
        String[] names = classNames.toArray(String[]::new);
        SymbolAxis predicted = new SymbolAxis("predicted class", names);
        predicted.setVerticalTickLabels(true);
        predicted.setRange(-0.5, k - 0.5);
        predicted.setGridBandsVisible(false);
        SymbolAxis actual = new SymbolAxis("true class", names);
        actual.setInverted(true);
        actual.setRange(-0.5, k - 0.5);
        actual.setGridBandsVisible(false);
        ColourScale scale = ColourScale.magnitude(1);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        plot.setDataset(data);
        plot.setDomainAxis(predicted);
        plot.setRangeAxis(actual);
        plot.setRenderer(renderer);
        JFreeChart chart = new JFreeChart(title, Style.font(Font.BOLD, 16), plot, false);
        Style.apply(chart, String.format(Locale.ROOT, "%,d samples, %.1f%% on the diagonal; colour: fraction of each true class, "
                + "number: count", total, total > 0 ? 100.0 * correct / total : Double.NaN));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        NumberAxis bar = new NumberAxis("fraction of the true class");
        bar.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, bar);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(14);
        legend.setMargin(new RectangleInsets(8, 10, 8, 4));
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
        int side = Math.max(520, 160 + 34 * k);
        written.addAll(Style.save(chart, outDir, base, side + 140, side));
        return written;
    }
}
