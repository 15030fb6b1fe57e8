package org.neuroprior.envs;

/**
 * An environment whose task changes with the number of episodes it has run, such as a room whose hidden goal moves
 * after a given episode (a transfer test). Each instance keeps its own clock: the episodes it has started.
 *
 * <p>Two instances of the same task agree only if their clocks agree. Whoever runs a second instance of a task an
 * agent trains on (a trainer's test environment) or rebuilds one after a restart (a resumed run) sets its clock
 * with {@link #setEpisodes}, so that it shows the task as training sees it.
 */
public interface Nonstationary {

    /** Episodes started so far: the number of resets since the instance was made, or since {@link #setEpisodes}. */
    long episodes();

    /**
     * Sets the clock: the next reset starts episode number {@code count} (counted from 0), and the task follows.
     *
     * @throws IllegalArgumentException if {@code count < 0}
     */
    void setEpisodes(long count);
}
