package org.neuroprior.envs.whisker.objects;

/**
 * The project's one 3-vector: a point or direction (millimetres in the whisker code: the head frame, an object's
 * frame). Immutable; {@link #of(double[])} and {@link #toArray()} convert from and to the {@code double[3]} arrays
 * that MuJoCo reads and writes.
 */
public record Vec3(double x, double y, double z) {
    public static final Vec3 ZERO = new Vec3(0, 0, 0);

    /**
     * The vector (a[0], a[1], a[2]).
     *
     * @throws IllegalArgumentException if {@code a} does not have exactly 3 elements
     */
    public static Vec3 of(double[] a) {
        if (a.length != 3) throw new IllegalArgumentException("a 3-vector needs 3 values, got " + a.length);
        return new Vec3(a[0], a[1], a[2]);
    }

    public Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    public Vec3 minus(Vec3 o) {
        return new Vec3(x - o.x, y - o.y, z - o.z);
    }

    public Vec3 times(double s) {
        return new Vec3(s * x, s * y, s * z);
    }

    public double dot(Vec3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    public Vec3 cross(Vec3 o) {
        return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
    }

    public double norm() {
        return Math.sqrt(dot(this));
    }

    /** This vector divided by its norm (a zero vector gives NaN components). */
    public Vec3 normalized() {
        return times(1 / norm());
    }

    public Vec3 min(Vec3 o) {
        return new Vec3(Math.min(x, o.x), Math.min(y, o.y), Math.min(z, o.z));
    }

    public Vec3 max(Vec3 o) {
        return new Vec3(Math.max(x, o.x), Math.max(y, o.y), Math.max(z, o.z));
    }

    /** Component 0, 1 or 2. */
    public double get(int axis) {
        return switch (axis) {
            case 0 -> x;
            case 1 -> y;
            case 2 -> z;
            default -> throw new IllegalArgumentException("axis " + axis + " out of range; accepted: 0, 1, 2");
        };
    }

    public boolean isFinite() {
        return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z);
    }

    public double[] toArray() {
        return new double[] {x, y, z};
    }
}
