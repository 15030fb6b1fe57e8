package org.neuroprior.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.experiments.RunFiles;

/** A sweep's run as a task: idempotent whatever its directory holds, as a retried or rerun task finds it. */
class SweepRunTest {
    @TempDir
    Path dir;

    private static TrainConfig config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", "swimmer-swim");
        m.put("env_options", Map.of("bodies", 3, "time_limit", 50));
        m.put("arch", "mlp");
        m.put("agent_options", Map.of("segment", 200, "envs", 2, "actor_iterations", 5, "critic_iterations", 5));
        m.put("steps", 400);
        m.put("epoch_steps", 200);
        m.put("test_episodes", 2);
        m.put("threads", 1);
        return TrainConfig.resolve(m);
    }

    @Test
    void aDirectoryWithoutCheckpointStartsAfreshAndAFinishedRunIsNotTrainedAgain() throws IOException {
        SweepRun whole = SweepRun.of("whole", config(), dir.resolve("whole"));
        SweepRun.Outcome first = whole.train(new Trainer.Listener() { }, () -> false);
        assertNull(first.failure());
        assertEquals(400, first.steps());

        // An attempt that died during its first epoch left run files but no checkpoint.
        Path died = dir.resolve("died");
        Files.createDirectories(died);
        Files.writeString(died.resolve(Trainer.LOG), "train/steps,train/epoch\n0,0\n");
        Files.writeString(died.resolve(Trainer.CONFIG), "half: of a config\n");
        SweepRun retry = SweepRun.of("died", config(), died);
        assertTrue(retry.hasRunFiles());
        assertFalse(retry.hasCheckpoint());
        SweepRun.Outcome again = retry.train(new Trainer.Listener() { }, () -> false);
        assertNull(again.failure(), again.failure());
        assertEquals(RunFiles.scores(dir.resolve("whole")), RunFiles.scores(died));

        int[] iterations = {0};
        SweepRun.Outcome rerun = whole.train(new Trainer.Listener() {
            @Override
            public void iteration(long steps, double seconds) {
                iterations[0]++;
            }
        }, () -> false);
        assertEquals(400, rerun.steps());
        assertEquals(0, iterations[0], "a finished run is not trained again");
    }

    @Test
    void aStopBeforeTheStartLeavesNoTraceAndADamagedCheckpointIsAnExpectedFailure() throws IOException {
        SweepRun run = SweepRun.of("r", config(), dir.resolve("r"));
        SweepRun.Outcome stopped = run.train(new Trainer.Listener() { }, () -> true);
        assertTrue(stopped.stopped());
        assertFalse(Files.exists(dir.resolve("r")));

        Files.createDirectories(dir.resolve("r"));
        Files.writeString(dir.resolve("r").resolve(Trainer.CHECKPOINT), "not a checkpoint");
        SweepRun.Outcome failed = run.train(new Trainer.Listener() { }, () -> false);
        assertTrue(failed.expected(), failed.failure());
        assertTrue(failed.failure().contains(Trainer.CHECKPOINT), failed.failure());
    }
}
