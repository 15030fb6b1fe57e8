package org.neuroprior.experiments.engine;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.neuroprior.envs.whisker.SweepSource;
import org.neuroprior.experiments.data.DatasetStore;
import org.neuroprior.experiments.data.SampleCheck;
import org.neuroprior.experiments.data.ShardEngine;
import org.neuroprior.experiments.data.ShardPipeline;
import org.neuroprior.experiments.data.ShardPlan;
import org.neuroprior.experiments.data.ShardRecord;

/**
 * A dataset's shards as Spark tasks. The executor makes the sweep source from its recipe (once per JVM), simulates
 * samples on {@code spark.task.cpus} threads and writes files through the dataset's store: a directory it must see
 * at the same path as the driver (a shared filesystem), or one of a Hadoop filesystem ({@code hdfs://},
 * {@code s3a://}). The driver records each shard in the manifest as it is finished.
 *
 * <p>Task granularity follows the cores: with {@code S} task slots ({@link SparkEngine#slots()}) and {@code N}
 * pending samples, a shard of more than {@code ceil(N / 2S)} samples is split into that many near-equal pieces
 * ({@link #bounds}), so that a small dataset of few large shards still keeps every core busy (the built-in engine
 * spreads every shard's samples over all cores). The first job writes whole shards and pieces; a second joins each
 * split shard's pieces into its files (a task per shard, on an executor), the same bytes as a whole-shard task's. A
 * retried task whose earlier attempt had already put its shard or piece in place keeps it instead of simulating
 * again; pieces are temporary files, so a run stopped between the two jobs simulates unjoined pieces again next time.
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

    /**
     * Rows {@code [from, to)} of a shard (positions within it) to write into a directory: the whole shard when
     * {@code whole}, else one piece of it.
     */
    record ShardTask(DatasetStore dir, ShardPlan plan, int from, int to, boolean whole) implements Serializable {
    }

    /** A split shard to join from its pieces, whose boundaries are {@code bounds}. */
    record JoinTask(DatasetStore dir, ShardPlan plan, int[] bounds) implements Serializable {
    }

    /**
     * How each shard is cut into tasks for {@code slots} task slots: per shard, the pieces' boundaries within it,
     * {@code {0, samples}} for a shard left whole. A shard of more than {@code ceil(total / (2 x slots))} samples is cut
     * into {@code ceil(samples / that)} pieces of near-equal size. Depends only on the shards and the slots.
     *
     * @param slots tasks that run at once, 1 or more
     */
    static List<int[]> bounds(List<ShardPlan> shards, int slots) {
        long total = shards.stream().mapToLong(ShardPlan::samples).sum();
        long most = Math.max(1, (total + 2L * slots - 1) / (2L * slots));
        List<int[]> bounds = new ArrayList<>();
        for (ShardPlan plan : shards) {
            int n = plan.samples();
            int pieces = (int) Math.max(1, (n + most - 1) / most);
            int[] b = new int[pieces + 1];
            for (int k = 0; k <= pieces; k++) b[k] = (int) ((long) k * n / pieces);
            bounds.add(b);
        }
        return bounds;
    }

    @Override
    public boolean write(DatasetStore dir, List<ShardPlan> shards, SampleCheck check, Runnable sampleWritten, Finished finished) throws IOException {
        Recipe r = recipe;
        List<int[]> bounds = bounds(shards, spark.slots());
        List<ShardTask> tasks = new ArrayList<>();
        List<JoinTask> joins = new ArrayList<>();
        for (int s = 0; s < shards.size(); s++) {
            int[] b = bounds.get(s);
            for (int k = 0; k + 1 < b.length; k++) tasks.add(new ShardTask(dir, shards.get(s), b[k], b[k + 1], b.length == 2));
            if (b.length > 2) joins.add(new JoinTask(dir, shards.get(s), b));
        }
        boolean done = spark.<ShardTask, Serializable>run("neuroprior whisker-data", tasks, (task, info) -> {
            SweepSource source = SOURCES.computeIfAbsent(r, k -> r.get());
            String tag = ".t" + info.attemptId();
            if (task.whole()) {
                return ShardPipeline.one(source, check, task.dir(), task.plan(), info.cpus(), tag, info.stopRequested());
            }
            boolean written = ShardPipeline.piece(source, check, task.dir(), task.plan(), task.from(), task.to(), info.cpus(), tag,
                    info.stopRequested());
            return written ? Integer.valueOf(task.to() - task.from()) : null; // samples, for the progress
        }, (index, result, where) -> {
            if (result instanceof ShardRecord record) {
                for (int i = 0; i < record.samples(); i++) sampleWritten.run();
                finished.shard(record);
            } else if (result instanceof Integer samples) {
                for (int i = 0; i < samples; i++) sampleWritten.run();
            }
        }, 60);
        if (!done || joins.isEmpty()) return done;
        int classes = check.classes();
        return spark.run("neuroprior whisker-data: joining split shards", joins,
                (task, info) -> ShardPipeline.assemble(task.dir(), task.plan(), task.bounds(), classes, ".t" + info.attemptId()),
                (index, record, where) -> finished.shard(record), 60);
    }

    @Override
    public void requestStop() {
        spark.requestStop();
    }
}
