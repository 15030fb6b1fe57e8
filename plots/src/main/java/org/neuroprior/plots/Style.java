package org.neuroprior.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.GraphicsEnvironment;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.annotations.CategoryAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;
import org.neuroprior.common.AtomicFiles;

/** Shared look of the figures: palette, fonts, number formats, PNG/SVG/CSV output. */
final class Style {

    private Style() {}

    /** matplotlib's "tab10" palette, familiar to readers; repeats after ten groups. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };

    static final Color TEXT = new Color(0x222222);
    static final Color SUBTLE = new Color(0x555555);
    static final Color GRID = new Color(0xdddddd);

    static final String FAMILY = pickFamily();

    static Font font(int style, float size) {
        return new Font(FAMILY, style, Math.round(size));
    }

    private static String pickFamily() {
        try {
            List<String> families = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment()
                    .getAvailableFontFamilyNames(Locale.ROOT));
            for (String f : List.of("DejaVu Sans", "Liberation Sans", "Arial", "Helvetica")) {
                if (families.contains(f)) {
                    return f;
                }
            }
        } catch (RuntimeException | Error e) {
            // no font configuration: fall back to the logical font
        }
        return Font.SANS_SERIF;
    }

    static Color colour(int groupIndex) {
        return PALETTE[groupIndex % PALETTE.length];
    }

    /**
     * A vertical category plot of {@link #meanBars} bars with {@link #seedCircles} seeds drawn over them and the given
     * annotations (labels above the bars).
     */
    static CategoryPlot barsWithSeeds(CategoryDataset bars, CategoryItemRenderer barRenderer, CategoryDataset seeds,
                                      CategoryItemRenderer seedRenderer, CategoryAxis x, ValueAxis y,
                                      List<? extends CategoryAnnotation> labels) {
        CategoryPlot plot = new CategoryPlot(bars, x, y, barRenderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setDataset(1, seeds);
        plot.setRenderer(1, seedRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        labels.forEach(plot::addAnnotation);
        return plot;
    }

    /**
     * Adds one bar of {@link #meanBars} to {@code data}: its mean and its spread. A spread that is not finite (a single
     * run without a spread of its own) is stored as null, which the renderer draws as no error bar at all; 0 would
     * draw a flat cap, as if a spread of 0 had been measured.
     */
    static void addBar(DefaultStatisticalCategoryDataset data, double mean, double spread, Comparable<?> row, Comparable<?> column) {
        data.add(Double.valueOf(mean), Double.isFinite(spread) ? Double.valueOf(spread) : null, row, column);
    }

    /** The spread of a bar {@link #addBar} added: 0 when it has none (for axis ranges and label positions). */
    static double spread(DefaultStatisticalCategoryDataset data, int row, int column) {
        Number s = data.getStdDevValue(row, column);
        return s == null ? 0 : s.doubleValue();
    }

    /**
     * The project's bars of means with +-1 std error bars (none for a bar without a spread, {@link #addBar}) (flat, no outline or shadow), each bar painted by
     * {@code paint.apply(row, column)} of the category dataset.
     *
     * @param errorStroke the error bars' line width in points
     * @param maxWidth    the widest a bar may be, as a fraction of the plot's width
     * @param itemMargin  the gap between the bars of one category, as a fraction of the category's width
     */
    static StatisticalBarRenderer meanBars(BiFunction<Integer, Integer, Paint> paint, float errorStroke, double maxWidth, double itemMargin) {
        StatisticalBarRenderer r = new StatisticalBarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int row, int column) {
                return paint.apply(row, column);
            }
        };
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setErrorIndicatorPaint(TEXT);
        r.setErrorIndicatorStroke(stroke(errorStroke));
        r.setItemMargin(itemMargin);
        r.setMaximumBarWidth(maxWidth);
        r.setDefaultSeriesVisibleInLegend(false);
        return r;
    }

    /**
     * Single seeds as white circles with a dark outline, drawn over {@link #meanBars} bars: {@code series} series
     * (one per bar of a category), offset as the bars are when there are several.
     *
     * @param radius     the circles' radius in points
     * @param itemMargin the bars' item margin, so that each circle sits on its bar
     */
    static ScatterRenderer seedCircles(int series, double radius, float outline, double itemMargin) {
        ScatterRenderer r = new ScatterRenderer();
        Color dark = new Color(0x333333);
        for (int b = 0; b < series; b++) {
            r.setSeriesPaint(b, dark);
            r.setSeriesShape(b, new Ellipse2D.Double(-radius, -radius, 2 * radius, 2 * radius));
            r.setSeriesShapesFilled(b, true);
            r.setSeriesFillPaint(b, Color.WHITE);
            r.setSeriesOutlinePaint(b, dark);
            r.setSeriesOutlineStroke(b, stroke(outline));
        }
        r.setUseFillPaint(true);
        r.setDrawOutlines(true);
        r.setUseOutlinePaint(true);
        r.setUseSeriesOffset(series > 1);
        r.setItemMargin(itemMargin);
        r.setDefaultSeriesVisibleInLegend(false);
        return r;
    }

    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static BasicStroke stroke(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    /** Title, subtitle, fonts, white background, light grid. */
    static void apply(JFreeChart chart, String subtitle) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 6, 14));
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(font(Font.BOLD, 18));
            title.setPaint(TEXT);
            title.setPadding(new RectangleInsets(4, 4, 2, 4));
        }
        if (subtitle != null) {
            TextTitle sub = new TextTitle(subtitle, font(Font.PLAIN, 12.5f));
            sub.setPaint(SUBTLE);
            sub.setPadding(new RectangleInsets(0, 4, 8, 4));
            sub.setMaximumLinesToDisplay(3);
            chart.addSubtitle(0, sub);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(font(Font.PLAIN, 13));
            legend.setItemPaint(TEXT);
            legend.setFrame(BlockBorder.NONE);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 14));
            legend.setPadding(new RectangleInsets(6, 4, 2, 4));
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(new Color(0xbbbbbb));
        plot.setInsets(new RectangleInsets(6, 4, 4, 10));
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            xy.setDomainGridlineStroke(new BasicStroke(0.8f));
            xy.setRangeGridlineStroke(new BasicStroke(0.8f));
            xy.setAxisOffset(RectangleInsets.ZERO_INSETS);
            for (int i = 0; i < xy.getDomainAxisCount(); i++) {
                axis(xy.getDomainAxis(i));
            }
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                axis(xy.getRangeAxis(i));
            }
        } else if (plot instanceof CategoryPlot cp) {
            cp.setRangeGridlinePaint(GRID);
            cp.setRangeGridlineStroke(new BasicStroke(0.8f));
            cp.setAxisOffset(RectangleInsets.ZERO_INSETS);
            axis(cp.getDomainAxis());
            axis(cp.getRangeAxis());
        }
    }

    private static void axis(Axis a) {
        if (a == null) {
            return;
        }
        a.setLabelFont(font(Font.PLAIN, 14));
        a.setLabelPaint(TEXT);
        a.setTickLabelFont(font(Font.PLAIN, 12));
        a.setTickLabelPaint(TEXT);
        a.setAxisLinePaint(new Color(0x888888));
        a.setTickMarkPaint(new Color(0x888888));
    }

    /**
     * An SVG canvas whose element ids (clip paths, gradients) derive from {@code base} rather than from the clock, so
     * the same figure redraws to the same bytes.
     */
    static SVGGraphics2D svgCanvas(int width, int height, String base) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(base.replaceAll("[^A-Za-z0-9_-]", "_") + "-");
        return g2;
    }

    /** Writes {@code base.png} and {@code base.svg}; returns both paths. */
    static List<Path> save(JFreeChart chart, Path outDir, String base, int width, int height) {
        Path png = outDir.resolve(base + ".png");
        Path svg = outDir.resolve(base + ".svg");
        AtomicFiles.writeUnchecked(png, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height));
        SVGGraphics2D g2 = svgCanvas(width, height, base);
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        AtomicFiles.writeUnchecked(svg, tmp -> SVGUtils.writeToSVG(tmp.toFile(), g2.getSVGElement()));
        return List.of(png, svg);
    }

    /** Writes a CSV file: a header and rows of already formatted cells (quoted where needed). */
    /** A number for a CSV cell: 10 significant digits, no exponent, integers without decimals, NaN as empty. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(10)).stripTrailingZeros().toPlainString();
    }

    /** A score for labels: 3 significant digits at least, no exponent. */
    static String score(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        } else if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A file-name-safe version of a label. */
    static String slug(String s) {
        String slug = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return slug.isEmpty() ? "group" : slug;
    }

    /** 1500 as "1.5k", 2000000 as "2M": compact tick labels for steps and parameter counts. */
    static final class Compact extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(compact(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(compact(number));
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }

        static String compact(double v) {
            double a = Math.abs(v);
            String[] suffix = {"", "k", "M", "G"};
            int i = 0;
            while (a >= 1000 && i < suffix.length - 1) {
                a /= 1000;
                v /= 1000;
                i++;
            }
            String s = Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(Locale.ROOT, "%.0f", v)
                    : Math.abs(v * 10 - Math.rint(v * 10)) < 1e-6 ? String.format(Locale.ROOT, "%.1f", v)
                    : String.format(Locale.ROOT, "%.2f", v);
            return s + suffix[i];
        }
    }
}
