package org.neuroprior.envs.whisker.objects;

/**
 * A proper rotation, stored as the images of the unit axes (the columns of its matrix). Columns rather than a
 * quaternion because MJCF's {@code xyaxes} takes the first two directly and axis-aligned bounds need the matrix.
 */
public record Rotation(Vec3 xAxis, Vec3 yAxis, Vec3 zAxis) {
    public static final Rotation IDENTITY = new Rotation(new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));

    public static Rotation aboutX(double radians) {
        double c = Math.cos(radians), s = Math.sin(radians);
        return new Rotation(new Vec3(1, 0, 0), new Vec3(0, c, s), new Vec3(0, -s, c));
    }

    public static Rotation aboutY(double radians) {
        double c = Math.cos(radians), s = Math.sin(radians);
        return new Rotation(new Vec3(c, 0, -s), new Vec3(0, 1, 0), new Vec3(s, 0, c));
    }

    public static Rotation aboutZ(double radians) {
        double c = Math.cos(radians), s = Math.sin(radians);
        return new Rotation(new Vec3(c, s, 0), new Vec3(-s, c, 0), new Vec3(0, 0, 1));
    }

    /** The rotation whose local z axis points along {@code direction} (any non-zero vector). */
    public static Rotation zAlong(Vec3 direction) {
        Vec3 z = direction.times(1 / direction.norm());
        // Any helper not parallel to z gives a valid frame; pick the world axis least aligned with z.
        Vec3 helper = Math.abs(z.x()) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
        Vec3 y = z.cross(helper);
        y = y.times(1 / y.norm());
        return new Rotation(y.cross(z), y, z);
    }

    public Vec3 apply(Vec3 v) {
        return xAxis.times(v.x()).plus(yAxis.times(v.y())).plus(zAxis.times(v.z()));
    }

    /** This rotation after {@code first}: {@code then(first).apply(v) == apply(first.apply(v))}. */
    public Rotation after(Rotation first) {
        return new Rotation(apply(first.xAxis), apply(first.yAxis), apply(first.zAxis));
    }

    /**
     * The unit quaternion (w, x, y, z) of this rotation, as MJCF's {@code quat} takes it (Shepperd's method, stable
     * for every angle; the sign is chosen by the largest of w, x, y, z).
     */
    public double[] quaternion() {
        double m00 = xAxis.x(), m11 = yAxis.y(), m22 = zAxis.z();
        double m01 = yAxis.x(), m10 = xAxis.y(), m02 = zAxis.x(), m20 = xAxis.z(), m12 = zAxis.y(), m21 = yAxis.z();
        double trace = m00 + m11 + m22;
        double w, x, y, z;
        if (trace > 0) {
            double s = 2 * Math.sqrt(trace + 1);
            w = s / 4;
            x = (m21 - m12) / s;
            y = (m02 - m20) / s;
            z = (m10 - m01) / s;
        } else if (m00 > m11 && m00 > m22) {
            double s = 2 * Math.sqrt(1 + m00 - m11 - m22);
            w = (m21 - m12) / s;
            x = s / 4;
            y = (m01 + m10) / s;
            z = (m02 + m20) / s;
        } else if (m11 > m22) {
            double s = 2 * Math.sqrt(1 + m11 - m00 - m22);
            w = (m02 - m20) / s;
            x = (m01 + m10) / s;
            y = s / 4;
            z = (m12 + m21) / s;
        } else {
            double s = 2 * Math.sqrt(1 + m22 - m00 - m11);
            w = (m10 - m01) / s;
            x = (m02 + m20) / s;
            y = (m12 + m21) / s;
            z = s / 4;
        }
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        return new double[] {w / n, x / n, y / n, z / n};
    }

    /** Matrix entry (row, column). */
    public double entry(int row, int column) {
        Vec3 col = switch (column) {
            case 0 -> xAxis;
            case 1 -> yAxis;
            case 2 -> zAxis;
            default -> throw new IllegalArgumentException("column " + column + " out of range; accepted: 0, 1, 2");
        };
        return col.get(row);
    }
}
