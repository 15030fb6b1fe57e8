package org.neuroprior.experiments.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.SweepSource;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.envs.whisker.data.WhiskerManifest;

/**
 * Turns a {@link SweepSource} into a whisker dataset on disk: sharded NPY arrays per split plus {@code dataset.json}.
 *
 * <h2>Layout</h2>
 * <pre>
 * dataset.json                   settings, class names, array layout, counts per split and class, every shard
 * train/data-00000.npy           float32 '&lt;f4', shape (n, 110, 35, 6): (sample, time, grid cell, channel), C order
 * train/labels-00000.npy         int64 '&lt;i8', shape (n,): class index into settings.class_names
 * train/sweeps-00000.json        {"split", "shard", "samples": [{"index", "label", "class", "parameters"}, ...]}
 * train/...-00001.*, validate/..., test/...
 * dataset.lock                   held while a run writes (an empty file, left behind)
 * </pre>
 * Row {@code j} of a shard's data, labels and sweeps belong to the same sample; {@code index} is its index in the
 * source. Channels are Fx, Fy, Fz, Mx, My, Mz at each whisker base; the 35 cells are a row-major 5 x 7 grid with zeros
 * at {@link SweepSample#PADDING_CELLS}. Shards hold {@code shard_size} samples (the last of a split fewer).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Deterministic: the files depend only on the settings ({@link DatasetSettings}), never on the thread count or
 *       timing; samples are simulated in parallel but written in plan order ({@link SplitPlan}).</li>
 *   <li>Resumable: shard files are written under {@code .partial} names and renamed into place when complete; the
 *       manifest then records their lengths and CRC-32s. Running again with the same settings keeps the shards that
 *       check out ({@link ShardCheck}), deletes stale temporary files and writes the rest. Other settings are refused
 *       with the list of differences.</li>
 *   <li>Failure: a sample that throws or comes back unusable stops the run with a {@link SampleFailedException}
 *       naming it; finished shards stay.</li>
 * </ul>
 */
public final class WhiskerDatasetWriter {
    public static final String TEMPORARY_SUFFIX = ".partial";
    public static final String LOCK_FILE = "dataset.lock";
    public static final int DEFAULT_SHARD_SIZE = 500;

    /**
     * How to write.
     *
     * @param seed      seed of the split assignment (use the dataset's seed)
     * @param shardSize samples per shard: 500 samples make 46 MB data files
     * @param fractions train/validate/test fractions
     * @param threads   samples simulated at once; 0 = one per core. Does not change the files.
     */
    public record Options(long seed, int shardSize, SplitFractions fractions, int threads) {
        public Options {
            if (shardSize < 1) throw new IllegalArgumentException("shard size must be at least 1, got " + shardSize);
            if (threads < 0) throw new IllegalArgumentException("threads must be 0 (all cores) or more, got " + threads);
        }

        /** Shards of {@value #DEFAULT_SHARD_SIZE}, 0.8/0.1/0.1 splits, one thread per core. */
        public static Options defaults(long seed) {
            return new Options(seed, DEFAULT_SHARD_SIZE, SplitFractions.DEFAULT, 0);
        }

        public Options withShardSize(int shardSize) {
            return new Options(seed, shardSize, fractions, threads);
        }

        public Options withFractions(SplitFractions fractions) {
            return new Options(seed, shardSize, fractions, threads);
        }

        public Options withThreads(int threads) {
            return new Options(seed, shardSize, fractions, threads);
        }
    }

    /** What the writer reports as it goes (all calls come from the thread that called {@link #write}). */
    public interface Listener {
        /** A shard the manifest called done failed its check on resume and will be written again. */
        default void shardDamaged(String shard, String reason) {
        }

        /** Writing starts: {@code samplesDone} of {@code samples} are already in finished shards. */
        default void started(int samples, int samplesDone) {
        }

        default void sampleWritten() {
        }

        default void shardWritten(ShardPlan shard) {
        }

        /** The run ended, however (also on failure). */
        default void finished() {
        }
    }

    /**
     * How a run ended.
     *
     * @param samplesWritten samples simulated and written by this run
     * @param shardsKept     finished shards found intact and kept
     * @param shardsDamaged  shards the manifest called done that failed their check and were (to be) redone
     * @param complete       every shard is done
     * @param stopped        the run stopped early on request ({@link #requestStop}) or interruption
     */
    public record Result(String directory, int samples, int samplesWritten, int shardsWritten, int shardsKept, int shardsDamaged,
                         boolean complete, boolean stopped) {
    }

    private final SweepSource source;
    private final IntUnaryOperator classOf;
    private final Options options;
    private final DatasetSettings settings;
    private volatile boolean stopRequested;
    private volatile ShardEngine engine;
    private volatile ShardEngine stopOnRequest;

    /**
     * @param source            the sweeps
     * @param sourceDescription what defines the source (protocol, classes, per-class count, seed, ...): stored in the
     *                          manifest and compared on resume, so it must name everything that changes the samples
     * @param classOf           the class of each sample index when known without simulating it (e.g.
     *                          {@code i -> i / perClass}), so that each class is split in proportion; null if unknown.
     *                          Each sample's label is checked against it.
     */
    public WhiskerDatasetWriter(SweepSource source, Map<String, Object> sourceDescription, IntUnaryOperator classOf, Options options) {
        if (source.size() < 1) throw new IllegalArgumentException("the sweep source defines no samples");
        if (source.classNames().isEmpty()) throw new IllegalArgumentException("the sweep source has no classes");
        this.source = source;
        this.classOf = classOf;
        this.options = options;
        this.settings = new DatasetSettings(sourceDescription, source.simulator(), source.size(), source.classNames(), options.seed(), options.shardSize(),
                options.fractions(), classOf != null);
    }

    public DatasetSettings settings() {
        return settings;
    }

    /** Asks a running {@link #write} to stop at the next sample, abandoning the shard in progress. Safe from any thread. */
    public void requestStop() {
        stopRequested = true;
        ShardEngine e = stopOnRequest;
        if (e != null) e.requestStop();
    }

    /** What any engine needs to check the samples of this dataset (serializable, for a cluster's executors). */
    public SampleCheck sampleCheck() {
        return new SampleCheck(settings.classNames().size(), classOf);
    }

    /**
     * Writes the dataset into {@code directory}, or continues the one there.
     *
     * @throws IllegalArgumentException if the directory holds another dataset (other settings), something that is not a
     *                                  dataset, or a dataset another process is writing
     * @throws SampleFailedException    if a sample fails; the shards finished before it are kept
     * @throws IOException              if files cannot be written
     */
    public Result write(Path directory, Listener listener) throws IOException {
        return write(new LocalStore(directory), listener, null);
    }

    /**
     * As {@link #write(Path, Listener)}, into {@code store} (a local directory or one of a Hadoop filesystem), with the
     * pending shards scheduled by {@code engine} (null: this process's threads, {@link Options#threads()} of them).
     * Planning, resuming and the manifest stay here whatever the engine.
     */
    public Result write(DatasetStore store, Listener listener, ShardEngine engine) throws IOException {
        this.engine = engine;
        try {
            store.createDirectory();
            try (var lock = store.lock()) {
                return writeLocked(store, listener);
            }
        } finally {
            listener.finished();
        }
    }

    private Result writeLocked(DatasetStore dir, Listener listener) throws IOException {
        List<ShardPlan> plans = ShardPlan.all(SplitPlan.of(settings.size(), classOf, settings.fractions(), settings.seed()),
                settings.shardSize());
        DatasetManifest manifest;
        dir.recover(WhiskerManifest.FILE);
        if (dir.isFile(WhiskerManifest.FILE)) {
            manifest = DatasetManifest.resume(dir, settings, plans);
        } else {
            requireNoOtherContent(dir);
            manifest = new DatasetManifest(settings, plans);
        }
        deleteTemporaryFiles(dir);

        int kept = 0, damaged = 0;
        List<ShardPlan> pending = new ArrayList<>();
        for (ShardPlan plan : plans) {
            ShardRecord record = manifest.record(plan);
            if (record != null) {
                Optional<String> problem = ShardCheck.problem(dir, plan, record);
                if (problem.isEmpty()) {
                    kept++;
                    continue;
                }
                damaged++;
                listener.shardDamaged(plan.name(), problem.get());
                manifest.forget(plan);
            }
            pending.add(plan);
            // Files of an unfinished shard (left between its renames and the manifest update, or damaged) go now, so
            // that no file under a final name disagrees with the manifest while the shard is redone.
            for (String file : List.of(plan.dataFile(), plan.labelsFile(), plan.sweepsFile())) dir.delete(file);
        }
        manifest.write(dir);
        listener.started(settings.size(), manifest.samplesDone());
        Progress progress = generate(dir, manifest, pending, listener);
        return new Result(dir.location(), settings.size(), progress.samples, progress.shards, kept, damaged, manifest.complete(), progress.stopped);
    }

    private static void requireNoOtherContent(DatasetStore dir) throws IOException {
        List<String> others = dir.list("").stream().filter(name -> !name.equals(LOCK_FILE) && !name.endsWith(TEMPORARY_SUFFIX)).toList();
        if (!others.isEmpty()) {
            throw new IllegalArgumentException(dir.location() + " is not empty and holds no " + WhiskerManifest.FILE + " (it has "
                    + String.join(", ", others.subList(0, Math.min(5, others.size()))) + (others.size() > 5 ? ", ..." : "")
                    + "); choose an empty or new directory");
        }
    }

    /** Removes what an interrupted run left half-written: files with the temporary suffix, at the top and in the splits. */
    private static void deleteTemporaryFiles(DatasetStore dir) throws IOException {
        List<String> folders = new ArrayList<>(List.of(""));
        for (Split split : Split.values()) folders.add(split.directory() + "/");
        for (String folder : folders) {
            for (String name : dir.list(folder)) if (name.endsWith(TEMPORARY_SUFFIX)) dir.delete(folder + name);
        }
    }

    private static final class Progress {
        int samples, shards;
        boolean stopped;
    }

    /** Schedules the pending shards on the engine (this process's threads by default); records each finished one. */
    private Progress generate(DatasetStore dir, DatasetManifest manifest, List<ShardPlan> pending, Listener listener) throws IOException {
        Progress progress = new Progress();
        if (pending.isEmpty()) return progress;
        ShardEngine.Finished finished = record -> {
            manifest.markDone(record);
            manifest.write(dir);
            progress.shards++;
            progress.samples += record.samples();
            listener.shardWritten(pending.stream().filter(p -> p.split() == record.split() && p.number() == record.number()).findFirst().orElseThrow());
        };
        ShardEngine chosen = engine != null ? engine
                : new LocalShards(source, options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors());
        stopOnRequest = chosen;
        if (stopRequested) return stopped(progress);
        boolean done = chosen.write(dir, pending, sampleCheck(), listener::sampleWritten, finished);
        progress.stopped = !done;
        return progress;
    }

    private static Progress stopped(Progress progress) {
        progress.stopped = true;
        return progress;
    }
}
