package org.neuroprior.experiments.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.experiments.RunFiles;
import org.neuroprior.experiments.train.SweepRun;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.experiments.train.Trainer;

/**
 * A sweep's run published to a Hadoop URI (a test scheme mapped to Hadoop's local filesystem, so through the
 * FileSystem API): an interrupted run leaves one whole snapshot, a run resumed elsewhere continues from it, the finished
 * run equals one trained in a local directory, and nothing half-published or local is left.
 */
class HadoopRunStoreTest {
    @TempDir
    Path tmp;

    private static TrainConfig config() {
        return config(400);
    }

    private static TrainConfig config(long steps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", "swimmer-swim");
        m.put("env_options", Map.of("bodies", 3, "time_limit", 50));
        m.put("arch", "mlp");
        m.put("agent_options", Map.of("segment", 200, "envs", 2, "actor_iterations", 5, "critic_iterations", 5));
        m.put("steps", steps);
        m.put("epoch_steps", 200);
        m.put("test_episodes", 2);
        m.put("threads", 1);
        m.put("checkpoint_every", 0); // a checkpoint, hence a snapshot, after every epoch
        return TrainConfig.resolve(m);
    }

    private HadoopRunStore store(Path runDir) {
        return new HadoopRunStore(LocalSchemeFileSystem.SCHEME + "://" + runDir.toAbsolutePath(),
                Map.of("fs." + LocalSchemeFileSystem.SCHEME + ".impl", LocalSchemeFileSystem.class.getName()));
    }

    /** Counts what the trainer reports. */
    private static final class Counting implements Trainer.Listener {
        int iterations, epochs, checkpoints;

        @Override
        public void iteration(long steps, double seconds) {
            iterations++;
        }

        @Override
        public void epoch(Map<String, Double> row) {
            epochs++;
        }

        @Override
        public void checkpointed(long steps) {
            checkpoints++;
        }
    }

    @Test
    void anInterruptedRunIsOneWholeSnapshotAndResumesElsewhereToTheSameRun() throws IOException {
        SweepRun local = SweepRun.of("local", config(), tmp.resolve("local/seed1"));
        assertNull(local.train(new Trainer.Listener() { }, () -> false).failure());

        Path remote = tmp.resolve("remote/mlp-ppo/seed1");
        HadoopRunStore store = store(remote);
        assertFalse(store.holdsRun());
        SweepRun run = SweepRun.of("mlp-ppo/seed1", config(), store);
        // Stopped at its first checkpoint (200 steps), as a lost executor would be.
        Counting first = new Counting();
        SweepRun.Outcome stopped = run.train(first, () -> first.checkpoints > 0);
        assertNull(stopped.failure(), stopped.failure());
        assertTrue(stopped.stopped());
        assertEquals(200, stopped.steps());
        assertEquals(List.of("seed1.unfinished-200"), names(remote.getParent()), "one snapshot, nothing under the run's name");
        assertEquals(HadoopRunStore.FILES.stream().sorted().toList(), names(remote.resolveSibling("seed1.unfinished-200")));
        assertTrue(store.holdsRun());

        // The retry lands on another machine: no working directory there.
        deleteTree(store.workingDirectory());
        Counting second = new Counting();
        SweepRun.Outcome finished = run.train(second, () -> false);
        assertNull(finished.failure(), finished.failure());
        assertEquals(400, finished.steps());
        assertEquals(1, second.epochs, "continued from the published snapshot: only the last epoch is trained");
        assertEquals(List.of("seed1"), names(remote.getParent()), "the finished run alone, no snapshot or temporary left");
        assertEquals(HadoopRunStore.FILES.stream().sorted().toList(), names(remote));
        assertFalse(Files.exists(store.workingDirectory()), "the working directory is removed once the run is published");

        Path expected = tmp.resolve("local/seed1");
        RunFiles.assertSameRun(expected, remote);

        // A rerun (or a late retry) of the finished run trains nothing and publishes nothing again.
        long modified = Files.getLastModifiedTime(remote.resolve(Trainer.CHECKPOINT)).toMillis();
        Counting third = new Counting();
        SweepRun.Outcome again = run.train(third, () -> false);
        assertNull(again.failure(), again.failure());
        assertEquals(400, again.steps());
        assertEquals(0, third.iterations, "a finished run is not trained again");
        assertEquals(modified, Files.getLastModifiedTime(remote.resolve(Trainer.CHECKPOINT)).toMillis());
        assertEquals(List.of("seed1"), names(remote.getParent()));
        assertFalse(Files.exists(store.workingDirectory()));

        // --resume with a raised budget goes on from the finished run and replaces it, as in a local directory.
        assertNull(SweepRun.of("local", config(600), expected).train(new Trainer.Listener() { }, () -> false).failure());
        Counting fourth = new Counting();
        SweepRun.Outcome extended = SweepRun.of("mlp-ppo/seed1", config(600), store).train(fourth, () -> false);
        assertNull(extended.failure(), extended.failure());
        assertEquals(600, extended.steps());
        assertEquals(1, fourth.epochs, "only the added epoch is trained");
        assertEquals(List.of("seed1"), names(remote.getParent()));
        RunFiles.assertSameRun(expected, remote);
    }

    @Test
    void leftoversOfInterruptedAttemptsAreRemovedBeforeTheNextRun() throws IOException {
        Path remote = tmp.resolve("remote/mlp-ppo/seed2");
        Files.createDirectories(remote.resolveSibling("seed2.1a2b-77.partial"));
        Files.writeString(remote.resolveSibling("seed2.1a2b-77.partial").resolve(Trainer.LOG), "half");
        Files.createDirectories(remote.resolveSibling("seed20.unfinished-200")); // another run's: kept
        HadoopRunStore store = store(remote);
        assertFalse(store.holdsRun(), "a half-published directory is not a run");
        store.removeLeftovers();
        assertEquals(List.of("seed20.unfinished-200"), names(remote.getParent()));

        // A snapshot a slow attempt published after the run was finished (at 400 steps) goes too; one beyond it (the
        // budget raised on --resume, then interrupted) stays.
        Files.createDirectories(remote);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(remote.resolve(Trainer.CHECKPOINT)))) {
            out.writeInt(0x4E50434B); // the opening of a checkpoint: magic, format version, config (none), steps
            out.writeInt(2);
            out.writeInt(0);
            out.writeLong(400);
        }
        Files.createDirectories(remote.resolveSibling("seed2.unfinished-200"));
        Files.createDirectories(remote.resolveSibling("seed2.unfinished-600"));
        assertTrue(store.holdsRun());
        store.removeLeftovers();
        assertEquals(List.of("seed2", "seed2.unfinished-600", "seed20.unfinished-200"), names(remote.getParent()));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) Files.delete(all.get(i));
    }
}
