package org.neuroprior.plots;

import java.awt.geom.Path2D;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The convex hull of points in a plane (Andrew's monotone chain). An orthographic view of a convex solid is the hull
 * of its projected surface points, so a convex object part is drawn exactly from enough of its points.
 */
final class ConvexHull2D {
    private ConvexHull2D() {}

    /** Hull vertices counter-clockwise (in a y-up frame), no point repeated; fewer than 3 when the points are collinear. */
    static double[][] of(double[][] points) {
        double[][] p = points.clone();
        Arrays.sort(p, Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> a[1]));
        int n = p.length;
        if (n < 3) return p;
        double[][] hull = new double[2 * n][];
        int k = 0;
        for (int i = 0; i < n; i++) { // lower chain
            while (k >= 2 && cross(hull[k - 2], hull[k - 1], p[i]) <= 0) k--;
            hull[k++] = p[i];
        }
        for (int i = n - 2, lower = k + 1; i >= 0; i--) { // upper chain
            while (k >= lower && cross(hull[k - 2], hull[k - 1], p[i]) <= 0) k--;
            hull[k++] = p[i];
        }
        return Arrays.copyOf(hull, k - 1); // the last point repeats the first
    }

    /** The hull as a closed path. */
    static Path2D.Double path(double[][] points) {
        double[][] hull = of(points);
        var path = new Path2D.Double();
        for (int i = 0; i < hull.length; i++) {
            if (i == 0) path.moveTo(hull[i][0], hull[i][1]);
            else path.lineTo(hull[i][0], hull[i][1]);
        }
        path.closePath();
        return path;
    }

    /** > 0 when o -> a -> b turns counter-clockwise. */
    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
}
