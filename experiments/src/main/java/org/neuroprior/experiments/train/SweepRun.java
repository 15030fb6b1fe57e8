package org.neuroprior.experiments.train;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.neuroprior.experiments.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a sweep as a task that any engine can run, here or on a Spark executor: its name, its resolved config
 * (as YAML text, so that it travels) and where it lives ({@link RunStore}: a local directory, or a local working
 * directory published to a Hadoop URI). Running it is idempotent:
 * <ul>
 *   <li>a working directory with a checkpoint is resumed from it (a finished run returns at once, having trained
 *       nothing); with a Hadoop URI the working directory is first brought to the newest published state
 *       ({@link RunStore#prepare});</li>
 *   <li>a directory with run files but no checkpoint holds nothing to resume (its attempt died before its first
 *       checkpoint, {@link CheckpointSchedule}): those files are removed and the run starts afresh;</li>
 *   <li>one attempt at a time per working directory: the attempt holds a lock on {@code run.lock} in it while it
 *       trains, so a retry waits for an attempt that is still running there (a lost but living executor) and then
 *       continues from its checkpoint.</li>
 * </ul>
 * Every file of a run is replaced atomically ({@link Trainer}), so the working directory is always a resumable run.
 *
 * @param name   the run's name in messages, e.g. {@code ncap-ppo/seed1}
 * @param config the resolved config as YAML ({@link ConfigFiles#toYaml})
 * @param store  where the run lives
 */
public record SweepRun(String name, String config, RunStore store) implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(SweepRun.class);
    /** The lock file an attempt holds while it trains. */
    public static final String LOCK = "run.lock";

    /** A run in the local directory {@code directory}. */
    public static SweepRun of(String name, TrainConfig config, Path directory) {
        return of(name, config, new LocalRunStore(directory));
    }

    public static SweepRun of(String name, TrainConfig config, RunStore store) {
        return new SweepRun(name, ConfigFiles.toYaml(config.toMap()), store);
    }

    /** The local directory the run trains in. */
    public Path dir() {
        return store.workingDirectory();
    }

    /** Whether the working directory holds a checkpoint to continue from. */
    public boolean hasCheckpoint() {
        return hasCheckpoint(dir());
    }

    /** Whether {@code directory} holds a checkpoint (or the previous one) to continue from. */
    static boolean hasCheckpoint(Path directory) {
        Path checkpoint = directory.resolve(Trainer.CHECKPOINT);
        return Files.exists(checkpoint) || Files.exists(Checkpoint.previous(checkpoint));
    }

    /** Whether anything of the run is kept (a checkpoint or run files; for a URI, a published run or progress). */
    public boolean hasRunFiles() throws IOException {
        return store.holdsRun();
    }

    /**
     * How a run ended.
     *
     * @param steps    training steps done
     * @param stopped  it stopped early on request, with a checkpoint
     * @param failure  why it failed (one line), or null
     * @param expected the failure is an expected one (a damaged checkpoint, bad settings): exit code 2, not 1
     */
    public record Outcome(String name, String directory, long steps, boolean stopped, String failure, boolean expected) implements Serializable {
    }

    /**
     * Trains the run (see the class comment), reporting to {@code listener}; {@code stop} is polled after every
     * iteration and ends the run with a checkpoint. Failures come back in the outcome, not as exceptions, since
     * trying a deterministic run again would fail again.
     */
    public Outcome train(Trainer.Listener listener, BooleanSupplier stop) {
        String directory = store.location();
        if (stop.getAsBoolean()) return new Outcome(name, directory, 0, true, null, false);
        try {
            TrainConfig resolved = ConfigFiles.parse(config);
            Files.createDirectories(dir());
            try (FileChannel channel = FileChannel.open(dir().resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                store.prepare(config);
                boolean resume = hasCheckpoint();
                if (!resume) for (String f : LocalRunStore.RUN_FILES) Files.deleteIfExists(dir().resolve(f));
                Stoppable stoppable = new Stoppable(listener, stop, store);
                Trainer trainer = new Trainer(resolved, dir(), stoppable);
                stoppable.trainer = trainer;
                Trainer.Result r = trainer.run(resume);
                if (!r.stopped()) store.finished(r.steps());
                return new Outcome(name, directory, r.steps(), r.stopped(), null, false);
            }
        } catch (Exception e) {
            if (e instanceof UncheckedIOException u && u.getCause() != null) e = u.getCause(); // from checkpointed()
            String expected = Main.expectedFailure(e);
            if (expected == null) LOG.error("run {} failed", name, e);
            return new Outcome(name, directory, 0, false, expected != null ? expected : e.toString(), expected != null);
        }
    }

    /** Passes everything on, asks the trainer to stop when {@code stop} says so and tells the store of each checkpoint. */
    private static final class Stoppable implements Trainer.Listener {
        private final Trainer.Listener listener;
        private final BooleanSupplier stop;
        private final RunStore store;
        Trainer trainer;

        Stoppable(Trainer.Listener listener, BooleanSupplier stop, RunStore store) {
            this.listener = listener;
            this.stop = stop;
            this.store = store;
        }

        @Override
        public void checkpointed(long steps) {
            try {
                store.checkpointed(steps);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            listener.checkpointed(steps);
            if (stop.getAsBoolean()) trainer.requestStop(); // before another iteration begins
        }

        @Override
        public void started(TrainConfig config, long parameterCount, long stepsDone) {
            listener.started(config, parameterCount, stepsDone);
        }

        @Override
        public void iteration(long steps, double seconds) {
            listener.iteration(steps, seconds);
            if (stop.getAsBoolean()) trainer.requestStop();
        }

        @Override
        public void epoch(Map<String, Double> row) {
            listener.epoch(row);
        }

        @Override
        public void warning(String message) {
            listener.warning(message);
        }
    }
}
