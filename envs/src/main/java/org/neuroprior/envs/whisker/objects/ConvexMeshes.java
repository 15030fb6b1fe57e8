package org.neuroprior.envs.whisker.objects;

import java.util.ArrayList;
import java.util.List;

import org.neuroprior.envs.whisker.objects.MeshPart.Triangle;

/**
 * Convex triangle meshes for the procedural classes. Each result is convex, so MuJoCo's hull-based collision sees
 * exactly this surface; non-convex objects are unions of several of these.
 */
final class ConvexMeshes {
    private ConvexMeshes() {}

    /** A regular polygon in the xy plane, counter-clockwise, first corner at angle {@code phase} (radians). */
    static List<Vec3> regularPolygon(int corners, double circumradius, double phase) {
        List<Vec3> points = new ArrayList<>(corners);
        for (int k = 0; k < corners; k++) {
            double angle = phase + 2 * Math.PI * k / corners;
            points.add(new Vec3(circumradius * Math.cos(angle), circumradius * Math.sin(angle), 0));
        }
        return points;
    }

    /**
     * The solid between a convex counter-clockwise polygon (z ignored) placed at {@code zBottom} and the same polygon
     * scaled by {@code topScale} about the origin at {@code zTop}: a prism (1), frustum (between 0 and 1) or pyramid
     * and cone (0, one apex).
     */
    static MeshPart loft(List<Vec3> polygon, double zBottom, double zTop, double topScale) {
        int n = polygon.size();
        List<Vec3> vertices = new ArrayList<>();
        for (Vec3 p : polygon) vertices.add(new Vec3(p.x(), p.y(), zBottom));
        boolean apex = topScale == 0;
        if (apex) {
            vertices.add(new Vec3(0, 0, zTop));
        } else {
            for (Vec3 p : polygon) vertices.add(new Vec3(topScale * p.x(), topScale * p.y(), zTop));
        }
        List<Triangle> triangles = new ArrayList<>();
        // Bottom faces down: fan wound clockwise seen from above.
        for (int k = 1; k < n - 1; k++) triangles.add(new Triangle(0, k + 1, k));
        for (int k = 0; k < n; k++) {
            int next = (k + 1) % n;
            if (apex) {
                triangles.add(new Triangle(k, next, n));
            } else {
                triangles.add(new Triangle(k, next, n + next));
                triangles.add(new Triangle(k, n + next, n + k));
            }
        }
        if (!apex) for (int k = 1; k < n - 1; k++) triangles.add(new Triangle(n, n + k, n + k + 1));
        return new MeshPart(vertices, triangles);
    }

    /**
     * A superellipsoid |x/a|^(2/e2) + |y/b|^(2/e2) ... with exponents e1 (north-south) and e2 (around z); convex for
     * exponents up to 2. Sampled on {@code rings} latitudes and {@code segments} longitudes plus the two poles.
     */
    static MeshPart superellipsoid(Vec3 radii, double e1, double e2, int rings, int segments) {
        List<Vec3> vertices = new ArrayList<>();
        vertices.add(new Vec3(0, 0, -radii.z()));
        for (int i = 1; i < rings; i++) {
            double latitude = -Math.PI / 2 + Math.PI * i / rings;
            for (int j = 0; j < segments; j++) {
                double longitude = 2 * Math.PI * j / segments;
                double c = signedPower(Math.cos(latitude), e1);
                vertices.add(new Vec3(radii.x() * c * signedPower(Math.cos(longitude), e2),
                        radii.y() * c * signedPower(Math.sin(longitude), e2),
                        radii.z() * signedPower(Math.sin(latitude), e1)));
            }
        }
        int top = vertices.size();
        vertices.add(new Vec3(0, 0, radii.z()));
        List<Triangle> triangles = new ArrayList<>();
        int lastRing = 1 + (rings - 2) * segments;
        for (int j = 0; j < segments; j++) {
            int next = (j + 1) % segments;
            triangles.add(new Triangle(0, 1 + next, 1 + j));
            triangles.add(new Triangle(top, lastRing + j, lastRing + next));
            for (int i = 0; i < rings - 2; i++) {
                int a = 1 + i * segments;
                int b = a + segments;
                triangles.add(new Triangle(a + j, a + next, b + next));
                triangles.add(new Triangle(a + j, b + next, b + j));
            }
        }
        return new MeshPart(vertices, triangles);
    }

    private static double signedPower(double base, double exponent) {
        return Math.signum(base) * Math.pow(Math.abs(base), exponent);
    }
}
