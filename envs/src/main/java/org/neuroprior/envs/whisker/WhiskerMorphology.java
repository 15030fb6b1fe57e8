package org.neuroprior.envs.whisker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.neuroprior.envs.whisker.objects.Rotation;
import org.neuroprior.envs.whisker.objects.Vec3;

/**
 * The measured shape and placement of one whisker (Bresee et al. 2023, average mouse), in the head frame:
 * x lateral (away from the midline), y rostral, z dorsal, lengths in millimetres.
 *
 * <p>Angles of emergence: {@code theta} is the azimuth in the horizontal plane, measured from the caudal
 * direction (-y) towards lateral (+x), so caudal whiskers point back and out and rostral ones forward;
 * {@code phi} is the elevation above the horizontal plane; {@code zeta} rolls the whisker about its own axis,
 * turning the plane in which it curves (at zeta = 0 it curves towards rostral in the horizontal plane).
 *
 * <p>The radius tapers linearly from {@code baseRadius} by {@code taperSlope} per millimetre of arc, and never goes
 * below {@link #TIP_RADIUS_FLOOR}. For the mouse both come from the fits of Bresee et al. 2023 ({@link #mouse}); a
 * test may give any profile (a uniform rod has slope 0).
 *
 * @param name        e.g. "RC2" (right side, row C, column 2)
 * @param row         1 (A) to 5 (E)
 * @param column      0 = most caudal
 * @param arcLength   S, mm, > 0
 * @param curvature   A of the intrinsic shape y = A x^2, 1/mm (0 = straight)
 * @param baseRadius  radius at the base, mm, > 0
 * @param taperSlope  radius lost per mm of arc, >= 0
 * @throws IllegalArgumentException for a non-positive length or base radius, or a negative slope
 */
public record WhiskerMorphology(String name, int row, int column, double arcLength, double curvature,
                                double baseX, double baseY, double baseZ, double theta, double phi, double zeta,
                                double baseRadius, double taperSlope) {

    /** Young's modulus of whisker keratin, 5 GPa, in the simulator's units g / (mm s^2) (1 Pa = 1 g/(mm s^2)). */
    public static final double YOUNGS_MODULUS = 5e9;
    /** Density at the base and at the tip, 630 and 845 kg/m^3, in g/mm^3. */
    public static final double BASE_DENSITY = 630e-6;
    public static final double TIP_DENSITY = 845e-6;
    /** Radius below which the taper stops (mm). */
    public static final double TIP_RADIUS_FLOOR = 0.0015;

    public static final String RESOURCE = "mouse-whiskers-right.csv";

    public WhiskerMorphology {
        if (!(arcLength > 0)) throw new IllegalArgumentException("whisker " + name + " arc length = " + arcLength + " mm; accepted: > 0");
        if (!(baseRadius > 0)) throw new IllegalArgumentException("whisker " + name + " base radius = " + baseRadius + " mm; accepted: > 0");
        if (!(taperSlope >= 0)) throw new IllegalArgumentException("whisker " + name + " taper slope = " + taperSlope + "; accepted: >= 0");
    }

    /**
     * A mouse whisker: base radius from the fitted base diameter 0.041 + 0.002 S + 0.011 row - 0.0039 col (mm), taper
     * slope 0.0012 + 0.00017 row - 0.000066 col + 0.00011 col^2 (mm of radius per mm of arc), Bresee et al. 2023.
     */
    public static WhiskerMorphology mouse(String name, int row, int column, double arcLength, double curvature,
                                          double baseX, double baseY, double baseZ, double theta, double phi, double zeta) {
        double baseRadius = 0.5 * (0.041 + 0.002 * arcLength + 0.011 * row - 0.0039 * column);
        double taperSlope = 0.0012 + 0.00017 * row - 0.000066 * column + 0.00011 * column * column;
        return new WhiskerMorphology(name, row, column, arcLength, curvature, baseX, baseY, baseZ, theta, phi, zeta,
                baseRadius, taperSlope);
    }

    /** Arc length (mm) beyond which the radius is {@link #TIP_RADIUS_FLOOR} (infinite for an untapered whisker). */
    public double floorArcLength() {
        return taperSlope > 0 ? Math.max(0, (baseRadius - TIP_RADIUS_FLOOR) / taperSlope) : Double.POSITIVE_INFINITY;
    }

    /**
     * Bending compliance of the arc [a, b]: the integral of ds / (E I(s)) with I = pi r^4 / 4, in rad per unit moment
     * (s^2 / (g mm^2)); exact for the linear taper and its floor. A torsional spring of stiffness 1 / compliance bends
     * by the same angle as that piece of rod under the same moment.
     *
     * @throws IllegalArgumentException unless 0 <= a <= b <= S
     */
    public double compliance(double a, double b) {
        if (!(a >= 0 && a <= b && b <= arcLength * (1 + 1e-12))) {
            throw new IllegalArgumentException("arc [" + a + ", " + b + "] is not within the whisker's 0.." + arcLength + " mm");
        }
        double split = Math.min(Math.max(floorArcLength(), a), b); // tapered on [a, split], floor radius on [split, b]
        double integral = (b - split) / Math.pow(TIP_RADIUS_FLOOR, 4);
        if (split > a) {
            if (taperSlope == 0) {
                integral += (split - a) / Math.pow(baseRadius, 4);
            } else { // integral of (r0 - c s)^-4 ds = [(r0 - c s)^-3 / (3 c)]
                double ra = baseRadius - taperSlope * a, rb = baseRadius - taperSlope * split;
                integral += (Math.pow(rb, -3) - Math.pow(ra, -3)) / (3 * taperSlope);
            }
        }
        return integral * 4 / (Math.PI * YOUNGS_MODULUS);
    }

    /** Radius (mm) at arc length s from the base. */
    public double radiusAt(double s) {
        return Math.max(baseRadius() - taperSlope() * s, TIP_RADIUS_FLOOR);
    }

    /** Density (g/mm^3) at arc length s: linear from base to tip. */
    public double densityAt(double s) {
        return BASE_DENSITY + (TIP_DENSITY - BASE_DENSITY) * Math.min(1, Math.max(0, s / arcLength));
    }

    /**
     * The base frame as a rotation matrix (columns = the whisker's local x, y, z axes in the head frame):
     * local x along the direction of emergence, local y towards the concave side (the whisker bends into +y),
     * local z = x cross y.
     */
    public Rotation baseFrame() {
        Vec3 x = new Vec3(Math.cos(phi) * Math.sin(theta), -Math.cos(phi) * Math.cos(theta), Math.sin(phi));
        // Horizontal direction perpendicular to x, pointing rostrally (+y side): z_head cross x, normalised.
        Vec3 h = new Vec3(-x.y(), x.x(), 0).normalized();
        Vec3 v = x.cross(h); // completes the frame (x, h, v)
        // Roll by zeta about x: y = cos(zeta) h + sin(zeta) v.
        Vec3 y = h.times(Math.cos(zeta)).plus(v.times(Math.sin(zeta)));
        return new Rotation(x, y, x.cross(y));
    }

    /** The base point (baseX, baseY, baseZ) in the head frame. */
    public Vec3 base() {
        return new Vec3(baseX, baseY, baseZ);
    }

    /** The 30 right-side whiskers of the average mouse, in the order A0..A4, B0..B4, C0..C6, D0..D6, E0..E5. */
    public static List<WhiskerMorphology> mouseRightSide() {
        var in = WhiskerMorphology.class.getResourceAsStream(RESOURCE);
        if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the envs jar");
        var whiskers = new ArrayList<WhiskerMorphology>();
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split(",");
                whiskers.add(mouse(f[0], f[1].charAt(0) - 'A' + 1, Integer.parseInt(f[2]),
                        d(f[3]), d(f[4]), d(f[5]), d(f[6]), d(f[7]), d(f[8]), d(f[9]), d(f[10])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(whiskers);
    }

    private static double d(String s) {
        return Double.parseDouble(s.trim());
    }
}
