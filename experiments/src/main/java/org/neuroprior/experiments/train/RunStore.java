package org.neuroprior.experiments.train;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where a sweep's run lives: the local directory it trains in ({@link #workingDirectory()}) and where its files are
 * kept for good. For a local (or mounted, shared) directory the two are one ({@link LocalRunStore}: every hook does
 * nothing); for a Hadoop URI the run trains in a local working directory and its files are published to the URI
 * ({@code engine.HadoopRunStore}). Serializable: a cluster's executors train through the store the driver chose.
 *
 * <p>The hooks are called by {@link SweepRun#train} while it holds the working directory's lock, in this order:
 * {@link #prepare} once, {@link #checkpointed} after each checkpoint the trainer wrote, {@link #finished} once if the
 * run's budget is spent.
 */
public interface RunStore extends Serializable {
    /** The run as the user named it (a path or URI), for messages. */
    String location();

    /** The local directory the run trains in: its {@link Trainer} files, and {@link SweepRun#LOCK}. */
    Path workingDirectory();

    /**
     * Whether anything of the run is kept (a checkpoint or run files; for a URI, a published run or progress): a sweep
     * without {@code --resume} refuses to start over it. Called on the driver.
     */
    boolean holdsRun() throws IOException;

    /** Removes what interrupted attempts left half-published, before any attempt starts. Called on the driver. */
    default void removeLeftovers() throws IOException {
    }

    /**
     * Brings the working directory to the newest kept state of the run before the trainer starts.
     *
     * @param config the run's resolved config (YAML), to tell its files from another run's
     */
    default void prepare(String config) throws IOException {
    }

    /** The trainer has just written a checkpoint (and, at an epoch's end, the policy and log) of {@code steps} steps. */
    default void checkpointed(long steps) throws IOException {
    }

    /** The run's budget is spent; its working directory holds its final files, of {@code steps} steps. */
    default void finished(long steps) throws IOException {
    }
}
