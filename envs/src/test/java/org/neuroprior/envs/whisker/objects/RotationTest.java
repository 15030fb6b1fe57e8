package org.neuroprior.envs.whisker.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Rotation's quaternion (MJCF's quat) and composition, in every branch of Shepperd's method. */
class RotationTest {

    @Test
    void quaternionOfAnAxisRotationIsCosAndSinOfTheHalfAngle() {
        for (double angle : new double[] {0, 0.3, 1.5, 3.0, Math.PI, -2.5}) {
            double c = Math.cos(angle / 2), s = Math.sin(angle / 2);
            assertQuaternion(new double[] {c, s, 0, 0}, Rotation.aboutX(angle).quaternion());
            assertQuaternion(new double[] {c, 0, s, 0}, Rotation.aboutY(angle).quaternion());
            assertQuaternion(new double[] {c, 0, 0, s}, Rotation.aboutZ(angle).quaternion());
        }
    }

    @Test
    void quaternionRotatesAVectorAsTheMatrixDoes() {
        Rotation r = Rotation.aboutZ(2.9).after(Rotation.aboutX(-2.2)).after(Rotation.aboutY(1.1));
        double[] q = r.quaternion();
        Vec3 v = new Vec3(0.3, -1.2, 2.5);
        // v' = v + 2 w (u x v) + 2 u x (u x v), with u = (x, y, z)
        Vec3 u = new Vec3(q[1], q[2], q[3]);
        Vec3 uv = u.cross(v);
        Vec3 rotated = v.plus(uv.times(2 * q[0])).plus(u.cross(uv).times(2));
        assertArrayEquals(r.apply(v).toArray(), rotated.toArray(), 1e-12);
        assertEquals(1, Math.sqrt(q[0] * q[0] + u.dot(u)), 1e-12);
    }

    /** q and -q are the same rotation. */
    private static void assertQuaternion(double[] expected, double[] actual) {
        double sign = Math.signum(expected[0] * actual[0] + expected[1] * actual[1] + expected[2] * actual[2] + expected[3] * actual[3]);
        for (int i = 0; i < 4; i++) assertEquals(expected[i], sign * actual[i], 1e-12);
    }
}
