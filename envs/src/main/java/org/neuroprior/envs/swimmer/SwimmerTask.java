package org.neuroprior.envs.swimmer;

import java.util.random.RandomGenerator;

/**
 * What a swimmer is asked to do: how an episode starts, what it observes and how it is rewarded
 * (dm_control's split of physics and task).
 */
public sealed interface SwimmerTask permits SwimTask, NavigateTask {

    /** Short name, used in environment ids ({@code swimmer-<name>}). */
    String name();

    /** Length of the observation vector for a swimmer of {@code bodies} links. */
    int observationSize(int bodies);

    /** Sets the initial state of an episode (physics already reset to its default). */
    default void initializeEpisode(SwimmerPhysics physics, RandomGenerator rng) {
        physics.randomizeInitialState(rng);
    }

    /** Writes the observation of the current state into {@code out}. */
    void observe(SwimmerPhysics physics, double[] out);

    /** Reward for reaching the current state. */
    double reward(SwimmerPhysics physics);
}
