package org.neuroprior.experiments.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.SweepSource;

/**
 * Simulates the samples of some shards on a pool of threads and writes them in plan order, each shard through a
 * {@link ShardWriter} (temporary files renamed into place when whole). At most a window of samples is in flight or
 * waiting to be written, so memory stays bounded (about {@code 4 x threads x 92 kB}) whatever the number of shards,
 * while workers run ahead into the next shard. Every engine writes shards this way: the built-in one all pending
 * shards at once, a Spark task its one shard or one piece of a shard ({@link #piece}, joined by {@link #assemble}).
 */
public final class ShardPipeline {
    private ShardPipeline() {
    }

    /**
     * Writes {@code shards} into {@code dir}.
     *
     * @param tag           added to the temporary files' names, so that two attempts at one shard never share one
     *                      ("" for none)
     * @param stop          polled while waiting for samples: true abandons the shard in progress
     * @param sampleWritten called after each sample is appended
     * @param finished      called with each shard's record once its files are in place
     * @return true if every shard was written, false if stopped or interrupted
     * @throws SampleFailedException if a sample throws, comes back null or fails {@code check}
     */
    public static boolean run(SweepSource source, SampleCheck check, DatasetStore dir, List<ShardPlan> shards, int threads, String tag,
                              BooleanSupplier stop, Runnable sampleWritten, ShardEngine.Finished finished) throws IOException {
        List<Part> parts = shards.stream().map(p -> new Part(p, 0, p.samples(), false)).toList();
        return write(source, check, dir, parts, threads, tag, stop, sampleWritten, finished);
    }

    /** Rows {@code [from, to)} of a shard: the whole shard, or a piece of it ({@link ShardWriter#piece}). */
    private record Part(ShardPlan plan, int from, int to, boolean piece) {
        int[] indices() {
            return java.util.Arrays.copyOfRange(plan.indices(), from, to);
        }

        ShardWriter writer(DatasetStore dir, List<String> classNames, String tag) throws IOException {
            return piece ? ShardWriter.piece(dir, plan, from, to, classNames, tag) : new ShardWriter(dir, plan, classNames, tag);
        }
    }

    private static boolean write(SweepSource source, SampleCheck check, DatasetStore dir, List<Part> parts, int threads, String tag,
                                 BooleanSupplier stop, Runnable sampleWritten, ShardEngine.Finished finished) throws IOException {
        if (parts.isEmpty()) return true;
        int window = 4 * threads;
        int[] order = parts.stream().flatMapToInt(p -> Arrays.stream(p.indices())).toArray();
        ExecutorService pool = Executors.newFixedThreadPool(threads, workerThreads());
        ArrayDeque<Future<SweepSample>> inFlight = new ArrayDeque<>();
        int submitted = 0;
        try {
            for (Part part : parts) {
                ShardRecord record;
                try (ShardWriter shard = part.writer(dir, source.classNames(), tag)) {
                    for (int index : part.indices()) {
                        while (submitted < order.length && inFlight.size() < window) {
                            int i = order[submitted++];
                            inFlight.add(pool.submit(() -> source.sample(i)));
                        }
                        SweepSample sample = await(index, inFlight.poll(), stop);
                        if (sample == null) return false;
                        check.check(index, sample);
                        shard.append(index, sample);
                        sampleWritten.run();
                    }
                    record = shard.commit();
                }
                if (record != null) finished.shard(record);
            }
            return true;
        } finally {
            pool.shutdownNow(); // on failure or stop: interrupt what is still simulating (daemon threads in any case)
        }
    }

    /**
     * Writes the piece {@code [from, to)} of a shard (positions within it) as a task of a cluster does, on
     * {@code threads} threads, its temporary files tagged with {@code tag}; a piece an earlier attempt already finished
     * is kept. {@link #assemble} later joins the shard's pieces.
     *
     * @return true if the piece is in place, false if stopped
     */
    public static boolean piece(SweepSource source, SampleCheck check, DatasetStore dir, ShardPlan plan, int from, int to, int threads,
                                String tag, BooleanSupplier stop) throws IOException {
        if (ShardWriter.pieceDone(dir, plan, from, to)) return true;
        return write(source, check, dir, List.of(new Part(plan, from, to, true)), threads, tag, stop, () -> { }, r -> { });
    }

    /**
     * Joins the finished pieces of a shard (boundaries {@code bounds}, {@link ShardWriter#assemble}) into its files, as
     * a task of a cluster does; if an earlier attempt already put the shard in place, its record is read back instead.
     *
     * @return the shard's record
     * @throws IOException if a piece is missing or a file cannot be written
     */
    public static ShardRecord assemble(DatasetStore dir, ShardPlan plan, int[] bounds, int classes, String tag) throws IOException {
        var adopted = ShardCheck.adopt(dir, plan, classes);
        if (adopted.isPresent()) return adopted.get();
        return ShardWriter.assemble(dir, plan, bounds, classes, tag);
    }

    /**
     * Writes one shard as a task of a cluster does: if an earlier attempt already put all of its files in place (its
     * result lost with its executor), their record is read back from them instead of simulating again; otherwise the
     * shard is simulated on {@code threads} threads, its temporary files tagged with {@code tag}.
     *
     * @return the shard's record, or null if stopped
     */
    public static ShardRecord one(SweepSource source, SampleCheck check, DatasetStore dir, ShardPlan plan, int threads, String tag,
                                  BooleanSupplier stop) throws IOException {
        var adopted = ShardCheck.adopt(dir, plan, check.classes());
        if (adopted.isPresent()) return adopted.get();
        ShardRecord[] record = new ShardRecord[1];
        return run(source, check, dir, List.of(plan), threads, tag, stop, () -> { }, r -> record[0] = r) ? record[0] : null;
    }

    /** The sample, or null if the run was asked to stop (or interrupted) while waiting for it. */
    private static SweepSample await(int index, Future<SweepSample> future, BooleanSupplier stop) {
        while (true) {
            if (stop.getAsBoolean()) return null;
            try {
                SweepSample sample = future.get(200, TimeUnit.MILLISECONDS);
                if (sample == null) throw new SampleFailedException(index, null, "came back null", null);
                return sample;
            } catch (TimeoutException e) {
                // look at the stop flag again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw new SampleFailedException(index, null, "failed: " + cause, cause);
            }
        }
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "whisker-dataset-" + count.incrementAndGet());
            t.setDaemon(true); // a stuck simulation must not keep the JVM alive after Ctrl-C or a failure
            return t;
        };
    }
}
