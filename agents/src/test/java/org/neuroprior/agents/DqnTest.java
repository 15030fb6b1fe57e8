package org.neuroprior.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * Double DQN learns small discrete tasks, with memory when the model has it, treats time-outs as the option says,
 * resumes exactly, does not depend on the thread count, and refuses Box actions.
 */
class DqnTest {
    private static final Map<String, Object> MLP = Map.of("hidden", List.of(16), "observation_normalization", false);
    private static final Map<String, Object> GRU = Map.of("encoder", List.of(), "size", 16, "observation_normalization", false);

    /** Settings for tiny tasks: learning from step 100, one update per step, epsilon 1 -> 0.05 over 500 steps. */
    private static Agent dqn(Supplier<? extends Env<?>> env, String arch, Map<String, Object> archOptions, long seed, int threads,
                             Object... extra) {
        Map<String, Object> o = AgentsTest.options("buffer_size", 5000, "batch_size", 32, "learning_rate", 3e-3, "gamma", 0.9,
                "target_update", 25, "exploration_steps", 500, "learning_starts", 100, "train_frequency", 1, "loss", "huber", "bptt", 8);
        o.putAll(AgentsTest.options(extra));
        return AgentsTest.agent("dqn", env, arch, archOptions, o, seed, threads);
    }

    private static void train(Agent agent, long steps) {
        long done = 0;
        while (done < steps) done += agent.iterate().steps();
    }

    @Test
    void learnsToNameAVisibleCue() {
        try (Agent agent = dqn(() -> new RecallCue(0), "mlp", MLP, 1, 1)) {
            double before = AgentsTest.recallScore(agent, 0);
            train(agent, 1500);
            double after = AgentsTest.recallScore(agent, 0);
            assertTrue(after >= 0.95, "DQN score before " + before + ", after " + after + " (chance 0.5)");
        }
    }

    @Test
    void aRecurrentQNetworkLearnsWhatAMemorylessOneCannot() {
        // The cue is seen 3 steps before it must be named: only the GRU can do better than chance.
        Object[] quick = {"learning_rate", 1e-2, "train_frequency", 4};
        try (Agent gru = dqn(() -> new RecallCue(3), "gru", GRU, 3, 2, quick); Agent mlp = dqn(() -> new RecallCue(3), "mlp", MLP, 3, 2, quick)) {
            train(gru, 1200);
            train(mlp, 1200);
            double remembered = AgentsTest.recallScore(gru, 3);
            double forgotten = AgentsTest.recallScore(mlp, 3);
            assertTrue(remembered >= 0.95, "GRU Q network: " + remembered);
            assertTrue(forgotten <= 0.7, "memoryless Q network: " + forgotten);
        }
    }

    @Test
    void aTimeOutIsBootstrappedUnlessTimeoutTerminalIsSet() {
        // Reward 1 at every step and every episode cut after one step: Q -> 1 / (1 - gamma) = 2 when bootstrapped, 1 if not.
        for (boolean terminal : new boolean[] {false, true}) {
            try (Agent agent = dqn(TimeOut::new, "mlp", MLP, 4, 1, "gamma", 0.5, "timeout_terminal", terminal, "learning_starts", 32)) {
                train(agent, 1500);
                try (Policy<?> policy = agent.policy()) {
                    policy.act(new double[] {1});
                    for (double q : policy.lastOutputs()) assertEquals(terminal ? 1 : 2, q, 0.1, "timeout_terminal " + terminal);
                }
            }
        }
    }

    @Test
    void resumesExactlyFromItsStateWithItsReplayBuffer() throws IOException {
        for (String arch : List.of("mlp", "gru")) {
            Map<String, Object> options = arch.equals("mlp") ? MLP : GRU;
            try (Agent a = dqn(() -> new RecallCue(2), arch, options, 5, 1, "learning_starts", 30, "train_frequency", 2);
                 Agent b = dqn(() -> new RecallCue(2), arch, options, 5, 1, "learning_starts", 30, "train_frequency", 2)) {
                train(a, 80);
                b.readState(AgentsTest.roundTrip(a));
                assertEquals(a.iterations(), b.iterations());
                for (int i = 0; i < 5; i++) assertEquals(a.iterate().stats(), b.iterate().stats(), arch);
                assertArrayEquals(AgentsTest.parameters(a), AgentsTest.parameters(b), arch);
            }
        }
    }

    @Test
    void isDeterministicWhateverTheThreadCount() {
        // With two threads the target network's pass runs beside the online one.
        for (String arch : List.of("mlp", "gru")) {
            Map<String, Object> options = arch.equals("mlp") ? MLP : GRU;
            try (Agent one = dqn(() -> new RecallCue(2), arch, options, 6, 1, "learning_starts", 30);
                 Agent two = dqn(() -> new RecallCue(2), arch, options, 6, 2, "learning_starts", 30)) {
                for (int i = 0; i < 20; i++) assertEquals(one.iterate().stats(), two.iterate().stats(), arch);
                assertArrayEquals(AgentsTest.parameters(one), AgentsTest.parameters(two), arch);
            }
        }
    }

    @Test
    void logsItsStatistics() {
        try (Agent agent = dqn(() -> new RecallCue(1), "mlp", MLP, 7, 1, "learning_starts", 3, "exploration_steps", 100)) {
            Map<String, Double> first = agent.iterate().stats();
            assertEquals(List.of("train/episode_score/mean", "train/episode_length/mean", "dqn/epsilon", "dqn/loss", "dqn/q_mean",
                    "dqn/updates"), List.copyOf(first.keySet()));
            assertEquals(0, first.get("dqn/updates"));
            assertTrue(first.get("dqn/loss").isNaN(), "no update, no loss");
            assertEquals(1 - 0.95 * 1 / 100, first.get("dqn/epsilon"), 1e-12, "epsilon at the episode's last step (step 1)");
            Map<String, Double> later = agent.iterate().stats();
            assertEquals(2, later.get("dqn/updates"));
            assertFalse(later.get("dqn/loss").isNaN());
            assertFalse(later.get("dqn/q_mean").isNaN());
        }
    }

    @Test
    void refusesBoxActionsInOneLine() {
        String refusal;
        try (ReachTarget box = new ReachTarget()) {
            refusal = Agents.get("dqn").refuses(box.actionSpace());
        }
        assertTrue(refusal.contains("discrete") && refusal.contains("ppo") && !refusal.contains("\n"), refusal);
        assertNull(Agents.get("dqn").refuses(new Discrete(3)));
        var e = assertThrows(IllegalArgumentException.class, () -> dqn(ReachTarget::new, "mlp", MLP, 1, 1));
        assertEquals(refusal, e.getMessage());
    }

    /** One observation {1}, two actions, reward 1, every episode truncated after one step. */
    private static final class TimeOut implements Env<Integer> {
        private final Step step = new Step(1);

        @Override
        public Box observationSpace() {
            return Box.uniform(1, 0, 1);
        }

        @Override
        public Space<Integer> actionSpace() {
            return new Discrete(2);
        }

        @Override
        public Step reset(long seed) {
            return reset();
        }

        @Override
        public Step reset() {
            step.observation()[0] = 1;
            return step.set(0, false, false);
        }

        @Override
        public Step step(Integer action) {
            return step.set(1, false, true);
        }

        @Override
        public void close() {
        }
    }
}
