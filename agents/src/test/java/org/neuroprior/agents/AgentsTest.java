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

    private static Agent ppo(long seed, int threads) {
        return agent("ppo", ReachTarget::new, "mlp", SMALL, options("segment", 400, "envs", 2, "gamma", 0.9, "lambda", 0.95,
                "actor_learning_rate", 3e-3, "critic_learning_rate", 3e-3, "actor_iterations", 40, "critic_iterations", 40,
                "max_kl", 0.03, "fixed_std", 0.2, "critic_hidden", List.of(16)), seed, threads);
    }

    private static Agent ddpg(long seed) {
        return ddpg(seed, 1);
    }

    private static Agent ddpg(long seed, int threads) {
        return agent("ddpg", ReachTarget::new, "mlp", SMALL, options("buffer_size", 5000, "batch_size", 64, "tau", 0.01, "gamma", 0.9,
                "random_steps", 200, "update_after", 200, "steps_between_batches", 10, "batch_iterations", 10,
                "critic_hidden", List.of(32, 32)), seed, threads);
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
