package org.neuroprior.experiments.data;

import java.io.IOException;
import java.util.List;

import org.neuroprior.envs.whisker.SweepSource;

/** The built-in engine: this process's threads simulate the samples of all pending shards, written in plan order. */
public final class LocalShards implements ShardEngine {
    private final SweepSource source;
    private final int threads;
    private volatile boolean stopRequested;

    /** @param threads samples simulated at once, 1 or more */
    public LocalShards(SweepSource source, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + "; accepted: 1 or more");
        this.source = source;
        this.threads = threads;
    }

    @Override
    public boolean write(DatasetStore dir, List<ShardPlan> shards, SampleCheck check, Runnable sampleWritten, Finished finished) throws IOException {
        return ShardPipeline.run(source, check, dir, shards, threads, "", () -> stopRequested, sampleWritten, finished);
    }

    @Override
    public void requestStop() {
        stopRequested = true;
    }
}
