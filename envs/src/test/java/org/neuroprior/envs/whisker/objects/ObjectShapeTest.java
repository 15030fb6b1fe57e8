package org.neuroprior.envs.whisker.objects;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.mujoco.MjModel;

class ObjectShapeTest {
    private static ObjectShape single(ShapePart part) {
        return new ObjectShape("test", List.of(part), Map.of());
    }

    @Test
    void scalingGivesTheRequestedDiagonalWithTheBoxCentred() {
        for (String name : ObjectClasses.names()) {
            for (double diagonal : new double[] {20, 47.5, 60}) {
                ObjectShape raw = ObjectClasses.generate(name, new SplittableRandom(11)).rotatedAboutZ(0.3);
                ObjectShape s = raw.centeredAndScaledToDiagonal(diagonal);
                assertEquals(diagonal, s.diagonal(), 1e-9 * diagonal, name);
                for (int k = 0; k < 3; k++) {
                    assertEquals(0, s.boundsMin()[k] + s.boundsMax()[k], 1e-9 * diagonal, name + " axis " + k);
                    // Uniform scale: every extent grows by the same factor.
                    double factor = diagonal / raw.diagonal();
                    assertEquals(factor * (raw.boundsMax()[k] - raw.boundsMin()[k]), s.boundsMax()[k] - s.boundsMin()[k], 1e-9 * diagonal);
                }
                assertEquals(raw.shapeParameters(), s.shapeParameters());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ObjectClasses.generate("box", new SplittableRandom(0)).centeredAndScaledToDiagonal(0));
        assertThrows(IllegalArgumentException.class, () -> ObjectClasses.generate("box", new SplittableRandom(0)).centeredAndScaledToDiagonal(Double.NaN));
    }

    @Test
    void rotatingABoxMovesItsBoundsAsTheRotatedCornersSay() {
        double a = 10, b = 4, c = 3, angle = Math.toRadians(30);
        ObjectShape box = single(Primitive.box(a, b, c, new Vec3(5, 0, 1), Rotation.IDENTITY));
        ObjectShape turned = box.rotatedAboutZ(angle);
        double hx = a * Math.cos(angle) + b * Math.sin(angle), hy = a * Math.sin(angle) + b * Math.cos(angle);
        double cx = 5 * Math.cos(angle), cy = 5 * Math.sin(angle);
        assertArrayEquals(new double[] {cx - hx, cy - hy, 1 - c}, turned.boundsMin(), 1e-12);
        assertArrayEquals(new double[] {cx + hx, cy + hy, 1 + c}, turned.boundsMax(), 1e-12);
        // The same box as a mesh moves identically.
        ObjectShape meshBox = single(ConvexMeshes.loft(List.of(new Vec3(-a, -b, 0), new Vec3(a, -b, 0), new Vec3(a, b, 0), new Vec3(-a, b, 0)),
                -c, c, 1).transformed(Similarity.translation(new Vec3(5, 0, 1)))).rotatedAboutZ(angle);
        assertArrayEquals(turned.boundsMin(), meshBox.boundsMin(), 1e-12);
        assertArrayEquals(turned.boundsMax(), meshBox.boundsMax(), 1e-12);
        // A quarter turn swaps the x and y extents exactly.
        ObjectShape quarter = box.rotatedAboutZ(Math.PI / 2);
        assertEquals(2 * b, quarter.boundsMax()[0] - quarter.boundsMin()[0], 1e-12);
        assertEquals(2 * a, quarter.boundsMax()[1] - quarter.boundsMin()[1], 1e-12);
    }

    @Test
    void rotatedObjectsStayInsideTheRotatedBoundsAndKeepTheirHeight() {
        for (String name : ObjectClasses.names()) {
            ObjectShape s = ObjectClasses.generate(name, new SplittableRandom(5)).centeredAndScaledToDiagonal(40);
            double angle = 0.7;
            ObjectShape r = s.rotatedAboutZ(angle);
            // Corners of the original box, rotated, bound the rotated object.
            double reachX = 0, reachY = 0;
            for (double x : new double[] {s.boundsMin()[0], s.boundsMax()[0]}) {
                for (double y : new double[] {s.boundsMin()[1], s.boundsMax()[1]}) {
                    reachX = Math.max(reachX, Math.abs(x * Math.cos(angle) - y * Math.sin(angle)));
                    reachY = Math.max(reachY, Math.abs(x * Math.sin(angle) + y * Math.cos(angle)));
                }
            }
            assertTrue(r.boundsMax()[0] <= reachX + 1e-9 && r.boundsMin()[0] >= -reachX - 1e-9, name);
            assertTrue(r.boundsMax()[1] <= reachY + 1e-9 && r.boundsMin()[1] >= -reachY - 1e-9, name);
            assertEquals(s.boundsMin()[2], r.boundsMin()[2], 1e-9, name);
            assertEquals(s.boundsMax()[2], r.boundsMax()[2], 1e-9, name);
            // A full turn is the identity (up to rounding).
            ObjectShape full = s.rotatedAboutZ(2 * Math.PI);
            assertArrayEquals(s.boundsMin(), full.boundsMin(), 1e-9, name);
        }
    }

    /** The analytic bounds of rotated primitives must equal the extremes of points sampled densely on them. */
    @Test
    void primitiveBoundsAreTightForAnyOrientation() {
        Rotation tilt = Rotation.aboutZ(0.5).after(Rotation.aboutX(0.9)).after(Rotation.aboutY(-0.3));
        Vec3 at = new Vec3(1, -2, 3);
        List<Primitive> primitives = List.of(Primitive.box(3, 2, 1, at, tilt), Primitive.sphere(2, at),
                Primitive.capsule(1, 3, at, tilt), Primitive.cylinder(1.5, 2, at, tilt), Primitive.ellipsoid(3, 2, 1, at, tilt));
        for (Primitive p : primitives) {
            Vec3 lo = new Vec3(1e9, 1e9, 1e9), hi = new Vec3(-1e9, -1e9, -1e9);
            int n = 200;
            for (int i = 0; i <= n; i++) {
                for (int j = 0; j < n; j++) {
                    Vec3 local = surfacePoint(p, Math.PI * i / n, 2 * Math.PI * j / n);
                    Vec3 world = tilt.apply(local).plus(at);
                    lo = lo.min(world);
                    hi = hi.max(world);
                }
            }
            assertArrayEquals(p.lowerCorner().toArray(), lo.toArray(), 2e-3, p.type().name());
            assertArrayEquals(p.upperCorner().toArray(), hi.toArray(), 2e-3, p.type().name());
            // The analytic box contains every sample.
            for (int k = 0; k < 3; k++) assertTrue(p.lowerCorner().get(k) <= lo.get(k) + 1e-12 && p.upperCorner().get(k) >= hi.get(k) - 1e-12);
        }
    }

    /** A point on the primitive's surface (or its solid, for the box) in its local frame, from two angles. */
    private static Vec3 surfacePoint(Primitive p, double polar, double around) {
        Vec3 s = p.size();
        double sp = Math.sin(polar), cp = Math.cos(polar), ca = Math.cos(around), sa = Math.sin(around);
        return switch (p.type()) {
            case SPHERE -> new Vec3(s.x() * sp * ca, s.x() * sp * sa, s.x() * cp);
            case ELLIPSOID -> new Vec3(s.x() * sp * ca, s.y() * sp * sa, s.z() * cp);
            // Corners are what bound a box: pick them from the sign of the angles.
            case BOX -> new Vec3(Math.signum(ca) * s.x(), Math.signum(sa) * s.y(), Math.signum(cp) * s.z());
            case CYLINDER -> new Vec3(s.x() * ca, s.x() * sa, (cp >= 0 ? 1 : -1) * s.y());
            case CAPSULE -> new Vec3(s.x() * sp * ca, s.x() * sp * sa, s.x() * cp + (cp >= 0 ? 1 : -1) * s.y());
        };
    }

    @Test
    void twoObjectsWithDifferentPrefixesShareOneModel() {
        ObjectShape star = ObjectClasses.generate("star", new SplittableRandom(1));
        ObjectShape mug = ObjectClasses.generate("mug", new SplittableRandom(1));
        try (MjModel model = TinyWorld.compile(star.toMjcf("a"), mug.toMjcf("b"), star.toMjcf("c"))) {
            assertEquals(2 * star.parts().size() + mug.parts().size(), model.ngeom());
        }
        MjcfFragment f = star.toMjcf("a");
        assertTrue(f.files().isEmpty(), "meshes are inline");
        assertEquals(star.parts().size(), f.geomXml().split("class=\"object\"", -1).length - 1);
        var bad = assertThrows(IllegalArgumentException.class, () -> star.toMjcf("has space"));
        assertTrue(bad.getMessage().contains("'has space'"), bad.getMessage());
    }

    @Test
    void invalidMeshesAndPrimitivesAreRejected() {
        List<Vec3> tetra = List.of(new Vec3(0, 0, 0), new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));
        var none = assertThrows(IllegalArgumentException.class, () -> new MeshPart(tetra, List.of()));
        assertTrue(none.getMessage().contains("no triangles"), none.getMessage());
        var range = assertThrows(IllegalArgumentException.class, () -> new MeshPart(tetra, List.of(new MeshPart.Triangle(0, 1, 4))));
        assertTrue(range.getMessage().contains("vertex 4") && range.getMessage().contains("0..3"), range.getMessage());
        List<Vec3> square = List.of(new Vec3(0, 0, 0), new Vec3(1, 0, 0), new Vec3(1, 1, 0), new Vec3(0, 1, 0));
        var flat = assertThrows(IllegalArgumentException.class,
                () -> new MeshPart(square, List.of(new MeshPart.Triangle(0, 1, 2), new MeshPart.Triangle(0, 2, 3))));
        assertTrue(flat.getMessage().contains("flat"), flat.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> new MeshPart(List.of(new Vec3(0, Double.NaN, 0), new Vec3(1, 0, 0),
                new Vec3(0, 1, 0), new Vec3(0, 0, 1)), List.of(new MeshPart.Triangle(0, 1, 2))));
        assertTrue(nan.getMessage().contains("NaN") && nan.getMessage().contains("vertex 0"), nan.getMessage());
        var size = assertThrows(IllegalArgumentException.class, () -> Primitive.sphere(-1, Vec3.ZERO));
        assertTrue(size.getMessage().contains("-1"), size.getMessage());
    }
}
