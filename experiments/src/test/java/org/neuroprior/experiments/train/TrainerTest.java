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
import org.neuroprior.envs.AbstractEnv;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.EnvSpec;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Nonstationary;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.whisker.ProtocolSweeps;
import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.experiments.data.SplitFractions;
import org.neuroprior.experiments.data.WhiskerDatasetWriter;
import org.neuroprior.registry.Options;
import org.neuroprior.experiments.RunFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainerTest {
    @TempDir
    Path dir;

    /** A small, fast config: 3-link swimmers, 50-step episodes, a checkpoint after every epoch. */
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
        m.put(CheckpointSchedule.KEY, 0); // after every epoch: the damaged-checkpoint cases need the one before the last
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

    /**
     * The headline gridworld run's shape, shrunk: dqn under protocol auxrl with the predictive heads, a log row after
     * every episode (so the checkpoint, with its replay buffer, was written after every episode before throttling).
     */
    private static TrainConfig gridworld() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", "gridworld");
        m.put("env_options", Map.of("shuffle", true, "layout_seed", 2, "time_limit", 40));
        m.put("arch", "conv");
        m.put("arch_options", Map.of("latent", 5));
        m.put("agent", "dqn");
        m.put("agent_options", Map.of("protocol", "auxrl", "predictive_weight", 0.01, "negative_random_weight", 0.01,
                "negative_consecutive_weight", 0.01, "buffer_size", 500));
        m.put("seed", 4);
        m.put("steps", 1_000_000);
        m.put("iterations", 7);
        m.put("test_episodes", 2);
        m.put("threads", 1);
        return TrainConfig.resolve(m);
    }

    /** A tiny whisker-data dataset (box and star, 3 sweeps each, 4 links per whisker), simulated once for the tests that replay it. */
    private static Path whiskerDataset;

    private static synchronized Path whiskerDataset() throws IOException {
        if (whiskerDataset != null) return whiskerDataset;
        List<String> classes = List.of("box", "star");
        SweepProtocol protocol = SweepProtocol.named("low").with("distance", "5").with("height", "0");
        var sweeps = new ProtocolSweeps(protocol, ObjectCatalog.procedural(classes), 3, 4, WhiskerPhysics.defaults().withLinks(4));
        var writer = new WhiskerDatasetWriter(sweeps, Map.of("protocol", protocol.name(), "classes", classes, "per_class", 3), i -> i / 3,
                WhiskerDatasetWriter.Options.defaults(4).withFractions(new SplitFractions(0.5, 0, 0.5)).withThreads(1));
        Path out = Files.createTempDirectory("trainer-test-whisker").resolve("two");
        assertTrue(writer.write(out, new WhiskerDatasetWriter.Listener() {
        }).complete());
        whiskerDataset = out;
        return out;
    }

    /**
     * The embodied predictive piece's whisker run, shrunk: PPO with a recurrent policy (GRU) and the predictive heads
     * on {@code whisker-sweep} replaying a tiny dataset: 22-step episodes, one per environment and segment, bptt 22 (a
     * whole episode), a log row after every segment.
     */
    private static TrainConfig whiskerWithHeads() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", "whisker-sweep");
        m.put("env_options", Map.of("dataset", whiskerDataset().toString(), "frames_per_step", 5));
        m.put("arch", "gru");
        m.put("arch_options", Map.of("encoder", List.of(16), "size", 16));
        m.put("agent", "ppo");
        m.put("agent_options", Map.of("segment", 44, "envs", 2, "bptt", 22, "actor_iterations", 3, "critic_iterations", 3,
                "predictive_weight", 0.01, "predictive_gamma", 0.5, "negative_random_weight", 0.01, "negative_consecutive_weight", 0.01));
        m.put("seed", 5);
        m.put("steps", 7 * 44);
        m.put("epoch_steps", 44);
        m.put("test_episodes", 2);
        m.put("threads", 1);
        return TrainConfig.resolve(m);
    }

    /**
     * checkpoint_every throttles the checkpoints (a fake clock advanced one "second" per log row, checkpoints every
     * 2 s: written after rows 1, 3, 5, ... and at the end); a run killed after row 4 (its row in log.csv, no checkpoint
     * since row 3) resumes from row 3's checkpoint, truncates log.csv there, and ends with the same log, checkpoint
     * (timing aside) and policy.model as an uninterrupted run.
     */
    @ParameterizedTest
    @CsvSource({"dqn-gridworld", "ppo-swimmer", "ppo-gru-whisker"})
    void aThrottledRunKilledBetweenCheckpointsResumesToTheSameFiles(String which) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>((switch (which) {
            case "dqn-gridworld" -> gridworld();
            case "ppo-gru-whisker" -> whiskerWithHeads();
            default -> config("ppo", "mlp");
        }).toMap());
        m.put(CheckpointSchedule.KEY, 2);
        if (which.equals("ppo-swimmer")) { // a row after every 200-step segment, 7 of them
            m.put("steps", 1400);
            m.put("epoch_steps", 200);
        }
        TrainConfig config = TrainConfig.resolve(m);
        assertFalse(ConfigFiles.fingerprint(config).contains(CheckpointSchedule.KEY), "a resumed run may change it");

        long[] now = {0};
        Path whole = dir.resolve("whole");
        Trainer.Result full = new Trainer(config, whole, new Trainer.Listener() {
            @Override
            public void epoch(Map<String, Double> row) {
                now[0] += 1_000_000_000L;
            }
        }, () -> now[0]).run(false);
        assertFalse(full.stopped());
        int rows = full.epochs();
        assertTrue(rows >= 6, rows + " rows");

        Path split = dir.resolve("split");
        now[0] = 0;
        List<Double> stepsOfRow = new ArrayList<>();
        class Killed extends RuntimeException {
        }
        assertThrows(Killed.class, () -> new Trainer(config, split, new Trainer.Listener() {
            @Override
            public void epoch(Map<String, Double> row) {
                now[0] += 1_000_000_000L;
                stepsOfRow.add(row.get("train/steps"));
                if (stepsOfRow.size() == 5) throw new Killed(); // after row 4 is in log.csv, before any checkpoint
            }
        }, () -> now[0]).run(false));
        assertEquals(6, Files.readAllLines(split.resolve(Trainer.LOG)).size(), "header and rows 0 to 4");
        long[] resumedAt = {-1};
        now[0] = 0;
        Trainer.Result resumed = new Trainer(config, split, new Trainer.Listener() {
            @Override
            public void started(TrainConfig c, long parameterCount, long stepsDone) {
                resumedAt[0] = stepsDone;
            }

            @Override
            public void epoch(Map<String, Double> row) {
                now[0] += 1_000_000_000L;
            }
        }, () -> now[0]).run(true);
        assertEquals(stepsOfRow.get(3).longValue(), resumedAt[0], "resumed from row 3's checkpoint: none was written after row 4");
        assertEquals(full.steps(), resumed.steps());
        assertEquals(rows, resumed.epochs());
        assertEquals(RunFiles.scores(whole), RunFiles.scores(split));
        assertArrayEquals(RunFiles.checkpointWithoutTiming(whole.resolve(Trainer.CHECKPOINT)),
                RunFiles.checkpointWithoutTiming(split.resolve(Trainer.CHECKPOINT)));
        assertArrayEquals(Files.readAllBytes(whole.resolve(Trainer.POLICY)), Files.readAllBytes(split.resolve(Trainer.POLICY)));
        if (which.equals("ppo-gru-whisker")) assertPredictiveTermsLogged(whole);
    }

    /**
     * The EAD encoder as an agent's perception network: PPO with the small ConvRNN on {@code whisker-sweep} observing
     * each step's 5 frames as [5, 35, 6] ({@code obs_type=frames}), the last 2 stacked ({@code frame_stack = 2}: the
     * encoder unrolls over 2 images), replaying the tiny simulated dataset: the model takes the observation's shape,
     * and every row of log.csv has a finite test score in [0, 1].
     */
    @Test
    void ppoTrainsTheConvRnnEncoderOnWhiskerFrames() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", "whisker-sweep");
        m.put("env_options", Map.of("dataset", whiskerDataset().toString(), "frames_per_step", 5, "obs_type", "frames"));
        m.put("arch", "convrnn");
        m.put("agent", "ppo");
        m.put("agent_options", Map.of("segment", 44, "envs", 2, "actor_iterations", 2, "critic_iterations", 2));
        m.put("seed", 5);
        m.put("steps", 4 * 44);
        m.put("epoch_steps", 88);
        m.put("test_episodes", 2);
        m.put("frame_stack", 2);
        m.put("threads", 1);
        Path run = dir.resolve("convrnn");
        Trainer.Result r = new Trainer(TrainConfig.resolve(m), run, new Trainer.Listener() {}).run(false);
        assertEquals(4 * 44, r.steps());
        var policy = org.neuroprior.architectures.ModelFiles.load(run.resolve(Trainer.POLICY));
        assertArrayEquals(new int[] {2, 5, 35, 6}, policy.io().inputShape());
        List<String> lines = Files.readAllLines(run.resolve(Trainer.LOG));
        assertEquals(4, lines.size(), "header, the untrained row and 2 epochs");
        int column = List.of(lines.get(0).split(",")).indexOf("test/episode_score/mean");
        for (String line : lines.subList(1, lines.size())) {
            double score = Double.parseDouble(line.split(",", -1)[column]);
            assertTrue(score >= 0 && score <= 1, "test score " + score + " in " + line);
        }
    }

    /** Every row after the untrained one logs the three predictive terms, finite and positive. */
    private static void assertPredictiveTermsLogged(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve(Trainer.LOG));
        List<String> header = List.of(lines.get(0).split(","));
        for (String term : List.of("predictive/prediction", "predictive/negative_random", "predictive/negative_consecutive")) {
            int column = header.indexOf(term);
            assertTrue(column >= 0, term + " is a column of log.csv");
            for (String line : lines.subList(2, lines.size())) {
                double v = Double.parseDouble(line.split(",", -1)[column]);
                assertTrue(Double.isFinite(v) && v > 0, term + " = " + v + " in " + line);
            }
        }
    }

    /** One-step episodes whose reward is the number of the episode on this instance's clock. */
    private static final class Clock extends AbstractEnv<Integer> implements Nonstationary {
        static final String ID = "test-clock";
        private final Step step = new Step(1);
        private long episodes;
        private long current;

        static void register() {
            if (!Envs.registry().contains(ID)) {
                Envs.register(new EnvSpec(ID, "one-step episodes rewarded with their number (test environment)", Options.of(), o -> new Clock()));
            }
        }

        @Override
        public long episodes() {
            return episodes;
        }

        @Override
        public void setEpisodes(long count) {
            episodes = count;
        }

        @Override
        public Box observationSpace() {
            return Box.uniform(1, 0, 1);
        }

        @Override
        public Space<Integer> actionSpace() {
            return new Discrete(2);
        }

        @Override
        protected Step resetEpisode(java.util.SplittableRandom random) {
            current = episodes++;
            return step.set(0, false, false);
        }

        @Override
        protected Step stepEpisode(Integer action) {
            endEpisode();
            return step.set(current, true, false);
        }
    }

    @Test
    void epochsAndBudgetsCanCountIterationsAndTestsSeeTheTaskOfTheLatestTrainingEpisode() throws IOException {
        Clock.register();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", Clock.ID);
        m.put("arch", "mlp");
        m.put("agent", "dqn");
        m.put("agent_options", Map.of("learning_starts", 2));
        m.put("iterations", 6);
        m.put("epoch_iterations", 2);
        m.put("test_episodes", 3);
        Path run = dir.resolve("clock");
        Trainer.Result r = new Trainer(TrainConfig.resolve(m), run, new Trainer.Listener() {}).run(false);
        assertEquals(6, r.steps(), "six one-step episodes, then the iteration budget is spent");
        List<String> log = Files.readAllLines(run.resolve(Trainer.LOG));
        assertEquals(5, log.size(), "header, row 0, a row every 2 episodes");
        int score = List.of(log.get(0).split(",")).indexOf("test/episode_score/mean");
        // Rows after 0, 2, 4 and 6 training episodes: every test episode is numbered as the latest training episode.
        double[] expected = {0, 1, 3, 5};
        for (int row = 0; row < 4; row++) assertEquals(expected[row], Double.parseDouble(log.get(row + 1).split(",")[score]), "row " + row);
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
        RunFacts now = RunFacts.current();
        assertEquals(now, RunFacts.recorded(ConfigFiles.readMap(run.resolve(Trainer.CONFIG))), yaml);
        // As if trained so far with another kernel set: a finished run continued with a larger budget goes on from
        // where it stopped, with one warning, and records both kernel sets.
        String other = now.openblasCoretype().equalsIgnoreCase("Haswell") ? "SkylakeX" : "Haswell";
        Files.writeString(run.resolve(Trainer.CONFIG), yaml.replace("openblas_coretype: " + now.openblasCoretype(), "openblas_coretype: " + other));
        Map<String, Object> more = new LinkedHashMap<>(config("es", "mlp").toMap());
        more.put("steps", 3200);
        List<String> warnings = new java.util.ArrayList<>();
        Trainer.Result r = new Trainer(TrainConfig.resolve(more), run, new Trainer.Listener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        }).run(true);
        assertEquals(3200, r.steps());
        assertEquals(6, Files.readAllLines(run.resolve(Trainer.LOG)).size());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("in the last bits"), warnings.get(0));
        assertEquals(other + RunFacts.THEN + now.openblasCoretype(),
                RunFacts.recorded(ConfigFiles.readMap(run.resolve(Trainer.CONFIG))).openblasCoretype());
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
