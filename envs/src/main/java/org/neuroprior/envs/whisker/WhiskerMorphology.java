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
 * @param name       e.g. "RC2" (right side, row C, column 2)
 * @param row        1 (A) to 5 (E)
 * @param column     0 = most caudal
 * @param arcLength  S, mm
 * @param curvature  A of the intrinsic shape y = A x^2, 1/mm
 */
public record WhiskerMorphology(String name, int row, int column, double arcLength, double curvature,
                                double baseX, double baseY, double baseZ, double theta, double phi, double zeta) {

    /** Young's modulus of whisker keratin, 5 GPa, in the simulator's units g / (mm s^2) (1 Pa = 1 g/(mm s^2)). */
    public static final double YOUNGS_MODULUS = 5e9;
    /** Density at the base and at the tip, 630 and 845 kg/m^3, in g/mm^3. */
    public static final double BASE_DENSITY = 630e-6;
    public static final double TIP_DENSITY = 845e-6;
    /** Radius below which the taper stops (mm). */
    public static final double TIP_RADIUS_FLOOR = 0.0015;

    public static final String RESOURCE = "mouse-whiskers-right.csv";

    /** Base radius (mm), from the fitted base diameter 0.041 + 0.002 S + 0.011 row - 0.0039 col. */
    public double baseRadius() {
        return 0.5 * (0.041 + 0.002 * arcLength + 0.011 * row - 0.0039 * column);
    }

    /** Radius lost per mm of arc: 0.0012 + 0.00017 row - 0.000066 col + 0.00011 col^2. */
    public double taperSlope() {
        return 0.0012 + 0.00017 * row - 0.000066 * column + 0.00011 * column * column;
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
                whiskers.add(new WhiskerMorphology(f[0], f[1].charAt(0) - 'A' + 1, Integer.parseInt(f[2]),
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
