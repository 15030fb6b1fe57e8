package org.neuroprior.envs.whisker;

/**
 * One whisker cut into {@code links} rigid links of equal arc length along its intrinsic curve y = A x^2
 * (in the whisker's base frame), with the torsional springs that join them.
 *
 * <p>Link i runs from {@code point(i)} to {@code point(i + 1)}. Joint j (1 <= j < links) sits at point j, between
 * links j - 1 and j, and bends in two directions (twist is locked). Its stiffness is the beam's k = E I / L with
 * I = pi r^4 / 4 at the joint and L the link length; its damping gives the damping ratio {@link #DAMPING_RATIO}
 * for the whisker beyond the joint swinging about it.
 */
public final class WhiskerChain {
    /** Damping ratio of every joint (whisker.md). */
    public static final double DAMPING_RATIO = 0.32;

    private final WhiskerMorphology whisker;
    private final int links;
    private final double linkLength;
    private final double[][] points; // (links + 1) x 2, in the base frame's x-y plane

    public WhiskerChain(WhiskerMorphology whisker, int links) {
        if (links < 2) throw new IllegalArgumentException("links per whisker = " + links + "; accepted: 2 or more");
        this.whisker = whisker;
        this.links = links;
        this.linkLength = whisker.arcLength() / links;
        this.points = pointsAtEqualArcLength(whisker.curvature(), whisker.arcLength(), links);
    }

    public WhiskerMorphology whisker() {
        return whisker;
    }

    public int links() {
        return links;
    }

    /** Arc length of one link (mm). */
    public double linkLength() {
        return linkLength;
    }

    /** Point i (0 = base, links = tip) of the rest shape in the base frame (x, y, 0), mm. */
    public double[] point(int i) {
        return new double[] {points[i][0], points[i][1], 0};
    }

    /** Length of link i's chord (slightly under the arc length). */
    public double chordLength(int i) {
        return Math.hypot(points[i + 1][0] - points[i][0], points[i + 1][1] - points[i][1]);
    }

    /** Direction of link i's chord in the base frame's x-y plane (radians from x). */
    public double chordAngle(int i) {
        return Math.atan2(points[i + 1][1] - points[i][1], points[i + 1][0] - points[i][0]);
    }

    /** Capsule radius of link i: the whisker's radius halfway along it. */
    public double linkRadius(int i) {
        return whisker.radiusAt((i + 0.5) * linkLength);
    }

    /** Density of link i (g/mm^3). */
    public double linkDensity(int i) {
        return whisker.densityAt((i + 0.5) * linkLength);
    }

    /** Mass of link i (g), as a cylinder (MuJoCo adds the capsule's end caps, under 1% here). */
    public double linkMass(int i) {
        double r = linkRadius(i);
        return linkDensity(i) * Math.PI * r * r * linkLength;
    }

    /** Bending stiffness of joint j (g mm^2 / (s^2 rad)). */
    public double jointStiffness(int j) {
        checkJoint(j);
        double r = whisker.radiusAt(j * linkLength);
        double secondMoment = Math.PI * Math.pow(r, 4) / 4;
        return WhiskerMorphology.YOUNGS_MODULUS * secondMoment / linkLength;
    }

    /** Moment of inertia (g mm^2) of links j.. about joint j, as if straight. */
    public double distalInertia(int j) {
        checkJoint(j);
        double inertia = 0;
        for (int i = j; i < links; i++) {
            double d = (i - j + 0.5) * linkLength;
            inertia += linkMass(i) * (d * d + linkLength * linkLength / 12);
        }
        return inertia;
    }

    /** Damping of joint j (g mm^2 / (s rad)) that gives {@link #DAMPING_RATIO} with the given added inertia at the joint. */
    public double jointDamping(int j, double armature) {
        return 2 * DAMPING_RATIO * Math.sqrt(jointStiffness(j) * (distalInertia(j) + armature));
    }

    private void checkJoint(int j) {
        if (j < 1 || j >= links) throw new IllegalArgumentException("joint " + j + " of " + whisker.name()
                + " does not exist; joints are 1.." + (links - 1));
    }

    /** Points at arc lengths 0, S/n, .. S along y = A x^2, by integrating ds = sqrt(1 + (2 A x)^2) dx. */
    private static double[][] pointsAtEqualArcLength(double a, double arcLength, int links) {
        var points = new double[links + 1][2];
        int substeps = 2000;
        double dx = arcLength / substeps / 4; // fine enough: the curve is nearly straight (A S < 0.4)
        double x = 0, s = 0;
        for (int i = 1; i <= links; i++) {
            double target = arcLength * i / links;
            while (true) {
                double ds = dx * Math.sqrt(1 + 4 * a * a * (x + dx / 2) * (x + dx / 2));
                if (s + ds >= target) {
                    x += dx * (target - s) / ds;
                    s = target;
                    break;
                }
                x += dx;
                s += ds;
            }
            points[i][0] = x;
            points[i][1] = a * x * x;
        }
        return points;
    }
}
