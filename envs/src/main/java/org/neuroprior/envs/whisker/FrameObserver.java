package org.neuroprior.envs.whisker;

import org.neuroprior.envs.mujoco.MjData;
import org.neuroprior.envs.mujoco.MjModel;

/**
 * Looks at the simulation after each recorded frame of a sweep (every 1 ms), e.g. to capture the whiskers' deflected
 * shape for a picture. It must only read: the sweep's signals must not depend on whether anyone watched.
 */
@FunctionalInterface
public interface FrameObserver {
    /**
     * @param frame recorded frame, 0 .. DURATION * RECORD_HZ - 1, at time (frame + 1) / RECORD_HZ s
     * @param model the sweep's model: only the whiskers the object can reach are in it (see {@link SweepPath})
     */
    void frameRecorded(int frame, MjModel model, MjData data);
}
