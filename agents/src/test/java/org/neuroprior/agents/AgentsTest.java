package org.neuroprior.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.neuroprior.agents.es.EvolutionStrategies;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.envs.Env;

/** Each agent learns a small task, is deterministic whatever the thread count, and resumes exactly. */
class AgentsTest {

    static Agent agent(String name, Supplier<? extends Env<?>> envs, String arch, Map<String, ?> archOptions,
                       Map<String, ?> agentOptions, long seed, int threads) {
        Architecture a = Architectures.get(arch);
        AgentSpec spec = Agents.get(name);
        return spec.create(AgentContext.of(envs, a, a.resolve(archOptions, Map.of()), spec.resolve(agentOptions, a.agentDefaults()), seed,
                threads));
    }

    /** A small MLP reading raw observations: tanh (8) then the head. */
    private static final Map<String, Object> SMALL = Map.of("hidden", List.of(8), "observation_normalization", false);

    /** Mean test return over 20 targets (0 is perfect; a constant action scores about -4.3). */
    @SuppressWarnings("unchecked")
    private static double reachScore(Agent agent) {
        try (ReachTarget env = new ReachTarget(); Policy<double[]> policy = (Policy<double[]>) agent.policy()) {
            double sum = 0;
            for (int i = 0; i < 20; i++) sum += Episodes.run(env, policy, 100 + i).score();
            return sum / 20;
        }
    }

    /** Mean test return of RecallCue over 40 episodes (0.5 without memory, 1 with). */
    @SuppressWarnings("unchecked")
    static double recallScore(Agent agent, int delay) {
        try (RecallCue env = new RecallCue(delay); Policy<Integer> policy = (Policy<Integer>) agent.policy()) {
            double sum = 0;
            for (int i = 0; i < 40; i++) sum += Episodes.run(env, policy, 1000 + i).score();
            return sum / 40;
        }
    }

    /** A map of key, value, key, value... */
    static Map<String, Object> options(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    private static Agent es(int threads, long seed) {
        return agent("es", ReachTarget::new, "mlp", SMALL,
                Map.of("population", 16, "sigma", 0.05, "learning_rate", 0.05, "weight_decay", 0.0), seed, threads);
    }

    private static Agent ppo(long seed, int threads, Object... extra) {
        Map<String, Object> o = options("segment", 400, "envs", 2, "gamma", 0.9, "lambda", 0.95,
                "actor_learning_rate", 3e-3, "critic_learning_rate", 3e-3, "actor_iterations", 40, "critic_iterations", 40,
                "max_kl", 0.03, "fixed_std", 0.2, "critic_hidden", List.of(16));
        o.putAll(options(extra));
        return agent("ppo", ReachTarget::new, "mlp", SMALL, o, seed, threads);
    }

    private static Agent ddpg(long seed) {
        return ddpg(seed, 1);
    }

    private static Agent ddpg(long seed, int threads, Object... extra) {
        Map<String, Object> o = options("buffer_size", 5000, "batch_size", 64, "tau", 0.01, "gamma", 0.9,
                "random_steps", 200, "update_after", 200, "steps_between_batches", 10, "batch_iterations", 10,
                "critic_hidden", List.of(32, 32));
        o.putAll(options(extra));
        return agent("ddpg", ReachTarget::new, "mlp", SMALL, o, seed, threads);
    }

    /** Every head term on, with a horizon: the most that an update computes. */
    private static final Object[] HEADS = {"predictive_weight", 0.01, "predictive_gamma", 0.5, "negative_random_weight", 0.1,
        "negative_consecutive_weight", 0.1};
    private static final List<String> TERMS = List.of("predictive/prediction", "predictive/negative_random", "predictive/negative_consecutive");

    private static void assertTermsLogged(Map<String, Double> stats) {
        for (String key : TERMS) assertTrue(Double.isFinite(stats.get(key)) && stats.get(key) > 0, key + " = " + stats.get(key));
    }

    @Test
    void ppoTrainsPredictiveHeadsOnItsPolicyLogsEveryTermAndResumesExactly() throws IOException {
        try (Agent a = ppo(4, 2, HEADS); Agent b = ppo(4, 2, HEADS)) {
            a.iterate();
            assertTermsLogged(a.iterate().stats());
            b.readState(roundTrip(a));
            for (int i = 0; i < 2; i++) {
                Map<String, Double> x = a.iterate().stats();
                Map<String, Double> y = b.iterate().stats();
                for (String key : List.of("actor/loss", "critic/loss", TERMS.get(0), TERMS.get(1), TERMS.get(2))) {
                    assertEquals(x.get(key), y.get(key), key);
                }
            }
            assertArrayEquals(parameters(a), parameters(b));
        }
        // Discrete actions enter the transition model one-hot.
        Map<String, Object> o = options("segment", 64, "envs", 2, "actor_iterations", 2, "critic_iterations", 2, "critic_hidden", List.of(8));
        o.putAll(options(HEADS));
        try (Agent categorical = agent("ppo", () -> new RecallCue(1), "mlp", SMALL, o, 1, 1)) {
            assertTermsLogged(categorical.iterate().stats());
        }
        try (Agent plain = ppo(4, 1)) {
            assertFalse(plain.iterate().stats().containsKey(TERMS.get(0)), "no head, no columns");
        }
    }

    @Test
    void ddpgTrainsPredictiveHeadsOnItsActorLogsEveryTermAndResumesExactly() throws IOException {
        try (Agent a = ddpg(5, 1, HEADS); Agent b = ddpg(5, 1, HEADS)) {
            for (int i = 0; i < 14; i++) a.iterate();
            assertTermsLogged(a.iterate().stats());
            b.readState(roundTrip(a));
            for (int i = 0; i < 3; i++) assertEquals(a.iterate().stats(), b.iterate().stats());
            assertArrayEquals(parameters(a), parameters(b));
        }
    }

    /**
     * The heads' gradient reaches the encoder with its sign: a heavy random-pairs term spreads the latents apart (PPO
     * without its KL stop, which would end the actor's steps, and the heads' with them, once the encoder moves).
     */
    @Test
    void theNegativeTermSpreadsThePolicysLatentsInPpoAndDdpg() {
        try (Agent p = ppo(3, 1, "negative_random_weight", 10.0, "max_kl", 1e9); Agent d = ddpg(3, 1, "negative_random_weight", 10.0)) {
            double first = p.iterate().stats().get(TERMS.get(1));
            double last = first;
            for (int i = 0; i < 5; i++) last = p.iterate().stats().get(TERMS.get(1));
            assertTrue(last < 0.7 * first, "ppo: mean exp(-5 |z - z'|) from " + first + " to " + last);
            for (int i = 0; i < 10; i++) d.iterate(); // 20-step episodes: updates start after step 200
            first = d.iterate().stats().get(TERMS.get(1));
            for (int i = 0; i < 10; i++) last = d.iterate().stats().get(TERMS.get(1));
            assertTrue(last < 0.7 * first, "ddpg: mean exp(-5 |z - z'|) from " + first + " to " + last);
        }
    }

    /**
     * A recurrent policy (GRU) carries the heads on its latent: every term logged, and a resumed run repeats an
     * uninterrupted one. A bptt window of one step holds no pair: refused in one line.
     */
    @Test
    void ppoTrainsPredictiveHeadsOnARecurrentPolicyAndResumesExactly() throws IOException {
        Map<String, Object> gru = Map.of("encoder", List.of(), "size", 8);
        Map<String, Object> o = options("segment", 64, "envs", 2, "actor_iterations", 3, "critic_iterations", 2, "bptt", 8,
                "critic_hidden", List.of(8));
        o.putAll(options(HEADS));
        try (Agent a = agent("ppo", () -> new RecallCue(2), "gru", gru, o, 1, 1); Agent b = agent("ppo", () -> new RecallCue(2), "gru", gru, o, 1, 1)) {
            assertTermsLogged(a.iterate().stats());
            b.readState(roundTrip(a));
            for (int i = 0; i < 2; i++) {
                Map<String, Double> x = a.iterate().stats();
                Map<String, Double> y = b.iterate().stats();
                for (String key : List.of("actor/loss", "critic/loss", TERMS.get(0), TERMS.get(1), TERMS.get(2))) assertEquals(x.get(key), y.get(key), key);
            }
            assertArrayEquals(parameters(a), parameters(b));
        }
        o.put("bptt", 1);
        var e = assertThrows(IllegalArgumentException.class, () -> agent("ppo", () -> new RecallCue(1), "gru", gru, o, 1, 1));
        assertTrue(e.getMessage().contains("bptt = 1"), e.getMessage());
    }

    @Test
    void centredRanksSpanMinusHalfToHalfAndBreakTiesByIndex() {
        assertArrayEquals(new double[] {0.5, -0.5, 0.0}, EvolutionStrategies.centredRanks(new double[] {3, 1, 2}), 1e-12);
        assertArrayEquals(new double[] {-0.5, 0.5}, EvolutionStrategies.centredRanks(new double[] {7, 7}), 1e-12);
    }

    @Test
    void evolutionStrategiesLearnsTheTask() {
        try (Agent agent = es(2, 1)) {
            double before = reachScore(agent);
            for (int g = 0; g < 60; g++) agent.iterate();
            double after = reachScore(agent);
            assertTrue(after > before + 1 && after > -0.8, "ES score before " + before + ", after " + after);
        }
    }

    @Test
    void evolutionStrategiesIsDeterministicWhateverTheThreadCount() {
        try (Agent one = es(1, 5); Agent two = es(2, 5)) {
            for (int g = 0; g < 5; g++) assertEquals(one.iterate().stats(), two.iterate().stats());
            assertArrayEquals(parameters(one), parameters(two));
        }
    }

    @Test
    void evolutionStrategiesResumesExactlyFromItsState() throws IOException {
        try (Agent a = es(2, 9); Agent b = es(2, 9)) {
            for (int g = 0; g < 3; g++) a.iterate();
            b.readState(roundTrip(a));
            assertEquals(a.iterations(), b.iterations());
            for (int g = 0; g < 3; g++) assertEquals(a.iterate().stats(), b.iterate().stats());
        }
    }

    @Test
    void ppoLearnsTheTask() {
        try (Agent agent = ppo(2, 2)) {
            double before = reachScore(agent);
            for (int i = 0; i < 25; i++) agent.iterate();
            double after = reachScore(agent);
            assertTrue(after > before + 1 && after > -0.5, "PPO score before " + before + ", after " + after);
        }
    }

    @Test
    void ppoIsDeterministicWhateverTheThreadCount() {
        // With two threads the critic trains beside the actor and its two half-batches run at once; with one,
        // everything runs in turn. The sums are the same, so every logged number must be too.
        try (Agent one = ppo(6, 1); Agent two = ppo(6, 2)) {
            for (int i = 0; i < 3; i++) {
                var a = one.iterate().stats();
                var b = two.iterate().stats();
                for (String key : List.of("actor/loss", "actor/kl", "critic/loss")) assertEquals(a.get(key), b.get(key), key);
            }
            assertArrayEquals(parameters(one), parameters(two));
        }
    }

    @Test
    void ppoResumesExactlyFromItsState() throws IOException {
        try (Agent a = ppo(4, 2); Agent b = ppo(4, 2)) {
            for (int i = 0; i < 2; i++) a.iterate();
            b.readState(roundTrip(a));
            for (int i = 0; i < 2; i++) assertEquals(a.iterate().stats().get("actor/loss"), b.iterate().stats().get("actor/loss"));
            assertArrayEquals(parameters(a), parameters(b));
        }
    }

    @Test
    void ppoWithACategoricalPolicyAndMemoryLearnsWhatAMemorylessPolicyCannot() {
        // The cue is seen 3 steps before it must be named: only a recurrent policy can do better than chance.
        Map<String, Object> options = options("segment", 512, "envs", 4, "actor_learning_rate", 3e-3, "critic_learning_rate", 3e-3,
                "actor_iterations", 10, "critic_iterations", 10, "bptt", 8, "critic_hidden", List.of(16));
        try (Agent gru = agent("ppo", () -> new RecallCue(3), "gru", Map.of("encoder", List.of(), "size", 16), options, 3, 2);
             Agent mlp = agent("ppo", () -> new RecallCue(3), "mlp", SMALL, options, 3, 2)) {
            for (int i = 0; i < 20; i++) {
                gru.iterate();
                mlp.iterate();
            }
            double remembered = recallScore(gru, 3);
            double forgotten = recallScore(mlp, 3);
            assertTrue(remembered >= 0.95, "GRU policy: " + remembered);
            assertTrue(forgotten <= 0.7, "memoryless policy: " + forgotten);
        }
    }

    @Test
    void stateOfAnotherAgentIsRefused() throws IOException {
        try (Agent es = es(1, 1); Agent ppo = ppo(1, 1)) {
            byte[] state = bytes(es);
            var e = assertThrows(IOException.class, () -> ppo.readState(new DataInputStream(new ByteArrayInputStream(state))));
            assertTrue(e.getMessage().contains("'es'"), e.getMessage());
        }
    }

    @Test
    void badOptionsAndSpacesAreRefusedWithOneLine() {
        var odd = assertThrows(IllegalArgumentException.class,
                () -> agent("es", ReachTarget::new, "mlp", SMALL, Map.of("population", 7), 1, 1));
        assertTrue(odd.getMessage().contains("population = 7"), odd.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> Agents.get("es").resolve(Map.of("popsize", 4), Map.of()));
        assertEquals("unknown option 'popsize' for agent 'es'; accepted: gradient_clip, learning_rate, population, sigma, weight_decay",
                unknown.getMessage());
        var ddpg = assertThrows(IllegalArgumentException.class, () -> agent("ddpg", () -> new RecallCue(1), "mlp", SMALL, Map.of(), 1, 1));
        assertTrue(ddpg.getMessage().contains("Box"), ddpg.getMessage());
    }

    @Test
    void ddpgLearnsTheTask() {
        try (Agent agent = ddpg(3)) {
            double before = reachScore(agent);
            for (int i = 0; i < 60; i++) agent.iterate();
            double after = reachScore(agent);
            assertTrue(after > before + 1 && after > -0.8, "DDPG score before " + before + ", after " + after);
        }
    }

    @Test
    void ddpgIsDeterministicWhateverTheThreadCount() {
        // With two threads the critic's targets and the target critic's Polyak step run on the second thread.
        try (Agent one = ddpg(7, 1); Agent two = ddpg(7, 2)) {
            for (int i = 0; i < 12; i++) assertEquals(one.iterate().stats(), two.iterate().stats());
            assertArrayEquals(parameters(one), parameters(two));
        }
    }

    @Test
    void updatesRunAgainOnlyOnHeldExperience() {
        try (Agent ddpg = ddpg(8); Agent ppo = ppo(8, 1)) {
            for (Agent agent : List.of(ddpg, ppo)) {
                RepeatableUpdate update = (RepeatableUpdate) agent;
                assertThrows(IllegalStateException.class, () -> update.updateAgain(1), agent.kind() + " before any experience");
                agent.iterate();
                float[] before = parameters(agent);
                update.updateAgain(1);
                assertFalse(java.util.Arrays.equals(before, parameters(agent)), agent.kind() + ": an update moves the policy");
            }
        }
    }

    @Test
    void ddpgResumesExactlyFromItsStateWithItsReplayBuffer() throws IOException {
        try (Agent a = ddpg(5); Agent b = ddpg(5)) {
            for (int i = 0; i < 15; i++) a.iterate();
            b.readState(roundTrip(a));
            for (int i = 0; i < 3; i++) assertEquals(a.iterate().stats(), b.iterate().stats());
            assertArrayEquals(parameters(a), parameters(b));
        }
    }

    static float[] parameters(Agent agent) {
        try (Policy<?> p = agent.policy()) {
            return p.model().parameters().toArray();
        }
    }

    static DataInputStream roundTrip(Agent agent) throws IOException {
        return new DataInputStream(new ByteArrayInputStream(bytes(agent)));
    }

    private static byte[] bytes(Agent agent) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            agent.writeState(data);
        }
        return out.toByteArray();
    }
}
