package org.neuroprior.envs.whisker.objects;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The procedural object classes. Each class is a family: {@link #generate} draws its proportions (aspect ratios,
 * part counts, ...) from the given random stream, recorded in {@link ObjectShape#shapeParameters()}. The classes
 * differ in what a whisker can feel: smooth curvature, flat faces, edges and corners, holes, concavities.
 *
 * <p>Shapes come out about 30 to 50 mm across, roughly centred; sweeps rescale them with
 * {@link ObjectShape#centeredAndScaledToDiagonal}, so only proportions matter. Mesh parts are convex (MuJoCo collides
 * meshes as their convex hulls), so non-convex classes are unions of convex parts.
 */
public final class ObjectClasses {
    private interface Generator {
        ObjectShape generate(RandomGenerator rng);
    }

    private static final Map<String, Generator> GENERATORS = generators();

    private ObjectClasses() {}

    private static Map<String, Generator> generators() {
        Map<String, Generator> g = new LinkedHashMap<>();
        g.put("ellipsoid", ObjectClasses::ellipsoid);
        g.put("box", ObjectClasses::box);
        g.put("cylinder", ObjectClasses::cylinder);
        g.put("cone", ObjectClasses::cone);
        g.put("pyramid", ObjectClasses::pyramid);
        g.put("prism", ObjectClasses::prism);
        g.put("wedge", ObjectClasses::wedge);
        g.put("superellipsoid", ObjectClasses::superellipsoid);
        g.put("torus", ObjectClasses::torus);
        g.put("dumbbell", ObjectClasses::dumbbell);
        g.put("l_bracket", ObjectClasses::lBracket);
        g.put("table", ObjectClasses::table);
        g.put("cross", ObjectClasses::cross);
        g.put("star", ObjectClasses::star);
        g.put("mug", ObjectClasses::mug);
        return Collections.unmodifiableMap(g);
    }

    /** All class names, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(GENERATORS.keySet());
    }

    /**
     * Draws one object of the class; the same random state gives the same object.
     *
     * @throws IllegalArgumentException for an unknown class name, listing the known ones
     */
    public static ObjectShape generate(String className, RandomGenerator rng) {
        Generator generator = GENERATORS.get(className);
        if (generator == null) {
            throw new IllegalArgumentException("unknown object class '" + className + "'; accepted: " + String.join(", ", names()));
        }
        return generator.generate(rng);
    }

    /** Records parameters in draw order while a generator runs. */
    private static final class Parameters {
        private final Map<String, Double> values = new LinkedHashMap<>();
        private final RandomGenerator rng;

        Parameters(RandomGenerator rng) {
            this.rng = rng;
        }

        double uniform(String name, double low, double high) {
            return put(name, rng.nextDouble(low, high));
        }

        /** One of the given integers, equally likely. */
        int choice(String name, int... options) {
            return (int) put(name, options[rng.nextInt(options.length)]);
        }

        boolean coin(String name) {
            return put(name, rng.nextBoolean() ? 1 : 0) == 1;
        }

        private double put(String name, double value) {
            values.put(name, value);
            return value;
        }

        ObjectShape shape(String className, List<ShapePart> parts) {
            return new ObjectShape(className, parts, values);
        }
    }

    private static final Rotation LYING = Rotation.aboutY(Math.PI / 2); // local z axis -> world x axis

    /** Smooth everywhere: one ellipsoid. */
    private static ObjectShape ellipsoid(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double r = 20;
        double aspectY = p.uniform("aspectY", 0.5, 1.0);
        double aspectZ = p.uniform("aspectZ", 0.5, 1.5);
        return p.shape("ellipsoid", List.of(Primitive.ellipsoid(r, r * aspectY, r * aspectZ, Vec3.ZERO, Rotation.IDENTITY)));
    }

    /** Flat faces, straight edges, right-angled corners. */
    private static ObjectShape box(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double h = 15;
        double aspectY = p.uniform("aspectY", 0.4, 1.0);
        double aspectZ = p.uniform("aspectZ", 0.4, 1.6);
        return p.shape("box", List.of(Primitive.box(h, h * aspectY, h * aspectZ, Vec3.ZERO, Rotation.IDENTITY)));
    }

    /** Curved in one direction, flat ends with circular edges; standing on an end or lying on its side. */
    private static ObjectShape cylinder(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double r = 10;
        double heightToDiameter = p.uniform("heightToDiameter", 0.5, 2.5);
        boolean lying = p.coin("lying");
        return p.shape("cylinder", List.of(Primitive.cylinder(r, r * heightToDiameter, Vec3.ZERO,
                lying ? LYING : Rotation.IDENTITY)));
    }

    /** Round base, slanted curved side, a tip (or small flat top). */
    private static ObjectShape cone(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double r = 10;
        double height = r * p.uniform("heightToRadius", 1.2, 3.0);
        double topScale = p.uniform("topToBaseRadius", 0.0, 0.3);
        MeshPart cone = ConvexMeshes.loft(ConvexMeshes.regularPolygon(32, r, 0), -height / 2, height / 2, topScale);
        return p.shape("cone", List.of(cone));
    }

    /** Polygonal base, flat triangular sides meeting at an apex. */
    private static ObjectShape pyramid(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double r = 12;
        int sides = p.choice("sides", 3, 4, 5, 6);
        double height = r * p.uniform("heightToRadius", 0.8, 2.0);
        return p.shape("pyramid", List.of(ConvexMeshes.loft(ConvexMeshes.regularPolygon(sides, r, 0), -height / 2, height / 2, 0)));
    }

    /** Upright regular prism: vertical flat faces meeting at vertical edges (a box is the 4-sided case, left out). */
    private static ObjectShape prism(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double r = 10;
        int sides = p.choice("sides", 3, 5, 6);
        double height = 2 * r * p.uniform("heightToDiameter", 0.6, 2.5);
        return p.shape("prism", List.of(ConvexMeshes.loft(ConvexMeshes.regularPolygon(sides, r, 0), -height / 2, height / 2, 1)));
    }

    /** A ramp: right-triangle profile extruded sideways; one sloped face and a sharp edge. */
    private static ObjectShape wedge(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double length = 30;
        double width = length * p.uniform("widthToLength", 0.4, 1.0);
        double height = length * p.uniform("heightToLength", 0.25, 0.8);
        // Profile (counter-clockwise) in the polygon's (x, y) plane; rotating about x by -90 degrees maps that y to
        // -z and the extrusion (polygon z) to y: a flat bottom, a vertical back at -x, a slope down towards +x.
        List<Vec3> profile = List.of(new Vec3(-length / 2, height / 2, 0), new Vec3(-length / 2, -height / 2, 0),
                new Vec3(length / 2, height / 2, 0));
        MeshPart extruded = ConvexMeshes.loft(profile, -width / 2, width / 2, 1);
        return p.shape("wedge", List.of(extruded.transformed(Similarity.rotation(Rotation.aboutX(-Math.PI / 2)))));
    }

    /** Pointed, diamond-like blob: a superellipsoid with exponents above 1 (ridges and tips, yet no flat faces). */
    private static ObjectShape superellipsoid(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double r = 15;
        double aspectY = p.uniform("aspectY", 0.6, 1.0);
        double aspectZ = p.uniform("aspectZ", 0.6, 1.4);
        double e1 = p.uniform("exponentNorthSouth", 1.3, 1.9);
        double e2 = p.uniform("exponentAround", 1.3, 1.9);
        return p.shape("superellipsoid",
                List.of(ConvexMeshes.superellipsoid(new Vec3(r, r * aspectY, r * aspectZ), e1, e2, 16, 24)));
    }

    /** A ring of capsules: curved tube with a hole; flat or standing. */
    private static ObjectShape torus(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double ringRadius = 15;
        int pieces = p.choice("pieces", 8, 9, 10, 11, 12, 13, 14);
        double tubeRadius = ringRadius * p.uniform("tubeToRingRadius", 0.12, 0.35);
        boolean standing = p.coin("standing");
        Rotation pose = standing ? Rotation.aboutX(Math.PI / 2) : Rotation.IDENTITY;
        List<Vec3> corners = ConvexMeshes.regularPolygon(pieces, ringRadius, 0);
        List<ShapePart> parts = new ArrayList<>();
        for (int k = 0; k < pieces; k++) {
            parts.add(Primitive.capsuleBetween(tubeRadius, pose.apply(corners.get(k)), pose.apply(corners.get((k + 1) % pieces))));
        }
        return p.shape("torus", parts);
    }

    /** Two balls joined by a thin bar along x: two convex ends with a waist. */
    private static ObjectShape dumbbell(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double ballRadius = 8;
        double otherBall = ballRadius * p.uniform("ballRatio", 0.7, 1.0);
        double halfBar = ballRadius * p.uniform("barLengthToBallRadius", 0.8, 2.0);
        double barRadius = otherBall * p.uniform("barToBallRadius", 0.2, 0.45);
        return p.shape("dumbbell", List.of(
                Primitive.sphere(ballRadius, new Vec3(-halfBar, 0, 0)),
                Primitive.cylinder(barRadius, halfBar, Vec3.ZERO, LYING),
                Primitive.sphere(otherBall, new Vec3(halfBar, 0, 0))));
    }

    /** A planar L of two bars, extruded along z: one concave (inner) corner. */
    private static ObjectShape lBracket(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double length = 30;
        double otherLength = length * p.uniform("armRatio", 0.5, 1.0);
        double width = length * p.uniform("widthToLength", 0.15, 0.35);
        double thickness = length * p.uniform("thicknessToLength", 0.15, 0.6);
        // Arm 1 along x from the corner square; arm 2 along y sharing that square, so the parts overlap there.
        return p.shape("l_bracket", List.of(
                Primitive.box(length / 2, width / 2, thickness / 2, new Vec3(length / 2, width / 2, 0), Rotation.IDENTITY),
                Primitive.box(width / 2, otherLength / 2, thickness / 2, new Vec3(width / 2, otherLength / 2, 0), Rotation.IDENTITY)));
    }

    /** A flat top on three (round top) or four (rectangular top) legs: thin posts and an overhang. */
    private static ObjectShape table(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double half = 15;
        int legs = p.choice("legs", 3, 4);
        double topThickness = half * p.uniform("topThicknessToHalfWidth", 0.1, 0.25);
        double legHeight = half * p.uniform("legHeightToHalfWidth", 0.6, 1.5);
        double legRadius = half * p.uniform("legRadiusToHalfWidth", 0.06, 0.12);
        double topZ = legHeight / 2 + topThickness / 2;
        List<ShapePart> parts = new ArrayList<>();
        List<Vec3> feet = new ArrayList<>();
        if (legs == 3) {
            parts.add(Primitive.cylinder(half, topThickness / 2, new Vec3(0, 0, topZ), Rotation.IDENTITY));
            feet.addAll(ConvexMeshes.regularPolygon(3, 0.75 * half, Math.PI / 2));
        } else {
            double aspect = p.uniform("topAspect", 0.5, 1.0); // only a rectangular top has an aspect
            parts.add(Primitive.box(half, half * aspect, topThickness / 2, new Vec3(0, 0, topZ), Rotation.IDENTITY));
            for (int sx : new int[] {-1, 1}) {
                for (int sy : new int[] {-1, 1}) feet.add(new Vec3(sx * (half - 2 * legRadius), sy * (half * aspect - 2 * legRadius), 0));
            }
        }
        for (Vec3 foot : feet) parts.add(Primitive.cylinder(legRadius, legHeight / 2, foot, Rotation.IDENTITY));
        return p.shape("table", parts);
    }

    /** A plus of two square bars in the xy plane, or a 3-D jack of three. */
    private static ObjectShape cross(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double half = 15;
        int bars = p.choice("bars", 2, 3);
        double w = half * p.uniform("barWidthToHalfLength", 0.12, 0.3);
        double second = half * p.uniform("secondBarRatio", 0.6, 1.0);
        List<ShapePart> parts = new ArrayList<>();
        parts.add(Primitive.box(half, w, w, Vec3.ZERO, Rotation.IDENTITY));
        parts.add(Primitive.box(w, second, w, Vec3.ZERO, Rotation.IDENTITY));
        if (bars == 3) parts.add(Primitive.box(w, w, second, Vec3.ZERO, Rotation.IDENTITY));
        return p.shape("cross", parts);
    }

    /** A star prism: a central polygon plus one triangular prism per point; sharp tips and concave notches. */
    private static ObjectShape star(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double outer = 15;
        int points = p.choice("points", 4, 5, 6, 7);
        double inner = outer * p.uniform("innerToOuterRadius", 0.35, 0.6);
        double thickness = outer * p.uniform("thicknessToRadius", 0.3, 1.0);
        List<Vec3> tips = ConvexMeshes.regularPolygon(points, outer, Math.PI / 2);
        List<Vec3> notches = ConvexMeshes.regularPolygon(points, inner, Math.PI / 2 + Math.PI / points);
        List<ShapePart> parts = new ArrayList<>();
        parts.add(ConvexMeshes.loft(notches, -thickness / 2, thickness / 2, 1));
        for (int k = 0; k < points; k++) {
            List<Vec3> spike = List.of(notches.get((k + points - 1) % points), tips.get(k), notches.get(k));
            parts.add(ConvexMeshes.loft(spike, -thickness / 2, thickness / 2, 1));
        }
        return p.shape("star", parts);
    }

    /** An upright cylinder with a C-shaped handle of three capsules on its +x side. */
    private static ObjectShape mug(RandomGenerator rng) {
        Parameters p = new Parameters(rng);
        double r = 10;
        double halfHeight = r * p.uniform("heightToDiameter", 0.8, 1.6);
        double reach = r * p.uniform("handleReachToRadius", 0.4, 0.8);
        double span = halfHeight * p.uniform("handleSpanToHeight", 0.4, 0.75);
        double thickness = r * p.uniform("handleThicknessToRadius", 0.1, 0.18);
        double out = r + reach;
        // The arms start inside the wall so the handle is attached, not floating.
        Vec3 topIn = new Vec3(0.8 * r, 0, span), topOut = new Vec3(out, 0, span);
        Vec3 bottomIn = new Vec3(0.8 * r, 0, -span), bottomOut = new Vec3(out, 0, -span);
        return p.shape("mug", List.of(
                Primitive.cylinder(r, halfHeight, Vec3.ZERO, Rotation.IDENTITY),
                Primitive.capsuleBetween(thickness, topIn, topOut),
                Primitive.capsuleBetween(thickness, topOut, bottomOut),
                Primitive.capsuleBetween(thickness, bottomIn, bottomOut)));
    }
}
