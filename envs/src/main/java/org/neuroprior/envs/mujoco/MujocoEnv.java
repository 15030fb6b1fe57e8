package org.neuroprior.envs.mujoco;

/** An environment simulated by MuJoCo, whose model can be exported (e.g. to open it in mujoco-simulate). */
public interface MujocoEnv {

    /** The MJCF document the environment's model was compiled from. */
    String mjcf();
}
