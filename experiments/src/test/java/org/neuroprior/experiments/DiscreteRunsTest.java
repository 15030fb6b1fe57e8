package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.agents.Policy;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelFiles;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;
import org.neuroprior.experiments.train.TrainedPolicy;

/** The command line trains, evaluates and plays on a Discrete environment as on a continuous one. */
class DiscreteRunsTest {

    @BeforeAll
    static void registerTheTestEnvironment() {
        Cue.register();
    }

    @Test
    void trainEvalAndPlayWorkOnADiscreteEnvironment(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("ppo");
        CommandRun train = CommandRun.of("train", "--env", Cue.ID, "--arch", "mlp", "--agent", "ppo", "--agent-option", "segment=400",
                "--agent-option", "envs=2", "--steps", "4000", "--epoch-steps", "2000", "--test-episodes", "5", "--out", run.toString());
        assertEquals(0, train.code(), train.out() + train.err());
        List<String> log = Files.readAllLines(run.resolve("log.csv"));
        assertTrue(log.get(0).contains("actor/entropy"), log.get(0));
        CommandRun eval = CommandRun.of("eval", run.toString(), "--episodes", "5");
        assertEquals(0, eval.code(), eval.out() + eval.err());
        assertTrue(eval.out().contains("score"), eval.out());
        CommandRun play = CommandRun.of("play", run.toString(), "--out", dir.resolve("play").toString());
        assertEquals(0, play.code(), play.out() + play.err());
        List<String> trajectory = Files.readAllLines(dir.resolve("play").resolve("trajectory.csv"));
        assertEquals("step,reward,action", trajectory.get(0));
        assertEquals(12, trajectory.size(), "header, 10 steps and the final observation");
        CommandRun es = CommandRun.of("train", "--env", Cue.ID, "--arch", "mlp", "--agent", "es", "--steps", "400", "--epoch-steps", "200",
                "--test-episodes", "1", "--out", dir.resolve("es").toString());
        assertEquals(0, es.code(), es.out() + es.err());
    }

    @Test
    void doubleDqnTrainsOnADiscreteEnvironmentAndLogsItsStatistics(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("dqn");
        CommandRun r = CommandRun.of("train", "--env", "cartpole", "--arch", "mlp", "--agent", "dqn", "--agent-option", "learning_starts=100",
                "--agent-option", "train_frequency=2", "--steps", "600", "--epoch-steps", "300", "--test-episodes", "2", "--out", run.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> log = Files.readAllLines(run.resolve("log.csv"));
        assertEquals(4, log.size(), "the header, row 0 and two epochs: " + log);
        for (String column : List.of("dqn/epsilon", "dqn/loss", "dqn/q_mean", "dqn/updates", "train/episode_score/mean")) {
            assertTrue(log.get(0).contains(column), column + " in " + log.get(0));
        }
        CommandRun more = CommandRun.of("train", "--resume", "--steps", "900", "--out", run.toString());
        assertEquals(0, more.code(), more.out() + more.err());
        assertEquals(5, Files.readAllLines(run.resolve("log.csv")).size());
    }

    @Test
    void theSavedPolicyActsAsTheCheckpointedOne(@TempDir Path dir) throws Exception {
        // An MLP normalises its observations: the statistics must travel with the policy file.
        Path run = dir.resolve("run");
        CommandRun train = CommandRun.of("train", "--env", "swimmer-swim", "--env-option", "bodies=3", "--env-option", "time_limit=50",
                "--arch", "mlp", "--agent", "ppo", "--agent-option", "segment=200", "--agent-option", "envs=2", "--steps", "600",
                "--epoch-steps", "200", "--test-episodes", "1", "--out", run.toString());
        assertEquals(0, train.code(), train.out() + train.err());
        Model saved = ModelFiles.load(run.resolve("policy.model"));
        assertTrue(saved.normalizer() != null && saved.normalizer().count() > 0, "observation statistics saved");
        TrainedPolicy trained = TrainedPolicy.load(run);
        try (Env<?> env = trained.environment(null); Policy<?> fromCheckpoint = trained.forEnvironment(env);
             Policy<?> fromFile = new Policy<>(saved, env.actionSpace())) {
            Step s = env.reset(5);
            for (int t = 0; t < 50 && !s.done(); t++) {
                double[] a = ((double[]) fromCheckpoint.act(s.observation())).clone();
                double[] b = (double[]) fromFile.act(s.observation());
                org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, 0.0, "step " + t);
                s = step(env, a);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Step step(Env env, Object action) {
        return env.step(action);
    }

    @Test
    void aStatelessModelOnATaskThatNeedsMemoryGetsAWarning(@TempDir Path dir) {
        Cue.registerForgetful();
        CommandRun mlp = CommandRun.of("train", "--env", Cue.FORGETFUL, "--arch", "mlp", "--agent", "es", "--steps", "100", "--epoch-steps",
                "100", "--test-episodes", "1", "--out", dir.resolve("mlp").toString());
        assertEquals(0, mlp.code(), mlp.err());
        assertTrue(mlp.err().contains("needs memory") && mlp.err().contains("--arch gru"), mlp.err());
        CommandRun gru = CommandRun.of("train", "--env", Cue.FORGETFUL, "--arch", "gru", "--agent", "es", "--steps", "100", "--epoch-steps",
                "100", "--test-episodes", "1", "--out", dir.resolve("gru").toString());
        assertEquals(0, gru.code(), gru.err());
        assertTrue(!gru.err().contains("needs memory"), gru.err());
        CommandRun stacked = CommandRun.of("train", "--env", Cue.FORGETFUL, "--arch", "mlp", "--agent", "es", "--frame-stack", "4",
                "--steps", "100", "--epoch-steps", "100", "--test-episodes", "1", "--out", dir.resolve("stacked").toString());
        assertEquals(0, stacked.code(), stacked.err());
        assertTrue(!stacked.err().contains("needs memory"), stacked.err());
    }
}
