package org.neuroprior.envs.whisker.objects;

import java.util.List;

/**
 * A triangle mesh whose vertices are already in the object's frame (mm). MuJoCo collides a mesh through its convex
 * hull, so a non-convex mesh touches the whiskers as its hull does: generated objects are therefore built from
 * several convex mesh parts, while user meshes (OBJ/STL) collide as their hull.
 *
 * <p>Rejected at construction: no triangles, an index out of range, a non-finite coordinate, and a flat mesh (all
 * vertices on one plane), which MuJoCo's hull computation (qhull) cannot handle.
 */
public record MeshPart(List<Vec3> vertices, List<Triangle> triangles) implements ShapePart {
    /**
     * A flat mesh's thickness relative to its size stays below this; real solids are far above it. Near 1e-7 qhull
     * already warns about precision, so reject a little before that.
     */
    private static final double FLATNESS_TOLERANCE = 1e-6;

    /** Three indices into {@link #vertices()}, counter-clockwise seen from outside. */
    public record Triangle(int a, int b, int c) {}

    public MeshPart {
        vertices = List.copyOf(vertices);
        triangles = List.copyOf(triangles);
        if (triangles.isEmpty()) throw new IllegalArgumentException("mesh has no triangles; accepted: at least one triangle over 4 or more vertices");
        for (int i = 0; i < vertices.size(); i++) {
            if (!vertices.get(i).isFinite()) {
                throw new IllegalArgumentException("mesh vertex " + i + " " + vertices.get(i) + " has a non-finite coordinate");
            }
        }
        for (int t = 0; t < triangles.size(); t++) {
            Triangle tri = triangles.get(t);
            for (int index : new int[] {tri.a(), tri.b(), tri.c()}) {
                if (index < 0 || index >= vertices.size()) {
                    throw new IllegalArgumentException("mesh triangle " + t + " refers to vertex " + index
                            + "; accepted: 0.." + (vertices.size() - 1));
                }
            }
        }
        requireVolume(referencedVertices(vertices, triangles));
    }

    /** The vertices some triangle uses, in index order: what MuJoCo gets, so stray OBJ vertices do not widen the hull. */
    public List<Vec3> referencedVertices() {
        return referencedVertices(vertices, triangles);
    }

    private static List<Vec3> referencedVertices(List<Vec3> vertices, List<Triangle> triangles) {
        boolean[] used = new boolean[vertices.size()];
        for (Triangle t : triangles) {
            used[t.a()] = true;
            used[t.b()] = true;
            used[t.c()] = true;
        }
        java.util.ArrayList<Vec3> result = new java.util.ArrayList<>();
        for (int i = 0; i < used.length; i++) if (used[i]) result.add(vertices.get(i));
        return result;
    }

    /**
     * Finds four vertices spanning a tetrahedron of non-negligible height: a greedy farthest-point search, linear
     * in the vertex count and enough to tell a solid from a plane, line or point.
     */
    private static void requireVolume(List<Vec3> vertices) {
        Vec3 p0 = vertices.get(0);
        Vec3 p1 = farthest(vertices, v -> v.minus(p0).norm());
        double size = p1.minus(p0).norm();
        Vec3 axis = p1.minus(p0);
        Vec3 p2 = farthest(vertices, v -> v.minus(p0).cross(axis).norm());
        Vec3 normal = axis.cross(p2.minus(p0));
        double normalLength = normal.norm();
        double thickness = normalLength == 0 ? 0
                : vertices.stream().mapToDouble(v -> Math.abs(v.minus(p0).dot(normal)) / normalLength).max().orElse(0);
        if (!(size > 0) || thickness <= FLATNESS_TOLERANCE * size) {
            throw new IllegalArgumentException("mesh is flat: its " + vertices.size() + " vertices lie within "
                    + thickness + " mm of one plane (size " + size + " mm); accepted: a solid with volume, because MuJoCo"
                    + " collides meshes through their convex hull");
        }
    }

    private static Vec3 farthest(List<Vec3> vertices, java.util.function.ToDoubleFunction<Vec3> distance) {
        Vec3 best = vertices.get(0);
        double bestDistance = -1;
        for (Vec3 v : vertices) {
            double d = distance.applyAsDouble(v);
            if (d > bestDistance) {
                bestDistance = d;
                best = v;
            }
        }
        return best;
    }

    @Override
    public Vec3 lowerCorner() {
        return referencedVertices().stream().reduce(Vec3::min).orElseThrow();
    }

    @Override
    public Vec3 upperCorner() {
        return referencedVertices().stream().reduce(Vec3::max).orElseThrow();
    }

    @Override
    public MeshPart transformed(Similarity t) {
        return new MeshPart(vertices.stream().map(t::applyToPoint).toList(), triangles);
    }
}
