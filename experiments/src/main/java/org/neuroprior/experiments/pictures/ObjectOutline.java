package org.neuroprior.experiments.pictures;

import java.util.ArrayList;
import java.util.List;

import org.neuroprior.envs.whisker.objects.MeshPart;
import org.neuroprior.envs.whisker.objects.ObjectShape;
import org.neuroprior.envs.whisker.objects.Primitive;
import org.neuroprior.envs.whisker.objects.ShapePart;
import org.neuroprior.envs.whisker.objects.Vec3;

/**
 * Points on the surface of each part of an object, enough that the convex hull of their projection outlines the part
 * in any orthographic view: a mesh's vertices (MuJoCo collides it as their convex hull, so this is what the whiskers
 * feel), a box's corners, and rings of points on round primitives (the drawn outline is then a polygon inscribed in
 * the true one, within 0.5% of the radius at {@link #SEGMENTS} segments).
 */
final class ObjectOutline {
    static final int SEGMENTS = 32;

    private ObjectOutline() {}

    /** Each part's points in the head frame, with the object's origin at {@code centre}. */
    static List<List<double[]>> parts(ObjectShape shape, double[] centre) {
        var parts = new ArrayList<List<double[]>>();
        Vec3 offset = new Vec3(centre[0], centre[1], centre[2]);
        for (ShapePart part : shape.parts()) {
            parts.add(points(part).stream().map(p -> p.plus(offset).toArray()).toList());
        }
        return parts;
    }

    static List<Vec3> points(ShapePart part) {
        if (part instanceof MeshPart mesh) return mesh.referencedVertices();
        var p = (Primitive) part;
        var local = switch (p.type()) {
            case BOX -> box(p.size());
            case SPHERE -> ellipsoid(p.size().x(), p.size().x(), p.size().x(), 0);
            case ELLIPSOID -> ellipsoid(p.size().x(), p.size().y(), p.size().z(), 0);
            case CAPSULE -> {
                var both = new ArrayList<>(ellipsoid(p.size().x(), p.size().x(), p.size().x(), p.size().y()));
                both.addAll(ellipsoid(p.size().x(), p.size().x(), p.size().x(), -p.size().y()));
                yield both;
            }
            case CYLINDER -> cylinder(p.size().x(), p.size().y());
        };
        return local.stream().map(v -> p.orientation().apply(v).plus(p.position())).toList();
    }

    private static List<Vec3> box(Vec3 half) {
        var corners = new ArrayList<Vec3>();
        for (int m = 0; m < 8; m++) {
            corners.add(new Vec3((m & 1) == 0 ? -half.x() : half.x(), (m & 2) == 0 ? -half.y() : half.y(), (m & 4) == 0 ? -half.z() : half.z()));
        }
        return corners;
    }

    /** Latitude-longitude grid on an ellipsoid centred at (0, 0, zShift), poles included. */
    private static List<Vec3> ellipsoid(double rx, double ry, double rz, double zShift) {
        var points = new ArrayList<Vec3>();
        int rings = SEGMENTS / 2;
        for (int i = 0; i <= rings; i++) {
            double polar = Math.PI * i / rings;
            for (int j = 0; j < SEGMENTS; j++) {
                double azimuth = 2 * Math.PI * j / SEGMENTS;
                points.add(new Vec3(rx * Math.sin(polar) * Math.cos(azimuth), ry * Math.sin(polar) * Math.sin(azimuth),
                        rz * Math.cos(polar) + zShift));
            }
        }
        return points;
    }

    /** Rims of a cylinder along the local z axis. */
    private static List<Vec3> cylinder(double radius, double halfLength) {
        var points = new ArrayList<Vec3>();
        for (double z : new double[] {-halfLength, halfLength}) {
            for (int j = 0; j < SEGMENTS; j++) {
                double a = 2 * Math.PI * j / SEGMENTS;
                points.add(new Vec3(radius * Math.cos(a), radius * Math.sin(a), z));
            }
        }
        return points;
    }
}
