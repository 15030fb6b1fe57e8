package org.neuroprior.agents;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neuroprior.agents.es.EvolutionStrategies;
import org.neuroprior.agents.ppo.Ppo;
import org.neuroprior.architectures.Network;
import org.neuroprior.architectures.Networks;

class AgentsTest {

    private static Network linear(long seed) {
        return Networks.create("mlp", 2, 1, Map.of("hidden", List.of(8), "output", "tanh"), seed);
    }

    /** Mean test return over 20 targets (0 is perfect; a constant action scores about -4.3). */
    private static double score(Policy policy) {
        try (ReachTarget env = new ReachTarget()) {
            double sum = 0;
            for (int i = 0; i < 20; i++) sum += Episodes.run(env, policy, 100 + i).score();
            return sum / 20;
        }
    }

    private static EvolutionStrategies es(int threads, long seed) {
        return new EvolutionStrategies(new EvolutionStrategies.Config(16, 0.05, 0.05, 0.0, 1.0, threads), linear(3), ReachTarget::new, seed);
    }

    @Test
    void centredRanksSpanMinusHalfToHalfAndBreakTiesByIndex() {
        assertArrayEquals(new double[] {0.5, -0.5, 0.0}, EvolutionStrategies.centredRanks(new double[] {3, 1, 2}), 1e-12);
        assertArrayEquals(new double[] {-0.5, 0.5}, EvolutionStrategies.centredRanks(new double[] {7, 7}), 1e-12);
    }

    @Test
    void evolutionStrategiesLearnsTheTask() {
        try (EvolutionStrategies agent = es(2, 1)) {
            double before = score(agent.policy());
            for (int g = 0; g < 60; g++) agent.iterate();
            double after = score(agent.policy());
            assertTrue(after > before + 1 && after > -0.8, "ES score before " + before + ", after " + after);
        }
    }

    @Test
    void evolutionStrategiesIsDeterministicWhateverTheThreadCount() {
        try (var one = es(1, 5); var two = es(2, 5)) {
            for (int g = 0; g < 5; g++) assertEquals(one.iterate().stats(), two.iterate().stats());
            assertArrayEquals(one.policy().network().parameters(), two.policy().network().parameters(), 0.0);
        }
    }

    @Test
    void evolutionStrategiesResumesExactlyFromItsState() throws IOException {
        try (var a = es(2, 9); var b = es(2, 9)) {
            for (int g = 0; g < 3; g++) a.iterate();
            b.readState(roundTrip(a));
            assertEquals(a.iterations(), b.iterations());
            for (int g = 0; g < 3; g++) assertEquals(a.iterate().stats(), b.iterate().stats());
        }
    }

    private static Ppo ppo(long seed) {
        return ppo(seed, 2);
    }

    private static Ppo ppo(long seed, int threads) {
        var config = new Ppo.Config(400, 2, 0.9, 0.95, 0.2, 3e-3, 3e-3, 40, 40, 0.03, false, 0.2, -0.5, threads);
        Network critic = Networks.create("mlp", 2, 1, Map.of("hidden", List.of(16)), seed + 1);
        return new Ppo(config, linear(seed), critic, ReachTarget::new, seed);
    }

    @Test
    void ppoLearnsTheTask() {
        try (Ppo agent = ppo(2)) {
            double before = score(agent.policy());
            for (int i = 0; i < 25; i++) agent.iterate();
            double after = score(agent.policy());
            assertTrue(after > before + 1 && after > -0.5, "PPO score before " + before + ", after " + after);
        }
    }

    @Test
    void ppoIsDeterministicWhateverTheThreadCount() {
        // With two threads the critic trains beside the actor and its two half-batches run at once; with one,
        // everything runs in turn. The sums are the same, so every logged number must be too.
        try (Ppo one = ppo(6, 1); Ppo two = ppo(6, 2)) {
            for (int i = 0; i < 3; i++) {
                var a = one.iterate().stats();
                var b = two.iterate().stats();
                for (String key : List.of("actor/loss", "actor/kl", "critic/loss")) assertEquals(a.get(key), b.get(key), key);
            }
            assertArrayEquals(one.policy().network().parameters(), two.policy().network().parameters(), 0.0);
        }
    }

    @Test
    void ppoResumesExactlyFromItsState() throws IOException {
        try (Ppo a = ppo(4); Ppo b = ppo(4)) {
            for (int i = 0; i < 2; i++) a.iterate();
            b.readState(roundTrip(a));
            for (int i = 0; i < 2; i++) assertEquals(a.iterate().stats().get("actor/loss"), b.iterate().stats().get("actor/loss"));
            assertArrayEquals(a.policy().network().parameters(), b.policy().network().parameters(), 0.0);
        }
    }

    @Test
    void stateOfAnotherAgentIsRefused() throws IOException {
        try (var es = es(1, 1); Ppo ppo = ppo(1)) {
            byte[] state = bytes(es);
            var e = assertThrows(IOException.class, () -> ppo.readState(new DataInputStream(new ByteArrayInputStream(state))));
            assertTrue(e.getMessage().contains("'es'"), e.getMessage());
        }
    }

    @Test
    void badOptionsNameTheKey() {
        var o = new Options("agent es", Map.of("sigma", "-1", "popsize", 4));
        var e = assertThrows(IllegalArgumentException.class, () -> o.number("sigma", 0.02, 1e-9, 10));
        assertTrue(e.getMessage().contains("'sigma' = -1"), e.getMessage());
        var o2 = new Options("agent es", Map.of("popsize", 4));
        o2.integer("population", 8, 2, 100);
        var unknown = assertThrows(IllegalArgumentException.class, o2::requireNoOthers);
        assertTrue(unknown.getMessage().contains("'popsize'") && unknown.getMessage().contains("population"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EvolutionStrategies.Config(7, 0.02, 0.01, 0, 1, 1));
    }

    private static DataInputStream roundTrip(Agent agent) throws IOException {
        return new DataInputStream(new ByteArrayInputStream(bytes(agent)));
    }

    private static byte[] bytes(Agent agent) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            agent.writeState(data);
        }
        return out.toByteArray();
    }

    private static org.neuroprior.agents.ddpg.Ddpg ddpg(long seed) {
        var config = new org.neuroprior.agents.ddpg.Ddpg.Config(5000, 64, 1e-3, 1e-3, 0.01, 0.9, 0.1, 200, 200, 10, 10);
        Network critic = Networks.create("mlp", 3, 1, Map.of("hidden", List.of(32, 32), "activation", "relu"), seed + 1);
        return new org.neuroprior.agents.ddpg.Ddpg(config, linear(seed), critic, ReachTarget::new, seed);
    }

    @Test
    void ddpgLearnsTheTask() {
        try (var agent = ddpg(3)) {
            double before = score(agent.policy());
            for (int i = 0; i < 60; i++) agent.iterate();
            double after = score(agent.policy());
            assertTrue(after > before + 1 && after > -0.8, "DDPG score before " + before + ", after " + after);
        }
    }

    @Test
    void ddpgResumesExactlyFromItsStateWithItsReplayBuffer() throws IOException {
        try (var a = ddpg(5); var b = ddpg(5)) {
            for (int i = 0; i < 15; i++) a.iterate();
            b.readState(roundTrip(a));
            for (int i = 0; i < 3; i++) assertEquals(a.iterate().stats(), b.iterate().stats());
            assertArrayEquals(a.policy().network().parameters(), b.policy().network().parameters(), 0.0);
        }
    }
}
