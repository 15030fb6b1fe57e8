package org.neuroprior.experiments.train;

import java.io.Serializable;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.neuroprior.experiments.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a sweep as a task that any engine can run, here or on a Spark executor: its name, its resolved config
 * (as YAML text, so that it travels) and its run directory. Running it is idempotent:
 * <ul>
 *   <li>a directory with a checkpoint is resumed from it (a finished run returns at once, having trained nothing);</li>
 *   <li>a directory with run files but no checkpoint holds nothing to resume (its attempt died before its first
 *       checkpoint, {@link CheckpointSchedule}): those files are removed and the run starts afresh;</li>
 *   <li>one attempt at a time: the attempt holds a lock on {@code run.lock} in the directory while it trains, so a
 *       retry waits for an attempt that is still running somewhere (a lost but living executor) and then continues
 *       from its checkpoint.</li>
 * </ul>
 * Every file of a run is replaced atomically ({@link Trainer}), so the directory is always a resumable run.
 *
 * @param name      the run's name in messages, e.g. {@code ncap-ppo/seed1}
 * @param config    the resolved config as YAML ({@link ConfigFiles#toYaml})
 * @param directory the run directory (a path every executor sees the same way)
 */
public record SweepRun(String name, String config, String directory) implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(SweepRun.class);
    /** The lock file an attempt holds while it trains. */
    public static final String LOCK = "run.lock";
    private static final List<String> RUN_FILES = List.of(Trainer.CONFIG, Trainer.LOG, Trainer.POLICY);

    public static SweepRun of(String name, TrainConfig config, Path directory) {
        return new SweepRun(name, ConfigFiles.toYaml(config.toMap()), directory.toString());
    }

    public Path dir() {
        return Path.of(directory);
    }

    /** Whether the directory holds a checkpoint to continue from. */
    public boolean hasCheckpoint() {
        Path checkpoint = dir().resolve(Trainer.CHECKPOINT);
        return Files.exists(checkpoint) || Files.exists(Checkpoint.previous(checkpoint));
    }

    /** Whether the directory holds anything of a run (a checkpoint or run files). */
    public boolean hasRunFiles() {
        return hasCheckpoint() || RUN_FILES.stream().anyMatch(f -> Files.exists(dir().resolve(f)));
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
        if (stop.getAsBoolean()) return new Outcome(name, directory, 0, true, null, false);
        try {
            TrainConfig resolved = ConfigFiles.parse(config);
            Files.createDirectories(dir());
            try (FileChannel channel = FileChannel.open(dir().resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                boolean resume = hasCheckpoint();
                if (!resume) for (String f : RUN_FILES) Files.deleteIfExists(dir().resolve(f));
                Stoppable stoppable = new Stoppable(listener, stop);
                Trainer trainer = new Trainer(resolved, dir(), stoppable);
                stoppable.trainer = trainer;
                Trainer.Result r = trainer.run(resume);
                return new Outcome(name, directory, r.steps(), r.stopped(), null, false);
            }
        } catch (Exception e) {
            String expected = Main.expectedFailure(e);
            if (expected == null) LOG.error("run {} failed", name, e);
            return new Outcome(name, directory, 0, false, expected != null ? expected : e.toString(), expected != null);
        }
    }

    /** Passes everything on and asks the trainer to stop when {@code stop} says so. */
    private static final class Stoppable implements Trainer.Listener {
        private final Trainer.Listener listener;
        private final BooleanSupplier stop;
        Trainer trainer;

        Stoppable(Trainer.Listener listener, BooleanSupplier stop) {
            this.listener = listener;
            this.stop = stop;
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
