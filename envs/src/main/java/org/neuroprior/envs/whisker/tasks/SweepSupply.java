package org.neuroprior.envs.whisker.tasks;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;

import org.neuroprior.envs.whisker.SweepParameters;
import org.neuroprior.envs.whisker.objects.ObjectShape;

/** Where {@link WhiskerSweepEnv}'s episodes come from: sweeps simulated at reset, or replayed from a dataset. */
interface SweepSupply {
    /**
     * One episode's sweep.
     *
     * @param label      its class index
     * @param signals    110 x 35 x 6 raw floats (frame, cell, channel), from index 0
     * @param object     the object swept, or null if not known (replayed)
     * @param parameters the sweep's parameters, or null if not known (replayed)
     * @param diverged   MuJoCo reported a diverged state while simulating it
     */
    record Drawn(int label, FloatBuffer signals, ObjectShape object, SweepParameters parameters, boolean diverged) {
    }

    /** Class names in label order. */
    List<String> classNames();

    /** The next episode's sweep, drawn from {@code rng} (the env's random stream). */
    Drawn draw(SplittableRandom rng);
}
