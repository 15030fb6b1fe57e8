package org.neuroprior.experiments.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run in a local directory, or one on a shared filesystem mounted at the same path on every machine: it trains in
 * place, every file written atomically by the {@link Trainer}, so the directory is always a resumable run.
 *
 * @param directory the run directory, as a string so that it travels to executors
 */
public record LocalRunStore(String directory) implements RunStore {
    /** The files of a run beside its checkpoint. */
    static final List<String> RUN_FILES = List.of(Trainer.CONFIG, Trainer.LOG, Trainer.POLICY);

    public LocalRunStore(Path directory) {
        this(directory.toString());
    }

    @Override
    public String location() {
        return directory;
    }

    @Override
    public Path workingDirectory() {
        return Path.of(directory);
    }

    @Override
    public boolean holdsRun() {
        return SweepRun.hasCheckpoint(workingDirectory()) || RUN_FILES.stream().anyMatch(f -> Files.exists(workingDirectory().resolve(f)));
    }
}
