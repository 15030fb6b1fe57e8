package org.neuroprior.experiments.data;

import java.io.IOException;
import java.util.List;

/**
 * How the pending shards of a dataset are scheduled: on this process's threads ({@link LocalShards}, the default) or
 * elsewhere, e.g. as Spark tasks. {@link WhiskerDatasetWriter} plans the shards, checks what a resumed run finds and
 * keeps the manifest; an engine only gets shards written. Whatever the engine, a shard's files appear under their
 * final names only when whole ({@link ShardPipeline}), and they are the same bytes.
 */
public interface ShardEngine {
    /** Receives a finished shard's record on the thread that called {@link #write}. */
    @FunctionalInterface
    interface Finished {
        void shard(ShardRecord record) throws IOException;
    }

    /**
     * Writes every shard of {@code shards} into {@code dir}, in any order.
     *
     * @param check         how to check each sample before it is written
     * @param sampleWritten called on the calling thread for each sample written (before its shard's {@code finished})
     * @param finished      called on the calling thread with each finished shard's record
     * @return true if every shard was written, false if it stopped early ({@link #requestStop()}, interruption)
     * @throws SampleFailedException if a sample fails; shards finished before it have been reported
     * @throws IOException           if files cannot be written
     */
    boolean write(DatasetStore dir, List<ShardPlan> shards, SampleCheck check, Runnable sampleWritten, Finished finished) throws IOException;

    /** Asks a running {@link #write} to stop soon, abandoning unfinished shards. Safe from any thread. */
    void requestStop();
}
