package org.neuroprior.experiments.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.experiments.RunFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainerTest {
    @TempDir
    Path dir;

    /** A small, fast config: 3-link swimmers, 50-step episodes. */
    private static TrainConfig config(String agent, String arch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", "swimmer-swim");
        m.put("env_options", Map.of("bodies", 3, "time_limit", 50));
        m.put("arch", arch);
        m.put("agent", agent);
        m.put("agent_options", agent.equals("ppo") ? Map.of("segment", 200, "envs", 2, "actor_iterations", 5, "critic_iterations", 5)
                : Map.of());
        m.put("seed", 3);
        m.put("steps", agent.equals("ppo") ? 1200 : 2400);
        m.put("epoch_steps", agent.equals("ppo") ? 400 : 800);
        m.put("test_episodes", 2);
        m.put("threads", 2);
        return TrainConfig.resolve(m);
    }

    @ParameterizedTest
    @CsvSource({"es, ncap", "ppo, ncap", "ppo, mlp"}) // each trains through its fused passes
    void interruptedAndResumedRunLogsWhatAnUninterruptedOneDoes(String agent, String arch) throws IOException {
        TrainConfig config = config(agent, arch);
        Path whole = dir.resolve("whole");
        Trainer.Result full = new Trainer(config, whole, new Trainer.Listener() {}).run(false);
        assertFalse(full.stopped());
        assertEquals(4, full.epochs()); // the untrained row 0, then 3 epochs

        Path split = dir.resolve("split");
        Trainer[] first = new Trainer[1];
        int[] iterations = {0};
        first[0] = new Trainer(config, split, new Trainer.Listener() {
            @Override
            public void iteration(long steps, double seconds) {
                if (++iterations[0] == 2) first[0].requestStop(); // as Ctrl-C would, mid-epoch
            }
        });
        Trainer.Result stopped = first[0].run(false);
        assertTrue(stopped.stopped());
        assertTrue(stopped.steps() < full.steps());
        Trainer.Result resumed = new Trainer(config, split, new Trainer.Listener() {}).run(true);
        assertFalse(resumed.stopped());
        assertEquals(full.steps(), resumed.steps());
        assertEquals(RunFiles.scores(whole), RunFiles.scores(split));
    }

    @Test
    void runDirectoryHoldsConfigLogAndCheckpoint() throws IOException {
        Path run = dir.resolve("run");
        new Trainer(config("es", "mlp"), run, new Trainer.Listener() {}).run(false);
        String yaml = Files.readString(run.resolve(Trainer.CONFIG));
        assertTrue(yaml.contains("parameter_count: 5122"), yaml); // 12 inputs: (12 + 1) x 64 + 65 x 64 + 65 x 2
        assertTrue(yaml.contains("time_feature: true"), yaml);
        List<String> log = Files.readAllLines(run.resolve(Trainer.LOG));
        assertEquals(5, log.size()); // header, row 0 (untrained), 3 epochs
        assertTrue(log.get(0).startsWith("train/steps,train/epoch,"), log.get(0));
        assertTrue(log.get(0).contains("test/episode_score/mean") && log.get(0).contains("test/episode_score/std"));
        assertTrue(Files.size(run.resolve(Trainer.CHECKPOINT)) > 0);
        var policy = org.neuroprior.architectures.ModelFiles.load(run.resolve(Trainer.POLICY));
        assertEquals(5122, policy.parameterCount());
        // A finished run continued with a larger budget goes on from where it stopped.
        Map<String, Object> more = new LinkedHashMap<>(config("es", "mlp").toMap());
        more.put("steps", 3200);
        Trainer.Result r = new Trainer(TrainConfig.resolve(more), run, new Trainer.Listener() {}).run(true);
        assertEquals(3200, r.steps());
        assertEquals(6, Files.readAllLines(run.resolve(Trainer.LOG)).size());
    }

    @Test
    void badCheckpointsAndMisuseAreClearErrors() throws IOException {
        Path run = dir.resolve("run");
        TrainConfig config = config("es", "ncap");
        new Trainer(config, run, new Trainer.Listener() {}).run(false);

        var again = assertThrows(IllegalArgumentException.class, () -> new Trainer(config, run, new Trainer.Listener() {}).run(false));
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());

        Map<String, Object> other = new LinkedHashMap<>(config.toMap());
        other.put("seed", 4);
        var mismatch = assertThrows(IOException.class,
                () -> new Trainer(TrainConfig.resolve(other), run, new Trainer.Listener() {}).run(true));
        assertTrue(mismatch.getMessage().contains("different config"), mismatch.getMessage());

        Path checkpoint = run.resolve(Trainer.CHECKPOINT);
        for (Path file : List.of(checkpoint, Checkpoint.previous(checkpoint))) { // the last and the one before it
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(file, bytes);
        }
        var corrupt = assertThrows(BadRunFileException.class, () -> new Trainer(config, run, new Trainer.Listener() {}).run(true));
        assertTrue(corrupt.getMessage().contains("corrupt") && corrupt.getMessage().contains("previous"), corrupt.getMessage());

        Files.write(checkpoint, new byte[] {1, 2, 3});
        var truncated = assertThrows(BadRunFileException.class, () -> new Trainer(config, run, new Trainer.Listener() {}).run(true));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

        Path empty = dir.resolve("empty");
        var none = assertThrows(IOException.class, () -> new Trainer(config, empty, new Trainer.Listener() {}).run(true));
        assertTrue(none.getMessage().contains("nothing to resume"), none.getMessage());
    }

    @Test
    void aRunWhoseLastCheckpointIsDamagedResumesFromTheOneBeforeAndLogsWhatAnUninterruptedRunDoes() throws IOException {
        TrainConfig config = config("es", "ncap");
        Path whole = dir.resolve("whole");
        new Trainer(config, whole, new Trainer.Listener() {}).run(false);

        Path damaged = dir.resolve("damaged");
        new Trainer(config, damaged, new Trainer.Listener() {}).run(false);
        Path checkpoint = damaged.resolve(Trainer.CHECKPOINT);
        byte[] bytes = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, java.util.Arrays.copyOf(bytes, bytes.length - 1)); // the last byte lost
        Trainer.Result r = new Trainer(config, damaged, new Trainer.Listener() {}).run(true);
        assertEquals(config.steps(), r.steps()); // the last epoch was redone from the previous checkpoint
        assertEquals(RunFiles.scores(whole), RunFiles.scores(damaged));
    }

    @Test
    void configErrorsNameTheKey() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> TrainConfig.resolve(Map.of("stepz", 5)));
        assertTrue(unknown.getMessage().contains("'stepz'"), unknown.getMessage());
        var arch = assertThrows(IllegalArgumentException.class, () -> TrainConfig.resolve(Map.of("arch", "transformer")));
        assertTrue(arch.getMessage().contains("'transformer'") && arch.getMessage().contains("mlp"), arch.getMessage());
        var steps = assertThrows(IllegalArgumentException.class, () -> TrainConfig.resolve(Map.of("steps", "many")));
        assertTrue(steps.getMessage().contains("'steps' = many"), steps.getMessage());
        Map<String, Object> badOption = new LinkedHashMap<>(config("es", "ncap").toMap());
        badOption.put("agent_options", Map.of("populaton", 8));
        var option = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainConfig.resolve(badOption), dir.resolve("x"), new Trainer.Listener() {}).run(false));
        assertTrue(option.getMessage().contains("'populaton'") && option.getMessage().contains("population"), option.getMessage());
    }

    @Test
    void aModelSpecNamesTheArchitectureAndItsOptions() {
        TrainConfig c = TrainConfig.resolve(Map.of("arch", "convrnn:lstm-ln+gpt", "arch_options", Map.of("size", "small")));
        assertEquals("convrnn", c.arch());
        assertEquals("lstm-ln", c.archOptions().get("cell"));
        assertEquals("gpt", c.archOptions().get("attender"));
        assertEquals("convrnn:lstm-ln+gpt", c.displayLabel(), "a spec is the default label");
        assertEquals(c, TrainConfig.resolve(c.toMap()), "the config file records it as the architecture and its options");
        var conflict = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.resolve(Map.of("arch", "convrnn:lstm", "arch_options", Map.of("cell", "gru"))));
        assertTrue(conflict.getMessage().contains("'cell'") && conflict.getMessage().contains("lstm") && conflict.getMessage().contains("gru"),
                conflict.getMessage());
        var word = assertThrows(IllegalArgumentException.class, () -> TrainConfig.resolve(Map.of("arch", "convrnn:lstn")));
        assertTrue(word.getMessage().contains("'lstn'") && word.getMessage().contains("timedecay"), word.getMessage());
    }
}
