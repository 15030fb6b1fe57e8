package org.neuroprior.experiments.train;

import java.util.function.LongSupplier;

import org.neuroprior.registry.Option;

/**
 * When a trainer writes its checkpoint: at the end of an epoch once at least {@code checkpoint_every} seconds of wall
 * time have passed since the last checkpoint (or since the run started or resumed in this process), and always at the
 * run's end and on a stop request (Ctrl-C, SIGTERM). Every trainer ({@link Trainer}, the tactile trainer) decides
 * through this one class, and the option is defined here once ({@link #OPTION}) for both configs.
 *
 * <p>Why: a gridworld DQN epoch is one episode (about 100 steps, a fraction of a second), and its checkpoint holds the
 * 20,000-step replay buffer (8.6 MB), so a checkpoint after every epoch wrote about 5 GB per run. Throttling does not
 * change what a run computes: a resumed run truncates {@code log.csv} to its checkpoint's epoch and repeats the epochs
 * after it exactly (every random draw derives from the seed and the iteration), so a run killed between checkpoints
 * and resumed ends with the same files as an uninterrupted one; a crash loses at most {@code checkpoint_every} seconds
 * plus one epoch of work.
 *
 * <p>Not thread-safe: one trainer's loop owns it.
 */
public final class CheckpointSchedule {
    /** Config key. */
    public static final String KEY = "checkpoint_every";

    /**
     * The config key of every trainer: seconds of wall time between checkpoints (at epoch ends); 0 = after every epoch.
     * Default 300 (5 minutes).
     */
    public static final Option OPTION = Option.number(KEY, 300, 0, 1e9,
            "seconds of wall time between checkpoints, written at an epoch's end (always at the run's end and on Ctrl-C or SIGTERM); "
                    + "0 = after every epoch. Results do not depend on it");

    private final long everyNanos;
    private final LongSupplier clock;
    private long last;

    /**
     * @param everySeconds seconds between checkpoints, >= 0 (0: every epoch)
     * @param clock        monotonic time in nanoseconds ({@code System::nanoTime}; tests pass their own)
     * @throws IllegalArgumentException if {@code everySeconds} is negative or not a number
     */
    public CheckpointSchedule(double everySeconds, LongSupplier clock) {
        if (!(everySeconds >= 0)) throw new IllegalArgumentException(KEY + " = " + everySeconds + " is not valid; accepted: seconds >= 0");
        this.everyNanos = (long) Math.min(Long.MAX_VALUE / 2.0, everySeconds * 1e9);
        this.clock = clock;
        this.last = clock.getAsLong();
    }

    /** A schedule on the system's monotonic clock. */
    public static CheckpointSchedule every(double seconds) {
        return new CheckpointSchedule(seconds, System::nanoTime);
    }

    /**
     * Whether an epoch that just ended should write a checkpoint.
     *
     * @param last true at the run's end (its budget spent, early-stopped) or on a stop request: always due
     */
    public boolean due(boolean last) {
        return last || clock.getAsLong() - this.last >= everyNanos;
    }

    /** Records that a checkpoint was just written: the next is due {@code checkpoint_every} seconds from now. */
    public void written() {
        last = clock.getAsLong();
    }
}
