package org.neuroprior.envs.whisker;

import java.util.ArrayList;
import java.util.List;

import org.neuroprior.envs.whisker.objects.ObjectShape;
import org.neuroprior.envs.whisker.objects.Vec3;

/**
 * Where the object starts and how it moves, and which whiskers it can reach.
 *
 * <p>The object moves in a plane facing the array (x = constant): its nearest face is {@code distance} beyond the
 * most lateral whisker base. It starts just clear of every whisker it could touch, and moves along the
 * direction (0 rostral, 90 dorsal, ...) through the centre of the whisker field, offset by {@code height}
 * perpendicular to the motion. A whisker whose rest shape does not meet the volume the object sweeps can never
 * be touched (whiskers only touch the object), so it feels exactly nothing: the sweep leaves it out of the
 * simulation and reports zeros for it.
 */
public record SweepPath(double[] start, double[] velocity, List<Boolean> reachable, double[] objectMin, double[] objectMax) {
    /** Gap (mm) between the object and the nearest whisker it could touch at the start. */
    static final double START_CLEARANCE = 0.5;
    /** Margin (mm) added around the swept volume when deciding which whiskers it can reach. */
    static final double REACH_MARGIN = 0.5;

    public static SweepPath of(List<WhiskerChain> whiskers, double collisionRadius, ObjectShape shape,
                               SweepParameters p, double duration) {
        double[] lo = shape.boundsMin(), hi = shape.boundsMax();
        double maxBaseX = whiskers.stream().mapToDouble(c -> c.whisker().baseX()).max().orElse(0);
        double[][] points = restPoints(whiskers); // every link end of every whisker, head frame
        double dir = Math.toRadians(p.direction());
        Vec3 u = new Vec3(0, Math.cos(dir), Math.sin(dir));
        Vec3 w = new Vec3(0, -Math.sin(dir), Math.cos(dir));

        // Lateral placement, then the centre of the whisker field (in y, z) that the path crosses.
        double cx = maxBaseX + p.distance() - lo[0];
        double objMinX = cx + lo[0];
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        double minZ = Double.POSITIVE_INFINITY, maxZ = Double.NEGATIVE_INFINITY;
        for (double[] q : points) {
            minY = Math.min(minY, q[1]);
            maxY = Math.max(maxY, q[1]);
            minZ = Math.min(minZ, q[2]);
            maxZ = Math.max(maxZ, q[2]);
        }
        Vec3 centre = new Vec3(cx, (minY + maxY) / 2, (minZ + maxZ) / 2);
        Vec3 through = centre.plus(w.times(p.height()));

        // Start: the object's leading extent along u just behind every whisker point it could meet laterally.
        double objLead = Double.NEGATIVE_INFINITY;
        for (double[] corner : corners(lo, hi)) objLead = Math.max(objLead, Vec3.of(corner).dot(u));
        double fieldTrail = Double.POSITIVE_INFINITY;
        for (double[] q : points) {
            if (q[0] + collisionRadius >= objMinX) fieldTrail = Math.min(fieldTrail, Vec3.of(q).minus(through).dot(u));
        }
        if (fieldTrail == Double.POSITIVE_INFINITY) fieldTrail = 0; // nothing reaches the object's plane
        double s0 = fieldTrail - collisionRadius - START_CLEARANCE - objLead;
        double[] start = through.plus(u.times(s0)).toArray();
        double[] velocity = u.times(p.speed()).toArray();
        double[] end = Vec3.of(start).plus(Vec3.of(velocity).times(duration)).toArray();

        // Swept box: union of the object's box at the start and the end (exact for the four axis directions,
        // conservative otherwise), grown by the margin and the whiskers' collision radius.
        double grow = REACH_MARGIN + collisionRadius;
        double[] sweptLo = new double[3], sweptHi = new double[3];
        for (int k = 0; k < 3; k++) {
            sweptLo[k] = Math.min(start[k], end[k]) + lo[k] - grow;
            sweptHi[k] = Math.max(start[k], end[k]) + hi[k] + grow;
        }
        var reachable = new ArrayList<Boolean>();
        for (var chain : whiskers) reachable.add(meets(chain, sweptLo, sweptHi));
        return new SweepPath(start, velocity, List.copyOf(reachable), lo.clone(), hi.clone());
    }

    /**
     * The times [t0, t1] within [0, duration] at which the object's bounding box, grown by {@code grow} mm, meets the
     * bounding box of a whisker's rest shape (its link ends), or null if it never does: outside them the object is more
     * than {@code grow} away from every link's axis.
     */
    public double[] boxWindow(WhiskerChain chain, double grow, double duration) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i <= chain.links(); i++) {
            double[] q = restPoint(chain, i);
            for (int k = 0; k < 3; k++) {
                lo[k] = Math.min(lo[k], q[k]);
                hi[k] = Math.max(hi[k], q[k]);
            }
        }
        double t0 = 0, t1 = duration;
        for (int k = 0; k < 3; k++) {
            // The object's extent along k at time t: start + v t + [objectMin - grow, objectMax + grow].
            double a = start[k] + objectMin[k] - grow, b = start[k] + objectMax[k] + grow, v = velocity[k];
            if (v == 0) {
                if (a > hi[k] || b < lo[k]) return null;
                continue;
            }
            // a + v t <= hi and b + v t >= lo
            double enter = v > 0 ? (lo[k] - b) / v : (hi[k] - a) / v;
            double leave = v > 0 ? (hi[k] - a) / v : (lo[k] - b) / v;
            t0 = Math.max(t0, enter);
            t1 = Math.min(t1, leave);
        }
        return t0 <= t1 ? new double[] {t0, t1} : null;
    }

    /** The object's bounding box in its body frame (mm), as given. */
    @Override
    public double[] objectMin() {
        return objectMin.clone();
    }

    @Override
    public double[] objectMax() {
        return objectMax.clone();
    }

    /** Object position at time t. */
    public double[] positionAt(double t) {
        return Vec3.of(start).plus(Vec3.of(velocity).times(t)).toArray();
    }

    /** Rest positions of every link end of every whisker, in the head frame. */
    static double[][] restPoints(List<WhiskerChain> whiskers) {
        var points = new ArrayList<double[]>();
        for (var chain : whiskers) {
            for (int i = 0; i <= chain.links(); i++) points.add(restPoint(chain, i));
        }
        return points.toArray(double[][]::new);
    }

    static double[] restPoint(WhiskerChain chain, int i) {
        var w = chain.whisker();
        return w.base().plus(w.baseFrame().apply(Vec3.of(chain.point(i)))).toArray();
    }

    /** Whether any link segment's bounding box meets the box [lo, hi]. */
    private static boolean meets(WhiskerChain chain, double[] lo, double[] hi) {
        for (int i = 0; i < chain.links(); i++) {
            double[] a = restPoint(chain, i), b = restPoint(chain, i + 1);
            boolean overlap = true;
            for (int k = 0; k < 3 && overlap; k++) {
                overlap = Math.max(a[k], b[k]) >= lo[k] && Math.min(a[k], b[k]) <= hi[k];
            }
            if (overlap && segmentMeetsBox(a, b, lo, hi)) return true;
        }
        return false;
    }

    /** Slab test: does segment ab meet the box? */
    private static boolean segmentMeetsBox(double[] a, double[] b, double[] lo, double[] hi) {
        double t0 = 0, t1 = 1;
        for (int k = 0; k < 3; k++) {
            double d = b[k] - a[k];
            if (Math.abs(d) < 1e-12) {
                if (a[k] < lo[k] || a[k] > hi[k]) return false;
            } else {
                double ta = (lo[k] - a[k]) / d, tb = (hi[k] - a[k]) / d;
                t0 = Math.max(t0, Math.min(ta, tb));
                t1 = Math.min(t1, Math.max(ta, tb));
                if (t0 > t1) return false;
            }
        }
        return true;
    }

    private static List<double[]> corners(double[] lo, double[] hi) {
        var list = new ArrayList<double[]>(8);
        for (int m = 0; m < 8; m++) {
            list.add(new double[] {(m & 1) == 0 ? lo[0] : hi[0], (m & 2) == 0 ? lo[1] : hi[1], (m & 4) == 0 ? lo[2] : hi[2]});
        }
        return list;
    }
}
