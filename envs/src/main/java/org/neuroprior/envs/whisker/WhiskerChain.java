package org.neuroprior.envs.whisker;

import java.util.Arrays;

/**
 * One whisker cut into rigid links along its intrinsic curve y = A x^2 (in the whisker's base frame), with the
 * torsional springs that join them: a Hencky bar-chain, the discrete beam whose springs carry the bending compliance
 * of the rod around them.
 *
 * <p>Link i runs from {@code point(i)} to {@code point(i + 1)}, i.e. over the arc [{@code node(i)},
 * {@code node(i + 1)}]. Joint j (0 <= j < links) sits at point j and bends in two directions (twist is locked):
 * joint 0 between the follicle and link 0, joint j > 0 between links j - 1 and j. Joint j stands for the rod from the
 * middle of link j - 1 (from the base, for joint 0) to the middle of link j: its stiffness is 1 / the integral of
 * ds / (E I(s)) over that arc ({@link WhiskerMorphology#compliance}), so a uniform cantilever under a tip load bends
 * by F L^3 / (3 E I) (1 + 1 / (2 n^2)) with n equal links: second order in the link length, where springs at the
 * inner joints only (and the first link welded) give an error of first order (24% too stiff with 6 links). The last
 * half link's compliance is left out; the moment there is small.
 *
 * <p>Links are equal in arc length, or graded: each link {@code grading^(1/(links-1))} times as long as the one
 * before, so that the last is {@code grading} times the first (finer near the base, where the moment is read).
 */
public final class WhiskerChain {
    /** Damping ratio of a real whisker's bending (docs/whisker.md): its vibration decays as exp(-0.32 omega t). */
    public static final double DAMPING_RATIO = 0.32;

    private final WhiskerMorphology whisker;
    private final double[] nodes; // arc length of each link end, 0 .. S
    private final double[][] points; // (links + 1) x 2, in the base frame's x-y plane

    /** Equal links. */
    public WhiskerChain(WhiskerMorphology whisker, int links) {
        this(whisker, links, 1);
    }

    /**
     * @param links   2 or more
     * @param grading length of the last link over the first, > 0 (1 = equal links, > 1 = finer near the base)
     * @throws IllegalArgumentException for fewer than 2 links or a grading that is not a finite number > 0
     */
    public WhiskerChain(WhiskerMorphology whisker, int links, double grading) {
        if (links < 2) throw new IllegalArgumentException("links per whisker = " + links + "; accepted: 2 or more");
        if (!(grading > 0) || !Double.isFinite(grading)) {
            throw new IllegalArgumentException("link grading = " + grading + "; accepted: a finite number > 0");
        }
        this.whisker = whisker;
        this.nodes = nodes(whisker.arcLength(), links, grading);
        this.points = pointsAtArcLengths(whisker.curvature(), nodes);
    }

    public WhiskerMorphology whisker() {
        return whisker;
    }

    public int links() {
        return nodes.length - 1;
    }

    /** Arc length (mm) of point i from the base: 0 for i = 0, S for i = links. */
    public double node(int i) {
        return nodes[i];
    }

    /** Arc length of link i (mm). */
    public double linkLength(int i) {
        return nodes[i + 1] - nodes[i];
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
        return whisker.radiusAt(0.5 * (nodes[i] + nodes[i + 1]));
    }

    /** Mass of link i (g): the integral of density x pi r^2 over its arc (MuJoCo adds no mass for the end caps: it is given). */
    public double linkMass(int i) {
        int n = 32; // Simpson's rule; the integrand is smooth but for the kink where the taper meets its floor
        double a = nodes[i], h = (nodes[i + 1] - a) / n, sum = 0;
        for (int k = 0; k <= n; k++) {
            double s = a + k * h, r = whisker.radiusAt(s);
            double f = whisker.densityAt(s) * Math.PI * r * r;
            sum += f * (k == 0 || k == n ? 1 : k % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    /** Bending stiffness of joint j (g mm^2 / (s^2 rad)): 1 / the compliance of the rod the joint stands for. */
    public double jointStiffness(int j) {
        checkJoint(j);
        double from = j == 0 ? 0 : 0.5 * (nodes[j - 1] + nodes[j]);
        double to = 0.5 * (nodes[j] + nodes[j + 1]);
        return 1 / whisker.compliance(from, to);
    }

    /**
     * The whisker's lowest natural frequency of bending (rad/s), without any added inertia: the chain's springs and
     * link masses, the chain taken straight and bending in one plane (the intrinsic curvature, A S < 0.4, is left out).
     * For the average mouse's whiskers (48 links) it runs from about 750 rad/s (the longest, 21 mm) to about
     * 9,900 rad/s (the shortest, 5 mm).
     */
    public double fundamentalFrequency() {
        int n = links();
        double[] mass = new double[n], inertia = new double[n], centre = new double[n], root = new double[n];
        for (int i = 0; i < n; i++) {
            mass[i] = linkMass(i);
            inertia[i] = mass[i] * linkLength(i) * linkLength(i) / 12;
            centre[i] = 0.5 * (nodes[i] + nodes[i + 1]);
        }
        for (int j = 0; j < n; j++) root[j] = Math.sqrt(jointStiffness(j));
        // Small rotations q of the joints move link i's centre by sum_{j <= i} q_j (centre_i - node_j) and turn it by
        // sum_{j <= i} q_j: the mass matrix M; the springs are K = diag(k). The largest eigenvalue of
        // K^-1/2 M K^-1/2 is 1 / omega_1^2 (power iteration: the next mode's is several times smaller).
        double[][] s = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double m = 0;
                for (int i = Math.max(j, k); i < n; i++) m += mass[i] * (centre[i] - nodes[j]) * (centre[i] - nodes[k]) + inertia[i];
                s[j][k] = m / (root[j] * root[k]);
            }
        }
        double[] v = new double[n], w = new double[n];
        Arrays.fill(v, 1 / Math.sqrt(n));
        double lambda = 0;
        for (int iteration = 0; iteration < 1000; iteration++) {
            double norm = 0;
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += s[j][k] * v[k];
                w[j] = sum;
                norm += sum * sum;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) v[j] = w[j] / norm;
            if (Math.abs(norm - lambda) <= 1e-13 * norm) {
                lambda = norm;
                break;
            }
            lambda = norm;
        }
        return 1 / Math.sqrt(lambda);
    }

    private void checkJoint(int j) {
        if (j < 0 || j >= links()) throw new IllegalArgumentException("joint " + j + " of " + whisker.name()
                + " does not exist; joints are 0.." + (links() - 1));
    }

    /** Arc lengths 0 = s_0 < s_1 < .. < s_n = S with link lengths in geometric progression of total ratio grading. */
    private static double[] nodes(double arcLength, int links, double grading) {
        double q = Math.pow(grading, 1.0 / (links - 1));
        double[] lengths = new double[links];
        double total = 0;
        for (int i = 0; i < links; i++) {
            lengths[i] = Math.pow(q, i);
            total += lengths[i];
        }
        double[] nodes = new double[links + 1];
        for (int i = 0; i < links; i++) nodes[i + 1] = nodes[i] + arcLength * lengths[i] / total;
        nodes[links] = arcLength;
        return nodes;
    }

    /** Points at the given arc lengths along y = A x^2, by integrating ds = sqrt(1 + (2 A x)^2) dx. */
    private static double[][] pointsAtArcLengths(double a, double[] arcs) {
        var points = new double[arcs.length][2];
        double arcLength = arcs[arcs.length - 1];
        int substeps = 8000;
        double dx = arcLength / substeps; // fine enough: the curve is nearly straight (A S < 0.4)
        double x = 0, s = 0;
        for (int i = 1; i < arcs.length; i++) {
            double target = arcs[i];
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

    @Override
    public String toString() {
        return "WhiskerChain[" + whisker.name() + ", nodes " + Arrays.toString(nodes) + "]";
    }
}
