package org.neuroprior.plots;

import java.util.List;

/**
 * One moment of a whisker sweep as plain geometry, in the head frame (millimetres; x lateral, y rostral, z dorsal):
 * what {@link WhiskerPictures} draws as the array picture. The caller (who owns the simulator) fills it; this module
 * knows nothing of how it was simulated.
 *
 * @param title         first line above the picture, e.g. the object class and sweep parameters
 * @param subtitle      lines under the title, separated by \n (may be empty); the heat maps repeat the first
 * @param time          seconds since the sweep started, at which {@code whiskers} and {@code objectParts} hold
 * @param whiskers      every whisker of the array
 * @param objectParts   the object at {@code time}: each part a set of points on its surface (its convex hull is
 *                      drawn, so a convex part needs only enough points to outline it in every view)
 * @param pathStart     where the object's centre is at the start of the sweep
 * @param pathEnd       where it is at the end
 * @param objectCentre  where it is at {@code time}
 */
public record WhiskerScene(String title, String subtitle, double time, List<Whisker> whiskers,
                           List<List<double[]>> objectParts, double[] pathStart, double[] pathEnd, double[] objectCentre) {

    /**
     * One whisker.
     *
     * @param name  e.g. "A0" (row letter, then column)
     * @param row   1 (A) to 5 (E): picks the colour
     * @param rest  points along the undeflected whisker, base first, each {x, y, z}
     * @param now   the same points at the scene's time (deflected by the object), base first
     */
    public record Whisker(String name, int row, double[][] rest, double[][] now) {
        public Whisker {
            if (row < 1 || row > 5) throw new IllegalArgumentException("whisker " + name + ": row " + row + "; accepted: 1..5 (A..E)");
            if (rest.length < 2 || now.length < 2) throw new IllegalArgumentException("whisker " + name + " needs at least 2 points");
            checkPoints("whisker " + name, rest);
            checkPoints("whisker " + name, now);
        }
    }

    public WhiskerScene {
        whiskers = List.copyOf(whiskers);
        objectParts = objectParts.stream().map(List::copyOf).toList();
        if (whiskers.isEmpty()) throw new IllegalArgumentException("a whisker scene needs at least one whisker");
        for (var part : objectParts) checkPoints("object part", part.toArray(double[][]::new));
        checkPoints("object path", new double[][] {pathStart, pathEnd, objectCentre});
        if (subtitle == null) subtitle = "";
    }

    private static void checkPoints(String what, double[][] points) {
        for (double[] p : points) {
            if (p == null || p.length != 3 || !Double.isFinite(p[0]) || !Double.isFinite(p[1]) || !Double.isFinite(p[2])) {
                throw new IllegalArgumentException(what + " has a point that is not 3 finite numbers");
            }
        }
    }
}
