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

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuroprior.agents.dqn.Dqn;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * Double DQN learns small discrete tasks, with memory when the model has it, and with predictive heads on an image
 * task; treats time-outs as the option says, resumes exactly, does not depend on the thread count, offers the
 * reference protocol, and refuses Box actions.
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

    /** Every head term on, the horizon term across episode ends: the most that an update computes. */
    private static final Object[] HEADS = {"predictive_weight", 0.01, "predictive_gamma", 0.5, "negative_random_weight", 0.1,
        "negative_consecutive_weight", 0.1, "pairs_cross_episodes", true};

    @Test
    void predictiveHeadsLogEveryTermAndResumeExactly() throws IOException {
        assertHeadsLogEveryTermAndResumeExactly("mlp", MLP, concat(HEADS, "learning_starts", 30), 80);
        try (Agent plain = dqn(() -> new RecallCue(1), "mlp", MLP, 7, 1)) {
            assertFalse(plain.iterate().stats().containsKey("predictive/prediction"), "no head, no columns");
        }
    }

    /**
     * A recurrent Q network (GRU) carries the heads on its latent: every term logged, and a resumed run repeats an
     * uninterrupted one. Its pairs stay in their episode, so pairs_cross_episodes is refused in one line.
     */
    @Test
    void predictiveHeadsOnARecurrentQNetworkLogEveryTermAndResumeExactly() throws IOException {
        assertHeadsLogEveryTermAndResumeExactly("gru", GRU, concat(HEADS, "pairs_cross_episodes", false, "learning_starts", 30), 60);
        var e = assertThrows(IllegalArgumentException.class, () -> dqn(() -> new RecallCue(1), "gru", GRU, 1, 1, HEADS));
        assertTrue(e.getMessage().contains("pairs_cross_episodes") && e.getMessage().contains("gru"), e.getMessage());
    }

    /** After {@code steps} of training every term is logged, finite and positive; a copy resumed from the state repeats the run. */
    private static void assertHeadsLogEveryTermAndResumeExactly(String arch, Map<String, Object> archOptions, Object[] heads, long steps)
            throws IOException {
        try (Agent a = dqn(() -> new RecallCue(2), arch, archOptions, 8, 1, heads); Agent b = dqn(() -> new RecallCue(2), arch, archOptions, 8, 1, heads)) {
            train(a, steps);
            Map<String, Double> stats = a.iterate().stats();
            for (String key : List.of("dqn/loss", "predictive/prediction", "predictive/negative_random", "predictive/negative_consecutive")) {
                assertTrue(Double.isFinite(stats.get(key)) && stats.get(key) > 0, arch + ": " + key + " = " + stats.get(key));
            }
            b.readState(AgentsTest.roundTrip(a));
            for (int i = 0; i < 3; i++) assertEquals(a.iterate().stats(), b.iterate().stats());
            assertArrayEquals(AgentsTest.parameters(a), AgentsTest.parameters(b));
        }
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void theAuxrlProtocolMakesTheReferenceSettingsTheDefaults() {
        var spec = Agents.get("dqn");
        var reference = spec.resolve(Map.of("protocol", "auxrl"), Map.of());
        for (Map.Entry<String, Object> e : Dqn.AUXRL.entrySet()) {
            assertEquals(spec.options().get(e.getKey()).parse(e.getValue()), reference.get(e.getKey()), e.getKey());
        }
        assertEquals(64, reference.integer("batch_size"));
        assertEquals(1.0, reference.number("epsilon_end"), "a purely random behaviour policy");
        assertTrue(reference.flag("timeout_terminal") && reference.flag("pairs_cross_episodes"));
        assertEquals(Map.of("epoch_iterations", 1, "test_episodes", 15), spec.runDefaults(reference));
        assertEquals(32, spec.resolve(Map.of("protocol", "auxrl", "batch_size", 32), Map.of()).integer("batch_size"), "given values win");
        var ours = spec.resolve(Map.of(), Map.of());
        assertEquals(128, ours.integer("batch_size"));
        assertFalse(ours.flag("timeout_terminal") || ours.flag("pairs_cross_episodes"));
        assertEquals(Map.of(), spec.runDefaults(ours));
        var bad = assertThrows(IllegalArgumentException.class, () -> spec.resolve(Map.of("protocol", "tonic"), Map.of()));
        assertTrue(bad.getMessage().contains("tonic") && bad.getMessage().contains("auxrl"), bad.getMessage());
    }

    /** Greedy success rate in a gridworld from 40 seeded starts, and that of uniformly random actions from the same starts. */
    private static double[] successRates(Agent agent, Map<String, Object> room) {
        try (Env<Integer> env = Envs.makeDiscrete("gridworld", room); Policy<?> policy = agent.policy()) {
            double greedy = 0;
            double random = 0;
            SplittableRandom rng = new SplittableRandom(9);
            for (int i = 0; i < 40; i++) {
                greedy += Episodes.run(env, policy, 500 + i).score();
                Step s = env.reset(500 + i);
                while (!s.done()) s = env.step(rng.nextInt(4));
                random += s.reward();
            }
            return new double[] {greedy / 40, random / 40};
        }
    }

    @Test
    void withPredictiveHeadsTheConvEncoderLearnsTheGridworldBetterThanChance() {
        // A 4 x 4 room with a 10-step limit: random actions rarely find the hidden goal; a learned policy always does.
        Map<String, Object> room = Map.of("size", 4, "time_limit", 10, "layout_seed", 3);
        try (Agent agent = AgentsTest.agent("dqn", () -> Envs.make("gridworld", room), "conv", Map.of("latent", 5),
                AgentsTest.options("buffer_size", 5000, "batch_size", 32, "learning_rate", 1e-3, "gamma", 0.9, "target_update", 100,
                        "exploration_steps", 2000, "epsilon_end", 0.1, "learning_starts", 100, "train_frequency", 1,
                        "predictive_weight", 0.01, "negative_random_weight", 0.01, "negative_consecutive_weight", 0.01), 1, 1)) {
            train(agent, 3000);
            double[] rates = successRates(agent, room);
            assertTrue(rates[0] >= 0.9 && rates[1] < 0.6, "greedy success " + rates[0] + ", random actions " + rates[1]);
        }
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
