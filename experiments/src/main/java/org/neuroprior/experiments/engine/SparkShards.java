package org.neuroprior.experiments.engine;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.neuroprior.envs.whisker.SweepSource;
import org.neuroprior.experiments.data.SampleCheck;
import org.neuroprior.experiments.data.ShardEngine;
import org.neuroprior.experiments.data.ShardPipeline;
import org.neuroprior.experiments.data.ShardPlan;
import org.neuroprior.experiments.data.ShardRecord;

/**
 * A dataset's shards as Spark tasks, one task per shard: the executor makes the sweep source from its recipe (once
 * per JVM), simulates the shard's samples on {@code spark.task.cpus} threads and writes its files into the dataset
 * directory, which it must see at the same path as the driver (a shared filesystem). The driver records each shard
 * in the manifest as its task finishes. A retried task whose earlier attempt had already put the shard in place
 * reads its record back instead of simulating it again.
 */
public final class SparkShards implements ShardEngine {
    private static final Map<Object, SweepSource> SOURCES = new ConcurrentHashMap<>();
    private final SparkEngine spark;
    private final Recipe recipe;

    /** How an executor makes the sweep source: serializable, with equals (sources are cached per JVM by it). */
    public interface Recipe extends Supplier<SweepSource>, Serializable {
    }

    public SparkShards(SparkEngine spark, Recipe recipe) {
        this.spark = spark;
        this.recipe = recipe;
    }

    /** One shard to write into a directory. */
    record ShardTask(String dir, ShardPlan plan) implements Serializable {
    }

    @Override
    public boolean write(Path dir, List<ShardPlan> shards, SampleCheck check, Runnable sampleWritten, Finished finished) throws IOException {
        Recipe r = recipe;
        List<ShardTask> tasks = shards.stream().map(p -> new ShardTask(dir.toAbsolutePath().toString(), p)).toList();
        return spark.run("neuroprior whisker-data", tasks,
                (task, info) -> ShardPipeline.one(SOURCES.computeIfAbsent(r, k -> r.get()), check, Path.of(task.dir()), task.plan(),
                        info.cpus(), ".t" + info.attemptId(), info.stopRequested()),
                (index, record, where) -> {
                    for (int i = 0; i < record.samples(); i++) sampleWritten.run();
                    finished.shard(record);
                }, 60);
    }

    @Override
    public void requestStop() {
        spark.requestStop();
    }
}
