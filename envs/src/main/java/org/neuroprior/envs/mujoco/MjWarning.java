package org.neuroprior.envs.mujoco;

import org.neuroprior.envs.mujoco.binding.MuJoCo;

/** MuJoCo's warning kinds (mjtWarning). The BAD_* ones mean the simulation diverged and MuJoCo reset it. */
public enum MjWarning {
    INERTIA(MuJoCo.mjWARN_INERTIA),
    CONTACT_FULL(MuJoCo.mjWARN_CONTACTFULL),
    CONSTRAINT_FULL(MuJoCo.mjWARN_CNSTRFULL),
    BAD_QPOS(MuJoCo.mjWARN_BADQPOS),
    BAD_QVEL(MuJoCo.mjWARN_BADQVEL),
    BAD_QACC(MuJoCo.mjWARN_BADQACC),
    BAD_CTRL(MuJoCo.mjWARN_BADCTRL);

    final int code;

    MjWarning(int code) {
        this.code = code;
    }
}
