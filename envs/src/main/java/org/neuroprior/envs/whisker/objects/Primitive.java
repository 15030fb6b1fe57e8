package org.neuroprior.envs.whisker.objects;

/**
 * A MuJoCo primitive geom at a position and orientation in the object's frame. {@code size} follows MJCF's geom
 * {@code size}: box half-sizes (x, y, z); sphere (radius, 0, 0); capsule and cylinder (radius, half-length, 0), with
 * the axis along the local z; ellipsoid radii (x, y, z). Components a type does not use are 0.
 */
public record Primitive(Type type, Vec3 size, Vec3 position, Rotation orientation) implements ShapePart {

    public enum Type {
        BOX("box", 3), SPHERE("sphere", 1), CAPSULE("capsule", 2), CYLINDER("cylinder", 2), ELLIPSOID("ellipsoid", 3);

        /** The MJCF geom type. */
        public final String mjcfName;
        /** How many size components the type uses. */
        public final int sizeCount;

        Type(String mjcfName, int sizeCount) {
            this.mjcfName = mjcfName;
            this.sizeCount = sizeCount;
        }
    }

    public Primitive {
        for (int i = 0; i < 3; i++) {
            double s = size.get(i);
            boolean used = i < type.sizeCount;
            if (used && !(s > 0 && Double.isFinite(s)) || !used && s != 0) {
                throw new IllegalArgumentException(type.mjcfName + " size " + size + " is not allowed; accepted: "
                        + type.sizeCount + " finite positive component(s), then zeros");
            }
        }
        if (!position.isFinite()) throw new IllegalArgumentException(type.mjcfName + " position " + position + " is not finite");
    }

    public static Primitive box(double halfX, double halfY, double halfZ, Vec3 position, Rotation orientation) {
        return new Primitive(Type.BOX, new Vec3(halfX, halfY, halfZ), position, orientation);
    }

    public static Primitive sphere(double radius, Vec3 position) {
        return new Primitive(Type.SPHERE, new Vec3(radius, 0, 0), position, Rotation.IDENTITY);
    }

    /** A capsule whose axis (local z) runs along {@code orientation.zAxis()}; length excludes the end caps. */
    public static Primitive capsule(double radius, double halfLength, Vec3 position, Rotation orientation) {
        return new Primitive(Type.CAPSULE, new Vec3(radius, halfLength, 0), position, orientation);
    }

    /** A capsule whose segment runs from {@code a} to {@code b}. */
    public static Primitive capsuleBetween(double radius, Vec3 a, Vec3 b) {
        Vec3 axis = b.minus(a);
        return capsule(radius, axis.norm() / 2, a.plus(b).times(0.5), Rotation.zAlong(axis));
    }

    public static Primitive cylinder(double radius, double halfLength, Vec3 position, Rotation orientation) {
        return new Primitive(Type.CYLINDER, new Vec3(radius, halfLength, 0), position, orientation);
    }

    public static Primitive ellipsoid(double rx, double ry, double rz, Vec3 position, Rotation orientation) {
        return new Primitive(Type.ELLIPSOID, new Vec3(rx, ry, rz), position, orientation);
    }

    @Override
    public Vec3 lowerCorner() {
        return position.minus(halfExtent());
    }

    @Override
    public Vec3 upperCorner() {
        return position.plus(halfExtent());
    }

    /** Exact half-widths of the axis-aligned box around the rotated primitive. */
    private Vec3 halfExtent() {
        double[] h = new double[3];
        for (int axis = 0; axis < 3; axis++) h[axis] = halfExtentAlong(axis);
        return new Vec3(h[0], h[1], h[2]);
    }

    private double halfExtentAlong(int axis) {
        double r0 = orientation.entry(axis, 0), r1 = orientation.entry(axis, 1), r2 = orientation.entry(axis, 2);
        return switch (type) {
            case BOX -> Math.abs(r0) * size.x() + Math.abs(r1) * size.y() + Math.abs(r2) * size.z();
            case SPHERE -> size.x();
            // Support function of an ellipsoid along a unit direction u: |diag(radii) R^T u|.
            case ELLIPSOID -> Math.hypot(Math.hypot(r0 * size.x(), r1 * size.y()), r2 * size.z());
            // A disc of radius r perpendicular to the axis reaches r*sqrt(1 - a^2) along a world axis.
            case CYLINDER -> Math.abs(r2) * size.y() + size.x() * Math.sqrt(Math.max(0, 1 - r2 * r2));
            case CAPSULE -> Math.abs(r2) * size.y() + size.x();
        };
    }

    @Override
    public Primitive transformed(Similarity t) {
        return new Primitive(type, size.times(t.scale()), t.applyToPoint(position), t.applyToOrientation(orientation));
    }
}
