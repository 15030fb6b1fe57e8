package org.neuroprior.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The comparison of bench --rl4j runs both agents through the same budget and tests them the same way. */
class Rl4jComparisonTest {

    @Test
    void bothAgentsTrainOnTheSameBudgetAndPlayTheSameTestEpisodes() {
        var settings = new Rl4jComparison.Settings("cartpole", 50, 300, 1000, 16, 1e-3, 0.99, 50, 0.05, 200, 16, 1, 2);
        List<String> lines = new ArrayList<>();
        List<Rl4jComparison.Run> runs = new Rl4jComparison(settings, lines::add).run(List.of(4L));
        assertEquals(List.of("RL4J QLearningDiscreteDense", "NeuroPrior dqn"), runs.stream().map(Rl4jComparison.Run::agent).toList());
        for (Rl4jComparison.Run r : runs) {
            assertTrue(r.steps() >= 300 && r.steps() < 300 + 50, "budget, checked between episodes: " + r);
            assertTrue(r.testScore() >= 1 && r.testScore() <= 50, "a cart-pole return within the time limit: " + r);
            assertTrue(r.episodes() >= 6, r.toString());
        }
        assertEquals(2, lines.size(), lines.toString());
    }
}
