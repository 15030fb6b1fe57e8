package org.neuroprior.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.ui.Align;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * Heat maps of one sweep's base signals: whiskers down (A0 at the top, a line between rows), frames across (time in
 * s), colour = value. One figure shows one quantity (force or moment) in four panels: its magnitude on a white-to-
 * brown scale, and its three components on blue-white-red scales symmetric about 0, each with its own colour bar.
 */
final class WhiskerHeatMap {
    static final int PANEL_WIDTH = 760, PANEL_HEIGHT = 560, HEADER = 102;
    private static final int CELL_WIDTH = 6, CELL_HEIGHT = 16;

    /** The force (first channel 0) or moment (first channel 3) figure. */
    record Quantity(String name, String symbol, String unit, int first, List<String> componentMeanings) {}

    static final Quantity MOMENT = new Quantity("Base moments", "M", WhiskerSignals.MOMENT_UNIT, 3, List.of(
            "twist about the whisker's axis", "bending about y (towards the concave side)", "bending about z"));
    static final Quantity FORCE = new Quantity("Base forces", "F", WhiskerSignals.FORCE_UNIT, 0, List.of(
            "along the whisker (axial)", "along y (towards the concave side)", "along z"));

    private WhiskerHeatMap() {}

    static int width() {
        return 2 * PANEL_WIDTH;
    }

    static int height() {
        return HEADER + 2 * PANEL_HEIGHT;
    }

    /** {@code details} (may be empty) is printed under the title. */
    static void draw(Graphics2D g, WhiskerSignals s, Quantity q, String title, String details, double markTime) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        g.setColor(Style.TEXT);
        g.setFont(Style.font(Font.BOLD, 18));
        g.drawString(q.name() + " over time: " + title, 16, 28);
        g.setFont(Style.font(Font.PLAIN, 13));
        g.setColor(Style.SUBTLE);
        g.drawString(details, 16, 50);
        g.drawString(String.format(Locale.ROOT, "What the network sees: one value per whisker base (rows, A0 at the top) and frame (columns, %d frames"
                + " over %.2f s), in the whisker's base frame (x along the whisker).", s.frames(), s.times()[s.frames() - 1]), 16, 68);
        g.drawString("White = 0 (not touched). Each panel has its own colour scale. Dashed line: the moment of the array picture"
                + (Double.isFinite(markTime) ? String.format(Locale.ROOT, " (t = %.3f s).", markTime) : "."), 16, 86);
        for (int panel = 0; panel < 4; panel++) {
            JFreeChart chart = panel(s, q, panel - 1, markTime);
            chart.draw(g, new Rectangle2D.Double((panel % 2) * PANEL_WIDTH, HEADER + (panel / 2) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
        }
    }

    /** Component c (0..2) of the quantity, or its magnitude when c is -1. */
    private static JFreeChart panel(WhiskerSignals s, Quantity q, int c, double markTime) {
        int n = s.whiskers().size(), frames = s.frames();
        double[] values = new double[n * frames]; // frame-major
        double max = 0;
        for (int f = 0; f < frames; f++) {
            for (int w = 0; w < n; w++) {
                double v = c < 0 ? s.magnitude(f, w, q.first()) : s.values()[f][w][q.first() + c];
                values[f * n + w] = v;
                max = Math.max(max, Math.abs(v));
            }
        }
        ColourScale scale = c < 0 ? ColourScale.magnitude(max) : ColourScale.diverging(max);

        var time = new NumberAxis("time (s)");
        double half = largestGap(s.times()) / 2;
        time.setRange(s.times()[0] - half, s.times()[frames - 1] + half);
        var whiskers = new SymbolAxis("whisker", s.whiskers().toArray(String[]::new));
        whiskers.setInverted(true);
        whiskers.setRange(-0.5, n - 0.5);
        whiskers.setGridBandsVisible(false);
        // No data series: a renderer is still needed, because it is what draws the markers.
        var plot = new XYPlot(null, time, whiskers, new XYLineAndShapeRenderer(false, false));
        // The cells are one image stretched over the data area: small in SVG (one embedded PNG, not 3,300 rectangles).
        plot.setBackgroundImage(cells(s, values, scale, time.getLowerBound(), time.getUpperBound()));
        plot.setBackgroundImageAlignment(Align.FIT);
        plot.setBackgroundImageAlpha(1f);
        for (int w = 1; w < n; w++) {
            if (s.whiskers().get(w).charAt(0) != s.whiskers().get(w - 1).charAt(0)) {
                var line = new ValueMarker(w - 0.5, new Color(0x555555), new BasicStroke(1f));
                plot.addRangeMarker(line, Layer.FOREGROUND);
            }
        }
        if (Double.isFinite(markTime)) {
            var mark = new ValueMarker(markTime, Color.BLACK, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {5f, 4f}, 0f));
            plot.addDomainMarker(mark, Layer.FOREGROUND);
        }
        String symbol = c < 0 ? "|" + q.symbol() + "|" : q.symbol() + "xyz".charAt(c);
        String meaning = c < 0 ? "magnitude" : q.componentMeanings().get(c);
        var chart = new JFreeChart(symbol + ": " + meaning, Style.font(Font.BOLD, 15), plot, false);
        Style.apply(chart, null);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        whiskers.setTickLabelFont(Style.font(Font.PLAIN, 10));

        var bar = new NumberAxis(q.unit());
        bar.setRange(scale.getLowerBound(), scale.getUpperBound());
        bar.setTickUnit(new NumberTickUnit(niceStep(scale.getUpperBound() / 3)));
        bar.setLabelFont(Style.font(Font.PLAIN, 13));
        bar.setTickLabelFont(Style.font(Font.PLAIN, 11));
        var legend = new PaintScaleLegend(scale, bar);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(14);
        legend.setSubdivisionCount(128);
        legend.setMargin(new RectangleInsets(8, 10, 8, 4));
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
        if (max == 0) {
            var none = new TextTitle("all zero in this sweep", Style.font(Font.ITALIC, 12));
            none.setPosition(RectangleEdge.BOTTOM);
            chart.addSubtitle(none);
        }
        return chart;
    }

    /**
     * The cells as an image, {@value #CELL_WIDTH} x {@value #CELL_HEIGHT} pixels per cell (sharp edges when scaled):
     * each pixel column shows the frame nearest its time, so irregular frame spacing is kept.
     */
    private static BufferedImage cells(WhiskerSignals s, double[] values, ColourScale scale, double t0, double t1) {
        int n = s.whiskers().size(), frames = s.frames();
        int width = frames * CELL_WIDTH, height = n * CELL_HEIGHT;
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int frame = 0;
        for (int x = 0; x < width; x++) {
            double t = t0 + (x + 0.5) / width * (t1 - t0);
            while (frame + 1 < frames && Math.abs(s.times()[frame + 1] - t) <= Math.abs(s.times()[frame] - t)) frame++;
            for (int w = 0; w < n; w++) {
                int rgb = ((Color) scale.getPaint(values[frame * n + w])).getRGB();
                for (int y = w * CELL_HEIGHT; y < (w + 1) * CELL_HEIGHT; y++) image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** 1, 2 or 5 times a power of ten, at most {@code target}. */
    private static double niceStep(double target) {
        double power = Math.pow(10, Math.floor(Math.log10(target)));
        for (double m : new double[] {5, 2, 1}) if (m * power <= target) return m * power;
        return power;
    }

    private static double largestGap(double[] times) {
        double gap = 0;
        for (int i = 1; i < times.length; i++) gap = Math.max(gap, times[i] - times[i - 1]);
        return gap;
    }
}
