package org.neuroprior.envs.mujoco;

import org.neuroprior.envs.mujoco.binding.MuJoCo;

/** Kinds of named model elements that can be looked up by name (MuJoCo's mjtObj). */
public enum MjObject {
    BODY(MuJoCo.mjOBJ_BODY),
    JOINT(MuJoCo.mjOBJ_JOINT),
    GEOM(MuJoCo.mjOBJ_GEOM),
    SITE(MuJoCo.mjOBJ_SITE),
    ACTUATOR(MuJoCo.mjOBJ_ACTUATOR),
    SENSOR(MuJoCo.mjOBJ_SENSOR);

    final int code;

    MjObject(int code) {
        this.code = code;
    }
}
