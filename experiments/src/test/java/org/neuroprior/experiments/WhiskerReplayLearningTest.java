package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.agents.Agent;
import org.neuroprior.agents.AgentContext;
import org.neuroprior.agents.AgentSpec;
import org.neuroprior.agents.Agents;
import org.neuroprior.agents.Policy;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.whisker.ProtocolSweeps;
import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.envs.whisker.data.WhiskerDataset;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.experiments.data.SplitFractions;
import org.neuroprior.experiments.data.WhiskerDatasetWriter;

/**
 * Issue 9's whisker test: PPO and double DQN with a recurrent model (GRU) learn to name 3 classes of replayed
 * sweeps. The fixture is a small dataset simulated by the real whisker simulator through the whisker-data API (box,
 * star and mug, 16 sweeps each, the low protocol at one distance and height, 4 links per whisker), half of each class
 * held out as the test split. Each agent trains on the train split with 5 frames per step (22 steps per episode),
 * then its greedy policy names every held-out sweep once; the number right must be above chance (1/3) at p < 0.001
 * (one-sided binomial test).
 *
 * <p>Tagged {@code slow}: the three tests took 507 s on 2 cores (load average 3 to 4, 2026-11-30), so the default
 * {@code ./run-tests} leaves them out; {@code ./run-tests -Dtests.excluded=none} runs them.
 */
@Tag("slow")
class WhiskerReplayLearningTest {
    private static final List<String> CLASSES = List.of("box", "star", "mug");
    private static final int PER_CLASS = 16;
    private static final Map<String, Object> GRU = Map.of("encoder", List.of(32), "size", 32);

    @TempDir
    static Path tmp;
    static Path dataset;

    @BeforeAll
    static void simulateTheFixture() throws IOException {
        SweepProtocol protocol = SweepProtocol.named("low").with("distance", "5").with("height", "0");
        var sweeps = new ProtocolSweeps(protocol, ObjectCatalog.procedural(CLASSES), PER_CLASS, 4, WhiskerPhysics.defaults().withLinks(4));
        var writer = new WhiskerDatasetWriter(sweeps, Map.of("protocol", protocol.name(), "classes", CLASSES, "per_class", PER_CLASS),
                i -> i / PER_CLASS, WhiskerDatasetWriter.Options.defaults(4).withFractions(new SplitFractions(0.5, 0, 0.5)).withThreads(2));
        dataset = tmp.resolve("three");
        assertTrue(writer.write(dataset, new WhiskerDatasetWriter.Listener() {
        }).complete());
    }

    private static Map<String, Object> env(Split split) {
        return Map.of("dataset", dataset.toString(), "split", split.directory(), "frames_per_step", 5);
    }

    private static Agent agent(String name, Map<String, Object> options, long seed) {
        Architecture gru = Architectures.get("gru");
        AgentSpec spec = Agents.get(name);
        return spec.create(AgentContext.of(() -> Envs.make("whisker-sweep", env(Split.TRAIN)), gru, gru.resolve(GRU, Map.of()),
                spec.resolve(options, gru.agentDefaults()), seed, 1));
    }

    private static void train(Agent agent, long steps) {
        long done = 0;
        while (done < steps) done += agent.iterate().steps();
    }

    /** The greedy policy names each held-out sweep once: how many it gets right. */
    @SuppressWarnings("unchecked")
    private static int heldOutCorrect(Agent agent, int sweeps) {
        int correct = 0;
        try (Env<Integer> env = Envs.makeDiscrete("whisker-sweep", env(Split.TEST)); Policy<Integer> policy = (Policy<Integer>) agent.policy()) {
            for (int e = 0; e < sweeps; e++) {
                Step s = e == 0 ? env.reset(77) : env.reset(); // one pass: every test sweep exactly once
                policy.reset();
                while (!s.done()) s = env.step(policy.act(s.observation()));
                correct += (int) s.reward();
            }
        }
        return correct;
    }

    /** P(X >= k) for X ~ Binomial(n, p). */
    static double binomialTail(int n, int k, double p) {
        double tail = 0;
        for (int j = k; j <= n; j++) {
            double term = 1;
            for (int i = 0; i < j; i++) term *= (double) (n - i) / (j - i) * p;
            tail += term * Math.pow(1 - p, n - j);
        }
        return tail;
    }

    @Test
    void binomialTailIsRight() {
        assertEquals(1.0, binomialTail(10, 0, 0.3), 1e-12);
        assertEquals(Math.pow(1.0 / 3, 5), binomialTail(5, 5, 1.0 / 3), 1e-15);
        assertEquals(1 - Math.pow(2.0 / 3, 3), binomialTail(3, 1, 1.0 / 3), 1e-12);
    }

    private static void assertAboveChance(String who, Agent agent) throws IOException {
        int n = WhiskerDataset.open(dataset).split(Split.TEST).size();
        assertEquals(CLASSES.size() * PER_CLASS / 2, n, "half of each class is held out");
        int correct = heldOutCorrect(agent, n);
        double p = binomialTail(n, correct, 1.0 / CLASSES.size());
        assertTrue(p < 0.001, who + ": " + correct + " of " + n + " held-out sweeps named right, p = " + p + " against chance 1/3");
    }

    @Test
    void ppoWithAGruNamesHeldOutSweeps() throws IOException {
        Map<String, Object> options = new LinkedHashMap<>(Map.of("segment", 880, "envs", 4, "bptt", 22, "actor_learning_rate", 1e-3));
        try (Agent ppo = agent("ppo", options, 1)) {
            train(ppo, 8800);
            assertAboveChance("PPO", ppo);
        }
    }

    @Test
    void doubleDqnWithAGruNamesHeldOutSweeps() throws IOException {
        Map<String, Object> options = new LinkedHashMap<>(Map.of("learning_starts", 500, "exploration_steps", 4000, "train_frequency", 4,
                "target_update", 50, "learning_rate", 1e-3, "bptt", 22, "batch_size", 32, "buffer_size", 20000, "loss", "huber"));
        try (Agent dqn = agent("dqn", options, 1)) {
            train(dqn, 8800);
            assertAboveChance("double DQN", dqn);
        }
    }
}
