package org.neuroprior.envs.whisker.objects;

import java.util.ArrayList;
import java.util.List;

import org.neuroprior.envs.mujoco.MjModel;

/** Compiles object fragments in the smallest world the sweeps use: one mocap body per object. */
final class TinyWorld {
    private TinyWorld() {}

    static MjModel compile(MjcfFragment... fragments) {
        return ObjectWorld.compile(fragments);
    }

    /** World positions of every vertex MuJoCo stored for geom {@code geom} (a mesh geom), body at the origin. */
    static List<Vec3> meshVertices(MjModel model, int geom) {
        var m = model.raw();
        int mesh = m.geom_dataid().get(geom);
        int first = m.mesh_vertadr().get(mesh), count = m.mesh_vertnum().get(mesh);
        double[] q = new double[4];
        for (int k = 0; k < 4; k++) q[k] = m.geom_quat().get(4L * geom + k);
        Vec3 pos = new Vec3(m.geom_pos().get(3L * geom), m.geom_pos().get(3L * geom + 1), m.geom_pos().get(3L * geom + 2));
        List<Vec3> result = new ArrayList<>();
        for (int v = first; v < first + count; v++) {
            Vec3 local = new Vec3(m.mesh_vert().get(3L * v), m.mesh_vert().get(3L * v + 1), m.mesh_vert().get(3L * v + 2));
            result.add(rotate(q, local).plus(pos));
        }
        return result;
    }

    /** Rotates v by the unit quaternion (w, x, y, z): v + 2w(u x v) + 2u x (u x v). */
    static Vec3 rotate(double[] q, Vec3 v) {
        Vec3 u = new Vec3(q[1], q[2], q[3]);
        Vec3 t = u.cross(v).times(2);
        return v.plus(t.times(q[0])).plus(u.cross(t));
    }
}
