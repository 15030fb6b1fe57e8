package org.neuroprior.envs.whisker;

import org.bytedeco.javacpp.DoublePointer;
import org.neuroprior.envs.mujoco.MjData;
import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.mujoco.binding.MuJoCo;
import org.neuroprior.envs.mujoco.binding.mjData;
import org.neuroprior.envs.mujoco.binding.mjModel;

/**
 * When a moving object can touch a whisker at rest: MuJoCo's own collision test between the object (at its place on the
 * path) and the whisker's rest shape, at regular probe times, with the whisker's capsules inflated by how far the object
 * moves between two probes plus {@link #CLEARANCE}. A probe that finds nothing proves that the object stays at least
 * {@code CLEARANCE} away from the rest shape from the probe before to the probe after, so a whisker at rest before the
 * first hit cannot have been touched, and one back at rest after the last hit never will be again.
 */
final class ContactProbe {
    /** Gap (mm) the probes guarantee between the object and the rest shape outside the window. */
    static final double CLEARANCE = 0.05;
    /** Longest interval between probes (s). */
    static final double MAX_INTERVAL = 0.005;
    /** Most the object may move between probes (mm). */
    static final double MAX_TRAVEL = 0.5;

    private ContactProbe() {}

    /**
     * The window [first, last] (s) within [from, to] outside which the object stays clear of the rest shape, or null
     * if it never comes near; the caller knows that it is clear before {@code from} and after {@code to}.
     * {@code model} holds one or more whiskers (geoms with contype 1) at rest and the object, which {@code motion}
     * moves; the data's state is reset on return.
     */
    static double[] window(MjModel model, MjData data, WhiskerSweeper.ObjectMotion motion, double from, double to) {
        var m = model.raw();
        var d = data.raw();
        double speed = motion.speed();
        double interval = speed > 0 ? Math.min(MAX_INTERVAL, MAX_TRAVEL / speed) : MAX_INTERVAL;
        int probes = Math.max(1, (int) Math.ceil((to - from) / interval));
        interval = (to - from) / probes;
        double margin = speed * interval + CLEARANCE;
        DoublePointer margins = m.geom_margin();
        var contype = m.geom_contype();
        int ngeom = m.ngeom();
        double[] saved = new double[ngeom];
        for (int g = 0; g < ngeom; g++) {
            saved[g] = margins.get(g);
            if (contype.get(g) == 1) margins.put(g, margin);
        }
        int first = -1, last = -1;
        try {
            // Only the first and the last probe that finds a contact matter: search forwards for the one and backwards
            // for the other, so the probes between them (the costly ones, with the object close) are never made. Each
            // probe depends on its time alone (positions, then collisions), so this finds what probing all of them would.
            for (int i = 0; i <= probes && first < 0; i++) {
                if (touches(m, d, motion, from + i * interval)) first = i;
            }
            for (int i = probes; first >= 0 && last < 0; i--) {
                if (i == first || touches(m, d, motion, from + i * interval)) last = i;
            }
        } finally {
            for (int g = 0; g < ngeom; g++) margins.put(g, saved[g]);
            data.reset();
        }
        if (first < 0) return null;
        return new double[] {Math.max(from, from + (first - 1) * interval), Math.min(to, from + (last + 1) * interval)};
    }

    /** Whether the object at its place at time {@code t} (s) is within the inflated margins of a whisker geom. */
    private static boolean touches(mjModel m, mjData d, WhiskerSweeper.ObjectMotion motion, double t) {
        motion.moveTo(t);
        MuJoCo.mj_kinematics(m, d);
        MuJoCo.mj_collision(m, d);
        return d.ncon() > 0;
    }
}
