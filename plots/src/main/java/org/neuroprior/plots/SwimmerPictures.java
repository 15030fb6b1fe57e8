package org.neuroprior.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

import org.neuroprior.common.AtomicFiles;

/**
 * Pictures of one played swimmer episode ({@code trajectory.csv}), seen from above.
 *
 * <ul>
 *   <li>{@value #STRIP}: the whole path with eight poses overlaid (lighter = earlier), and below it the same eight
 *       moments side by side, each centred on the swimmer, with time stamps and a scale bar in metres;</li>
 *   <li>{@value #GIF}: the whole episode as a looping animated GIF (every k-th step, 25 frames per second, at most
 *       about 300 frames), the view following the swimmer over a grid fixed in the world.</li>
 * </ul>
 * The body is drawn as a chain of capsules through the body frames (0.1 m apart) plus the last link's tail; the
 * head is an ellipse with a red nose pointing away from body 1.
 */
public final class SwimmerPictures {

    public static final String STRIP = "swimmer_strip.png";
    public static final String GIF = "swimmer.gif";

    static final int GIF_WIDTH = 560;
    static final int GIF_HEIGHT = 420;
    static final int GIF_FPS = 25;
    static final int GIF_MAX_FRAMES = 300;
    static final int SNAPSHOTS = 8;

    private static final Color BODY = new Color(0x1f77b4);
    private static final Color HEAD = new Color(0x0b3c66);
    private static final Color NOSE = new Color(0xd62728);
    private static final Color TARGET = new Color(0xd62728);
    private static final Color TRAIL = new Color(0x9a9a9a);
    private static final Color GRID = new Color(0xe3e3e3);
    private static final Color TEXT = new Color(0x222222);
    private static final Color EARLY = new Color(0xb3d4ec);
    private static final Color LATE = new Color(0x08306b);
    private static final double BODY_RADIUS = 0.011;

    private SwimmerPictures() {}

    /** {@link #write(Path, Path, double)} labelling frames by step (or by the {@code time} column when present). */
    public static List<Path> write(Path trajectoryCsv, Path outDir) {
        return write(trajectoryCsv, outDir, Double.NaN);
    }

    /**
     * Writes {@value #STRIP} and {@value #GIF} into {@code outDir} (created if needed).
     *
     * @param controlTimestep seconds per step, used for time stamps ("t = 1.50 s"); NaN to label by step, unless
     *     the file has a {@code time} column
     * @return the two files written
     * @throws IllegalArgumentException naming the file when it is missing, empty, lacks {@code step,x0,y0,x1,y1}
     *     or holds a non-numeric position
     */
    public static List<Path> write(Path trajectoryCsv, Path outDir, double controlTimestep) {
        return write(trajectoryCsv, outDir, controlTimestep, null);
    }

    /**
     * {@link #write(Path, Path, double)} with the pictures' titles naming {@code source} (e.g. the run, {@code
     * ncap-ppo/seed1}) instead of the trajectory file's two enclosing folders.
     *
     * @param source what the episode comes from; null for the file's folders
     */
    public static List<Path> write(Path trajectoryCsv, Path outDir, double controlTimestep, String source) {
        Trajectory t = Trajectory.read(trajectoryCsv);
        String label = source != null ? source : source(t);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create output directory " + outDir, e);
        }
        Path strip = outDir.resolve(STRIP);
        Path gif = outDir.resolve(GIF);
        writeStrip(t, strip, controlTimestep, label);
        writeGif(t, gif, controlTimestep, label);
        return List.of(strip, gif);
    }

    // ----------------------------------------------------------------------------------------------- geometry

    /** World-to-pixel mapping: world (cx, cy) lands on pixel (px, py); y points up in the world. */
    private record View(double cx, double cy, double scale, double px, double py) {
        double x(double wx) {
            return px + (wx - cx) * scale;
        }

        double y(double wy) {
            return py - (wy - cy) * scale;
        }

        double wx(double pixel) {
            return cx + (pixel - px) / scale;
        }

        double wy(double pixel) {
            return cy - (pixel - py) / scale;
        }
    }

    private static String timeLabel(Trajectory t, int r, double dt) {
        if (Double.isFinite(t.time[r])) {
            return String.format(Locale.ROOT, "t = %.2f s", t.time[r]);
        }
        if (Double.isFinite(dt)) {
            return String.format(Locale.ROOT, "t = %.2f s", t.step[r] * dt);
        }
        return "step " + Math.round(t.step[r]);
    }

    private static double nice(double target, double[] candidates) {
        double best = candidates[0];
        for (double c : candidates) {
            if (c <= target) {
                best = c;
            }
        }
        return best;
    }

    private static final double[] NICE = {0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100};

    private static Color ramp(double f) {
        return new Color((int) Math.round(EARLY.getRed() + (LATE.getRed() - EARLY.getRed()) * f),
                (int) Math.round(EARLY.getGreen() + (LATE.getGreen() - EARLY.getGreen()) * f),
                (int) Math.round(EARLY.getBlue() + (LATE.getBlue() - EARLY.getBlue()) * f));
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    private static void grid(Graphics2D g, View v, Rectangle2D area, double spacing, Color colour) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(1f));
        double x0 = Math.floor(v.wx(area.getMinX()) / spacing) * spacing;
        for (double wx = x0; v.x(wx) <= area.getMaxX(); wx += spacing) {
            g.draw(new Line2D.Double(v.x(wx), area.getMinY(), v.x(wx), area.getMaxY()));
        }
        double y0 = Math.floor(v.wy(area.getMaxY()) / spacing) * spacing;
        for (double wy = y0; v.y(wy) >= area.getMinY(); wy += spacing) {
            g.draw(new Line2D.Double(area.getMinX(), v.y(wy), area.getMaxX(), v.y(wy)));
        }
    }

    /**
     * A swimmer's length in the pictures' words: "6 links", the README's and dm_control's term ({@code n_links}; the
     * environment option is {@code bodies}).
     *
     * @param n the number of links, at least 1
     */
    static String links(int n) {
        return n + (n == 1 ? " link" : " links");
    }

    /** The swimmer at row r: capsules through the body frames plus the tail, the head with its nose. */
    private static void swimmer(Graphics2D g, Trajectory t, int r, View v, Color body, Color head) {
        float width = (float) Math.max(2.5, 2 * BODY_RADIUS * v.scale());
        Path2D.Double chain = new Path2D.Double();
        chain.moveTo(v.x(t.x[r][0]), v.y(t.y[r][0]));
        for (int i = 1; i < t.bodies; i++) {
            chain.lineTo(v.x(t.x[r][i]), v.y(t.y[r][i]));
        }
        double[] tail = t.tail(r);
        chain.lineTo(v.x(tail[0]), v.y(tail[1]));
        g.setColor(body);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(chain);
        // joints
        double jr = Math.max(1.2, width * 0.22);
        g.setColor(head);
        for (int i = 1; i < t.bodies; i++) {
            g.fill(new Ellipse2D.Double(v.x(t.x[r][i]) - jr, v.y(t.y[r][i]) - jr, 2 * jr, 2 * jr));
        }
        // head: ellipse along the direction from body 1 to the head, nose in front
        double ux = t.x[r][0] - t.x[r][1];
        double uy = t.y[r][0] - t.y[r][1];
        double len = Math.hypot(ux, uy);
        if (len < 1e-12) {
            ux = 1;
            uy = 0;
        } else {
            ux /= len;
            uy /= len;
        }
        double hx = t.x[r][0] + 0.022 * ux;
        double hy = t.y[r][0] + 0.022 * uy;
        double a = Math.max(4, 0.04 * v.scale());
        double b = Math.max(2.8, 0.022 * v.scale());
        Shape ellipse = new Ellipse2D.Double(-a, -b, 2 * a, 2 * b);
        AffineTransform at = new AffineTransform();
        at.translate(v.x(hx), v.y(hy));
        at.rotate(Math.atan2(-uy, ux));
        g.setColor(head);
        g.fill(at.createTransformedShape(ellipse));
        double nr = Math.max(1.8, 0.008 * v.scale());
        double nx = v.x(t.x[r][0] + 0.062 * ux);
        double ny = v.y(t.y[r][0] + 0.062 * uy);
        g.setColor(NOSE);
        g.fill(new Ellipse2D.Double(nx - nr, ny - nr, 2 * nr, 2 * nr));
    }

    private static void target(Graphics2D g, View v, double tx, double ty, boolean label) {
        double px = v.x(tx);
        double py = v.y(ty);
        double rr = Math.max(6, 0.03 * v.scale());
        g.setColor(TARGET);
        g.setStroke(new BasicStroke(2f));
        g.draw(new Ellipse2D.Double(px - rr, py - rr, 2 * rr, 2 * rr));
        g.draw(new Line2D.Double(px - rr * 1.5, py, px + rr * 1.5, py));
        g.draw(new Line2D.Double(px, py - rr * 1.5, px, py + rr * 1.5));
        if (label) {
            g.setFont(Style.font(Font.PLAIN, 13));
            haloText(g, "target", (float) (px + rr * 1.6), (float) (py - rr * 0.6), TARGET);
        }
    }

    private static void haloText(Graphics2D g, String s, float x, float y, Color colour) {
        FontMetrics fm = g.getFontMetrics();
        g.setColor(new Color(255, 255, 255, 200));
        g.fill(new Rectangle2D.Double(x - 2, y - fm.getAscent(), fm.stringWidth(s) + 4, fm.getAscent() + fm.getDescent()));
        g.setColor(colour);
        g.drawString(s, x, y);
    }

    /** A scale bar of a nice length, about a fifth of {@code widthPx}, its left end at (x, y). */
    private static void scaleBar(Graphics2D g, View v, double x, double y, double widthPx) {
        double metres = nice(widthPx * 0.2 / v.scale(), NICE);
        double len = metres * v.scale();
        String text = (metres < 1 ? String.format(Locale.ROOT, "%.2f", metres).replaceAll("0+$", "")
                : String.format(Locale.ROOT, "%.0f", metres)) + " m";
        g.setFont(Style.font(Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(new Color(255, 255, 255, 210));
        g.fill(new Rectangle2D.Double(x - 5, y - fm.getAscent() - 8, Math.max(len, fm.stringWidth(text)) + 10,
                fm.getAscent() + 16));
        g.setColor(TEXT);
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        g.draw(new Line2D.Double(x, y, x + len, y));
        g.setStroke(new BasicStroke(1.5f));
        g.draw(new Line2D.Double(x, y - 4, x, y + 4));
        g.draw(new Line2D.Double(x + len, y - 4, x + len, y + 4));
        g.drawString(text, (float) (x + (len - fm.stringWidth(text)) / 2), (float) (y - 6));
    }

    /** Distinct target positions over the episode (at most 20). */
    private static List<double[]> targets(Trajectory t) {
        List<double[]> out = new ArrayList<>();
        for (int r = 0; r < t.length() && out.size() < 20; r++) {
            if (!t.hasTarget(r)) {
                continue;
            }
            double[] p = {t.targetX[r], t.targetY[r]};
            if (out.isEmpty() || Math.hypot(out.get(out.size() - 1)[0] - p[0], out.get(out.size() - 1)[1] - p[1]) > 1e-6) {
                out.add(p);
            }
        }
        return out;
    }

    private static String source(Trajectory t) {
        Path dir = t.file.toAbsolutePath().normalize().getParent();
        if (dir == null || dir.getFileName() == null) {
            return t.file.toString();
        }
        Path parent = dir.getParent();
        return (parent != null && parent.getFileName() != null ? parent.getFileName() + "/" : "") + dir.getFileName();
    }

    // ----------------------------------------------------------------------------------------------- strip

    private static void writeStrip(Trajectory t, Path file, double dt, String source) {
        int k = Math.min(SNAPSHOTS, t.length());
        int[] rows = new int[k];
        for (int i = 0; i < k; i++) {
            rows[i] = k == 1 ? 0 : (int) Math.round(i * (t.length() - 1) / (double) (k - 1));
        }
        int panel = 180;
        int gap = 12;
        int margin = 20;
        int width = 2 * margin + k * panel + (k - 1) * gap;
        width = Math.max(width, 900);
        int titleH = 62;
        int overviewH = 360;
        int labelH = 30;
        int footH = 34;
        int height = titleH + overviewH + 18 + labelH + panel + footH;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);

        // title
        double[] ret = t.cumulativeReward();
        g.setColor(TEXT);
        g.setFont(Style.font(Font.BOLD, 18));
        String title = "Swimmer episode (" + source + "): " + links(t.bodies) + ", " + (t.length() - 1) + " steps" // row 0 is the pose at reset
                + (t.hasReward() ? ", return " + Style.score(ret[ret.length - 1]) : "");
        g.drawString(title, margin, 28);
        g.setFont(Style.font(Font.PLAIN, 13));
        g.setColor(Style.SUBTLE);
        g.drawString("Top view. Above: the whole path, " + k + " poses overlaid (light = early, dark = late), grey line = head "
                + "path. Below: the same moments, each centred on the swimmer; the grid is fixed in the world.", margin, 50);

        // overview
        Rectangle2D over = new Rectangle2D.Double(margin, titleH, width - 2 * margin, overviewH);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < t.length(); r++) {
            double[] tail = t.tail(r);
            for (int i = 0; i <= t.bodies; i++) {
                double px = i < t.bodies ? t.x[r][i] : tail[0];
                double py = i < t.bodies ? t.y[r][i] : tail[1];
                minX = Math.min(minX, px);
                maxX = Math.max(maxX, px);
                minY = Math.min(minY, py);
                maxY = Math.max(maxY, py);
            }
        }
        List<double[]> targets = targets(t);
        for (double[] p : targets) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double spanX = Math.max(maxX - minX, 0.2);
        double spanY = Math.max(maxY - minY, 0.2);
        double scale = Math.min(over.getWidth() / (spanX * 1.12), over.getHeight() / (spanY * 1.2));
        View ov = new View((minX + maxX) / 2, (minY + maxY) / 2, scale, over.getCenterX(), over.getCenterY());
        Shape oldClip = g.getClip();
        g.setClip(over);
        grid(g, ov, over, nice(over.getWidth() / scale / 12, NICE), GRID);
        Path2D.Double headPath = new Path2D.Double();
        headPath.moveTo(ov.x(t.x[0][0]), ov.y(t.y[0][0]));
        for (int r = 1; r < t.length(); r++) {
            headPath.lineTo(ov.x(t.x[r][0]), ov.y(t.y[r][0]));
        }
        g.setColor(TRAIL);
        g.setStroke(new BasicStroke(1.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(headPath);
        for (double[] p : targets) {
            target(g, ov, p[0], p[1], true);
        }
        for (int i = 0; i < k; i++) {
            double f = k == 1 ? 1 : i / (double) (k - 1);
            swimmer(g, t, rows[i], ov, ramp(f), ramp(Math.min(1, f + 0.25)).darker());
        }
        g.setFont(Style.font(Font.BOLD, 13));
        for (int i = 0; i < k; i++) {
            double f = k == 1 ? 1 : i / (double) (k - 1);
            int r = rows[i];
            double ux = t.x[r][0] - t.x[r][1];
            double uy = t.y[r][0] - t.y[r][1];
            double len = Math.max(1e-12, Math.hypot(ux, uy));
            double lx = ov.x(t.x[r][0] + 0.11 * ux / len);
            double ly = ov.y(t.y[r][0] + 0.11 * uy / len);
            String s = Integer.toString(i + 1);
            FontMetrics fm = g.getFontMetrics();
            haloText(g, s, (float) (lx - fm.stringWidth(s) / 2.0), (float) (ly + fm.getAscent() / 2.0 - 1),
                    ramp(Math.max(f, 0.45)).darker());
        }
        scaleBar(g, ov, over.getMinX() + 16, over.getMaxY() - 14, over.getWidth() * 0.6);
        g.setClip(oldClip);
        g.setColor(new Color(0xbbbbbb));
        g.setStroke(new BasicStroke(1f));
        g.draw(over);

        // panels
        double extent = 0.3;
        for (int r : rows) {
            double[] tail = t.tail(r);
            double lx = tail[0];
            double hx = tail[0];
            double ly = tail[1];
            double hy = tail[1];
            for (int i = 0; i < t.bodies; i++) {
                lx = Math.min(lx, t.x[r][i]);
                hx = Math.max(hx, t.x[r][i]);
                ly = Math.min(ly, t.y[r][i]);
                hy = Math.max(hy, t.y[r][i]);
            }
            extent = Math.max(extent, Math.max(hx - lx, hy - ly) * 1.3);
        }
        double panelScale = panel / extent;
        double spacing = nice(extent / 5, NICE);
        int top = titleH + overviewH + 18 + labelH;
        int x0 = (width - (k * panel + (k - 1) * gap)) / 2;
        for (int i = 0; i < k; i++) {
            int r = rows[i];
            double f = k == 1 ? 1 : i / (double) (k - 1);
            Color c = ramp(Math.max(f, 0.45));
            Rectangle2D box = new Rectangle2D.Double(x0 + i * (panel + gap), top, panel, panel);
            double[] centre = t.centroid(r);
            View pv = new View(centre[0], centre[1], panelScale, box.getCenterX(), box.getCenterY());
            g.setClip(box);
            grid(g, pv, box, spacing, GRID);
            Path2D.Double trail = new Path2D.Double();
            trail.moveTo(pv.x(t.x[0][0]), pv.y(t.y[0][0]));
            for (int q = 1; q <= r; q++) {
                trail.lineTo(pv.x(t.x[q][0]), pv.y(t.y[q][0]));
            }
            g.setColor(TRAIL);
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(trail);
            if (t.hasTarget(r)) {
                target(g, pv, t.targetX[r], t.targetY[r], false);
            }
            swimmer(g, t, r, pv, BODY, HEAD);
            if (i == 0) {
                scaleBar(g, pv, box.getMinX() + 10, box.getMaxY() - 10, panel);
            }
            g.setClip(oldClip);
            g.setColor(c);
            g.setStroke(new BasicStroke(2.5f));
            g.draw(box);
            g.setFont(Style.font(Font.BOLD, 14));
            g.setColor(c.darker());
            String num = (i + 1) + "  ";
            g.drawString(num, (float) box.getMinX(), (float) box.getMinY() - 9);
            int nw = g.getFontMetrics().stringWidth(num);
            g.setFont(Style.font(Font.PLAIN, 14));
            g.setColor(TEXT);
            g.drawString(timeLabel(t, r, dt), (float) box.getMinX() + nw, (float) box.getMinY() - 9);
        }
        g.setFont(Style.font(Font.PLAIN, 12));
        g.setColor(Style.SUBTLE);
        g.drawString("Body: capsules between body frames 0.1 m apart; dark ellipse = head, red dot = nose; "
                + "grid spacing " + trimMetres(spacing) + " m in the panels. Numbers match the overlaid poses above.",
                x0, top + panel + 22);
        g.dispose();
        AtomicFiles.writeUnchecked(file, tmp -> ImageIO.write(img, "png", tmp.toFile()));
    }

    private static String trimMetres(double m) {
        String s = String.format(Locale.ROOT, "%.2f", m);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    // ----------------------------------------------------------------------------------------------- GIF

    /** Every k-th step so that the GIF has at most {@link #GIF_MAX_FRAMES} frames. */
    static int gifStride(int steps) {
        return Math.max(1, (int) Math.ceil(steps / (double) GIF_MAX_FRAMES));
    }

    private static void writeGif(Trajectory t, Path file, double dt, String source) {
        int stride = gifStride(t.length());
        double bodyLength = (t.bodies) * Trajectory.LINK;
        double viewWidth = Math.max(1.0, 2.4 * bodyLength);
        double scale = GIF_WIDTH / viewWidth;
        double spacing = nice(viewWidth / 8, NICE);
        // camera: centroid smoothed over about a second of steps, so the undulation does not shake the view
        int n = t.length();
        double[][] centroid = new double[n][];
        for (int r = 0; r < n; r++) {
            centroid[r] = t.centroid(r);
        }
        int half = 20;
        double[] cx = new double[n];
        double[] cy = new double[n];
        for (int r = 0; r < n; r++) {
            int a = Math.max(0, r - half);
            int b = Math.min(n - 1, r + half);
            for (int q = a; q <= b; q++) {
                cx[r] += centroid[q][0];
                cy[r] += centroid[q][1];
            }
            cx[r] /= (b - a + 1);
            cy[r] /= (b - a + 1);
        }
        double[] ret = t.cumulativeReward();
        boolean reward = t.hasReward();
        Rectangle2D area = new Rectangle2D.Double(0, 0, GIF_WIDTH, GIF_HEIGHT);
        try (GifWriter gif = new GifWriter(file, Math.round(100f / GIF_FPS),
                List.of(TEXT, GRID, TRAIL, BODY, HEAD, NOSE))) {
            List<Integer> frames = new ArrayList<>();
            for (int r = 0; r < n; r += stride) {
                frames.add(r);
            }
            if (frames.get(frames.size() - 1) != n - 1) {
                frames.add(n - 1);
            }
            for (int r : frames) {
                BufferedImage img = new BufferedImage(GIF_WIDTH, GIF_HEIGHT, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = graphics(img);
                View v = new View(cx[r], cy[r], scale, GIF_WIDTH / 2.0, GIF_HEIGHT / 2.0 + 10);
                grid(g, v, area, spacing, GRID);
                Path2D.Double trail = new Path2D.Double();
                int from = Math.max(0, r - 200);
                trail.moveTo(v.x(t.x[from][0]), v.y(t.y[from][0]));
                for (int q = from + 1; q <= r; q++) {
                    trail.lineTo(v.x(t.x[q][0]), v.y(t.y[q][0]));
                }
                g.setColor(TRAIL);
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(trail);
                if (t.hasTarget(r)) {
                    double px = v.x(t.targetX[r]);
                    double py = v.y(t.targetY[r]);
                    if (area.contains(px, py)) {
                        target(g, v, t.targetX[r], t.targetY[r], true);
                    } else {
                        edgeArrow(g, px, py);
                    }
                }
                swimmer(g, t, r, v, BODY, HEAD);
                g.setFont(Style.font(Font.BOLD, 15));
                haloText(g, timeLabel(t, r, dt) + (Double.isFinite(t.time[r]) || Double.isFinite(dt) ? ""
                        : " / " + Math.round(t.step[n - 1])), 12, 24, TEXT);
                g.setFont(Style.font(Font.PLAIN, 13));
                if (reward) {
                    String s = "return so far " + Style.score(ret[r]);
                    haloText(g, s, GIF_WIDTH - 12 - g.getFontMetrics().stringWidth(s), 24, TEXT);
                }
                haloText(g, "swimmer, " + links(t.bodies) + " \u2014 " + source, 12, 44, Style.SUBTLE);
                scaleBar(g, v, 16, GIF_HEIGHT - 16, GIF_WIDTH);
                g.dispose();
                gif.add(img);
            }
            gif.finish();
        }
    }

    /** An arrow at the edge of the frame pointing towards an off-screen target at pixel (px, py). */
    private static void edgeArrow(Graphics2D g, double px, double py) {
        double cx = GIF_WIDTH / 2.0;
        double cy = GIF_HEIGHT / 2.0;
        double dx = px - cx;
        double dy = py - cy;
        double s = Math.min((GIF_WIDTH / 2.0 - 26) / Math.max(1e-9, Math.abs(dx)),
                (GIF_HEIGHT / 2.0 - 26) / Math.max(1e-9, Math.abs(dy)));
        double ax = cx + dx * s;
        double ay = cy + dy * s;
        double ang = Math.atan2(dy, dx);
        Path2D.Double head = new Path2D.Double();
        head.moveTo(ax + 12 * Math.cos(ang), ay + 12 * Math.sin(ang));
        head.lineTo(ax + 9 * Math.cos(ang + 2.5), ay + 9 * Math.sin(ang + 2.5));
        head.lineTo(ax + 9 * Math.cos(ang - 2.5), ay + 9 * Math.sin(ang - 2.5));
        head.closePath();
        g.setColor(TARGET);
        g.fill(head);
        g.setFont(Style.font(Font.PLAIN, 12));
        String label = "target";
        FontMetrics fm = g.getFontMetrics();
        double back = 10 + Math.abs(Math.cos(ang)) * fm.stringWidth(label) / 2.0
                + Math.abs(Math.sin(ang)) * fm.getAscent() / 2.0 + 4;
        double tx = ax - back * Math.cos(ang) - fm.stringWidth(label) / 2.0;
        double ty = ay - back * Math.sin(ang) + fm.getAscent() / 2.0 - 1;
        haloText(g, label, (float) tx, (float) ty, TARGET);
    }
}
