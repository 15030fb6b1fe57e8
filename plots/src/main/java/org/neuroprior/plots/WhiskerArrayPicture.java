package org.neuroprior.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The array and the object at one moment, in three orthographic views laid out as an engineering drawing
 * (third-angle): the view from above sits over the view from the side the object passes (lateral), and the view
 * from in front (rostral) sits to its right, so each pair of neighbouring views shares an axis. One millimetre is
 * the same length in every view. Whiskers are coloured by row; their rest shape is drawn thin and grey beneath, so a
 * deflection shows as the gap between the two.
 */
final class WhiskerArrayPicture {
    static final Color[] ROW_COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)};
    private static final Color OBJECT_FILL = new Color(70, 110, 170, 60);
    private static final Color OBJECT_EDGE = new Color(40, 70, 120, 200);
    private static final Color PATH = new Color(0x444444);
    private static final Color REST = new Color(0xb0b0b0);
    private static final Color GRID = new Color(0xececec);
    private static final double[] STEPS = {1, 2, 5, 10, 20, 25, 50, 100};

    /**
     * An orthographic view: head axis {@code hAxis} runs to the right (reversed when {@code hSign} is -1) and
     * {@code vAxis} runs up (reversed when -1). Axes: 0 = x lateral, 1 = y rostral, 2 = z dorsal.
     */
    private record View(String title, int hAxis, int hSign, int vAxis, int vSign) {
        double h(double[] p) {
            return hSign * p[hAxis];
        }

        double v(double[] p) {
            return vSign * p[vAxis];
        }
    }

    private static final String[] AXIS_NAMES = {"x, lateral (mm)", "y, rostral (mm)", "z, dorsal (mm)"};
    // Seen from above with lateral towards the reader (down), rostral is to the right, as in the side view below it.
    private static final View TOP = new View("From above", 1, 1, 0, -1);
    private static final View SIDE = new View("From the side (lateral), as the object sees it", 1, 1, 2, 1);
    // Seen from rostral, lateral is to the left, next to the side view.
    private static final View FRONT = new View("From in front (rostral)", 0, -1, 2, 1);

    private static final int LEFT = 78, COLUMN_GAP = 96, RIGHT = 28, TITLE = 96, PANEL_TITLE = 26, ROW_GAP = 84, BOTTOM = 62;
    private static final int LEGEND_WIDTH = 330, LEGEND_HEIGHT = 280;
    private static final double MAX_WIDTH = 1600, MAX_HEIGHT = 1250, MAX_SCALE = 24;

    private final WhiskerScene scene;
    private final double[] lo = new double[3], hi = new double[3];
    private final double scale; // pixels per mm
    private final Rectangle2D top, side, front, legend;
    final int width, height;

    WhiskerArrayPicture(WhiskerScene scene) {
        this.scene = scene;
        bounds();
        double rx = hi[0] - lo[0], ry = hi[1] - lo[1], rz = hi[2] - lo[2];
        scale = Math.min(MAX_SCALE, Math.min((MAX_WIDTH - LEFT - COLUMN_GAP - RIGHT) / (ry + rx),
                (MAX_HEIGHT - TITLE - 2 * PANEL_TITLE - ROW_GAP - BOTTOM) / (rx + rz)));
        double topHeight = Math.max(rx * scale, LEGEND_HEIGHT);
        double y0 = TITLE + PANEL_TITLE;
        top = new Rectangle2D.Double(LEFT, y0, ry * scale, rx * scale);
        double y1 = y0 + topHeight + ROW_GAP + PANEL_TITLE;
        side = new Rectangle2D.Double(LEFT, y1, ry * scale, rz * scale);
        double x1 = LEFT + ry * scale + COLUMN_GAP;
        front = new Rectangle2D.Double(x1, y1, rx * scale, rz * scale);
        legend = new Rectangle2D.Double(x1, y0, Math.max(rx * scale, LEGEND_WIDTH), topHeight);
        width = (int) Math.ceil(Math.max(x1 + rx * scale, legend.getMaxX()) + RIGHT);
        height = (int) Math.ceil(y1 + rz * scale + BOTTOM);
    }

    /** Everything drawn, padded a little, rounded out to whole millimetres. */
    private void bounds() {
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        var points = new ArrayList<double[]>();
        for (var w : scene.whiskers()) {
            points.addAll(List.of(w.rest()));
            points.addAll(List.of(w.now()));
        }
        scene.objectParts().forEach(points::addAll);
        points.addAll(List.of(scene.pathStart(), scene.pathEnd(), scene.objectCentre()));
        for (double[] p : points) {
            for (int k = 0; k < 3; k++) {
                lo[k] = Math.min(lo[k], p[k]);
                hi[k] = Math.max(hi[k], p[k]);
            }
        }
        for (int k = 0; k < 3; k++) {
            lo[k] = Math.floor(lo[k] - 2);
            hi[k] = Math.ceil(hi[k] + 2);
        }
    }

    void draw(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Style.TEXT);
        g.setFont(Style.font(Font.BOLD, 18));
        g.drawString(scene.title(), LEFT - 50, 30);
        g.setFont(Style.font(Font.PLAIN, 13));
        g.setColor(Style.SUBTLE);
        int y = 50;
        for (String line : scene.subtitle().split("\n")) {
            g.drawString(line, LEFT - 50, y);
            y += 17;
        }
        g.drawString(String.format(Locale.ROOT, "Orthographic views of the head frame at t = %.3f s; 1 mm is the same length in every view.",
                scene.time()), LEFT - 50, y);
        view(g, TOP, top);
        view(g, SIDE, side);
        view(g, FRONT, front);
        legend(g);
    }

    private void view(Graphics2D g, View view, Rectangle2D area) {
        g.setColor(Style.TEXT);
        g.setFont(Style.font(Font.BOLD, 14));
        g.drawString(view.title(), (float) area.getX(), (float) area.getY() - 8);
        Shape clip = g.getClip();
        g.clip(area);
        grid(g, view, area);
        for (var part : scene.objectParts()) {
            var projected = part.stream().map(p -> new double[] {px(view, area, p), py(view, area, p)}).toArray(double[][]::new);
            Path2D hull = ConvexHull2D.path(projected);
            g.setColor(OBJECT_FILL);
            g.fill(hull);
            g.setColor(OBJECT_EDGE);
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(hull);
        }
        path(g, view, area);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(REST);
        for (var w : scene.whiskers()) g.draw(polyline(view, area, w.rest()));
        for (var w : scene.whiskers()) {
            g.setColor(ROW_COLOURS[w.row() - 1]);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(polyline(view, area, w.now()));
            double[] b = w.now()[0];
            g.fill(new Ellipse2D.Double(px(view, area, b) - 3, py(view, area, b) - 3, 6, 6));
        }
        g.setClip(clip);
        g.setColor(new Color(0x999999));
        g.setStroke(new BasicStroke(1f));
        g.draw(area);
        axes(g, view, area);
    }

    /** The centre's path as a dashed arrow, and a ring where the centre is now. */
    private void path(Graphics2D g, View view, Rectangle2D area) {
        double x0 = px(view, area, scene.pathStart()), y0 = py(view, area, scene.pathStart());
        double x1 = px(view, area, scene.pathEnd()), y1 = py(view, area, scene.pathEnd());
        g.setColor(PATH);
        double length = Math.hypot(x1 - x0, y1 - y0);
        if (length > 12) {
            g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f));
            g.draw(new Line2D.Double(x0, y0, x1, y1));
            double ux = (x1 - x0) / length, uy = (y1 - y0) / length;
            var head = new Path2D.Double();
            head.moveTo(x1, y1);
            head.lineTo(x1 - 14 * ux - 6 * uy, y1 - 14 * uy + 6 * ux);
            head.lineTo(x1 - 14 * ux + 6 * uy, y1 - 14 * uy - 6 * ux);
            head.closePath();
            g.fill(head);
        } else {
            // The path runs along the line of sight: draw it as "coming towards the reader" or "going away".
            double toward = depthTowardReader(view, scene.pathEnd()) - depthTowardReader(view, scene.pathStart());
            g.setStroke(new BasicStroke(1.6f));
            g.draw(new Ellipse2D.Double(x1 - 9, y1 - 9, 18, 18));
            if (toward > 0) {
                g.fill(new Ellipse2D.Double(x1 - 2.5, y1 - 2.5, 5, 5));
            } else {
                g.draw(new Line2D.Double(x1 - 6, y1 - 6, x1 + 6, y1 + 6));
                g.draw(new Line2D.Double(x1 - 6, y1 + 6, x1 + 6, y1 - 6));
            }
        }
        double cx = px(view, area, scene.objectCentre()), cy = py(view, area, scene.objectCentre());
        g.setStroke(new BasicStroke(1.6f));
        g.draw(new Line2D.Double(cx - 5, cy, cx + 5, cy));
        g.draw(new Line2D.Double(cx, cy - 5, cx, cy + 5));
    }

    /** Coordinate along the viewing direction, growing towards the reader (right-handed screen: right x up). */
    private static double depthTowardReader(View view, double[] p) {
        int depthAxis = 3 - view.hAxis - view.vAxis;
        double[] right = new double[3], up = new double[3];
        right[view.hAxis] = view.hSign;
        up[view.vAxis] = view.vSign;
        double[] out = {right[1] * up[2] - right[2] * up[1], right[2] * up[0] - right[0] * up[2], right[0] * up[1] - right[1] * up[0]};
        return out[depthAxis] * p[depthAxis];
    }

    private Path2D polyline(View view, Rectangle2D area, double[][] points) {
        var path = new Path2D.Double();
        path.moveTo(px(view, area, points[0]), py(view, area, points[0]));
        for (int i = 1; i < points.length; i++) path.lineTo(px(view, area, points[i]), py(view, area, points[i]));
        return path;
    }

    /** Screen x of a head-frame point: the panel's left edge is the smallest on-screen coordinate. */
    private double px(View view, Rectangle2D area, double[] p) {
        double min = view.hSign > 0 ? lo[view.hAxis] : -hi[view.hAxis];
        return area.getX() + (view.h(p) - min) * scale;
    }

    private double py(View view, Rectangle2D area, double[] p) {
        double max = view.vSign > 0 ? hi[view.vAxis] : -lo[view.vAxis];
        return area.getY() + (max - view.v(p)) * scale;
    }

    private double step() {
        double largest = Math.max(hi[0] - lo[0], Math.max(hi[1] - lo[1], hi[2] - lo[2]));
        for (double s : STEPS) if (largest / s <= 10) return s;
        return STEPS[STEPS.length - 1];
    }

    private void grid(Graphics2D g, View view, Rectangle2D area) {
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1f));
        double s = step();
        for (double t = Math.ceil(lo[view.hAxis] / s) * s; t <= hi[view.hAxis]; t += s) {
            double x = px(view, area, at(view.hAxis, t));
            g.draw(new Line2D.Double(x, area.getMinY(), x, area.getMaxY()));
        }
        for (double t = Math.ceil(lo[view.vAxis] / s) * s; t <= hi[view.vAxis]; t += s) {
            double y = py(view, area, at(view.vAxis, t));
            g.draw(new Line2D.Double(area.getMinX(), y, area.getMaxX(), y));
        }
    }

    /** Tick labels below and left of the panel, and the axis names. */
    private void axes(Graphics2D g, View view, Rectangle2D area) {
        double s = step();
        g.setFont(Style.font(Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Style.TEXT);
        for (double t = Math.ceil(lo[view.hAxis] / s) * s; t <= hi[view.hAxis]; t += s) {
            double x = px(view, area, at(view.hAxis, t));
            String label = tick(t);
            g.draw(new Line2D.Double(x, area.getMaxY(), x, area.getMaxY() + 4));
            g.drawString(label, (float) (x - fm.stringWidth(label) / 2.0), (float) area.getMaxY() + 17);
        }
        for (double t = Math.ceil(lo[view.vAxis] / s) * s; t <= hi[view.vAxis]; t += s) {
            double y = py(view, area, at(view.vAxis, t));
            String label = tick(t);
            g.draw(new Line2D.Double(area.getMinX() - 4, y, area.getMinX(), y));
            g.drawString(label, (float) (area.getMinX() - 7 - fm.stringWidth(label)), (float) (y + fm.getAscent() / 2.0 - 1));
        }
        g.setFont(Style.font(Font.PLAIN, 13));
        fm = g.getFontMetrics();
        String h = AXIS_NAMES[view.hAxis] + (view.hSign < 0 ? "  \u2190 increases to the left" : "");
        g.drawString(h, (float) (area.getCenterX() - fm.stringWidth(h) / 2.0), (float) area.getMaxY() + 36);
        String v = AXIS_NAMES[view.vAxis] + (view.vSign < 0 ? "  \u2193 increases downwards" : "");
        var saved = g.getTransform();
        g.translate(area.getMinX() - 44, area.getCenterY() + fm.stringWidth(v) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(v, 0, 0);
        g.setTransform(saved);
    }

    private static double[] at(int axis, double value) {
        double[] p = new double[3];
        p[axis] = value;
        return p;
    }

    private static String tick(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    private void legend(Graphics2D g) {
        double x = legend.getX() + 6, y = legend.getY() + 6;
        g.setFont(Style.font(Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        double line = fm.getHeight() + 6;
        for (int r = 0; r < 5; r++) {
            g.setColor(ROW_COLOURS[r]);
            g.setStroke(new BasicStroke(2.5f));
            g.draw(new Line2D.Double(x, y + line / 2, x + 30, y + line / 2));
            g.setColor(Style.TEXT);
            g.drawString("row " + (char) ('A' + r) + " (" + rowCount(r + 1) + " whiskers)", (float) x + 40, (float) (y + line / 2 + fm.getAscent() / 2.0 - 2));
            y += line;
        }
        g.setColor(REST);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(x, y + line / 2, x + 30, y + line / 2));
        g.setColor(Style.TEXT);
        g.drawString("rest shape (no contact)", (float) x + 40, (float) (y + line / 2 + fm.getAscent() / 2.0 - 2));
        y += line;
        g.fill(new Ellipse2D.Double(x + 12, y + line / 2 - 3, 6, 6));
        g.drawString("whisker base (sensed: force, moment)", (float) x + 40, (float) (y + line / 2 + fm.getAscent() / 2.0 - 2));
        y += line;
        g.setColor(OBJECT_FILL);
        g.fill(new Rectangle2D.Double(x, y + 3, 30, line - 6));
        g.setColor(OBJECT_EDGE);
        g.draw(new Rectangle2D.Double(x, y + 3, 30, line - 6));
        g.setColor(Style.TEXT);
        g.drawString("object (outline of each part)", (float) x + 40, (float) (y + line / 2 + fm.getAscent() / 2.0 - 2));
        y += line;
        g.setColor(PATH);
        g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f));
        g.draw(new Line2D.Double(x, y + line / 2, x + 30, y + line / 2));
        g.setColor(Style.TEXT);
        g.drawString("path of its centre, start to end (+ = now)", (float) x + 40, (float) (y + line / 2 + fm.getAscent() / 2.0 - 2));
        y += line;
        g.setColor(Style.SUBTLE);
        g.drawString("\u2299 / \u2297: path along the line of sight, towards / away", (float) x, (float) (y + line / 2 + fm.getAscent() / 2.0 - 2));
        g.drawString("from the reader", (float) x + 18, (float) (y + line + line / 2 + fm.getAscent() / 2.0 - 2));
    }

    private long rowCount(int row) {
        return scene.whiskers().stream().filter(w -> w.row() == row).count();
    }
}
