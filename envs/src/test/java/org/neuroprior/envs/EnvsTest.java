package org.neuroprior.envs;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuroprior.envs.check.EnvChecker;

class EnvsTest {

    @Test
    void listsTheSwimmerTasks() {
        assertEquals(java.util.List.of("swimmer-navigate", "swimmer-swim"), Envs.specs().stream().map(EnvSpec::id).toList());
    }

    @Test
    void unknownIdNamesItAndListsTheAccepted() {
        var e = assertThrows(IllegalArgumentException.class, () -> Envs.make("swimmer-fly", Map.of()));
        assertTrue(e.getMessage().contains("swimmer-fly") && e.getMessage().contains("swimmer-swim"), e.getMessage());
    }

    @Test
    void optionsAreCheckedByNameTypeAndRange() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> Envs.make("swimmer-swim", Map.of("links", 5)));
        assertTrue(unknown.getMessage().contains("'links'") && unknown.getMessage().contains("bodies"), unknown.getMessage());
        var range = assertThrows(IllegalArgumentException.class, () -> Envs.make("swimmer-swim", Map.of("bodies", 31)));
        assertTrue(range.getMessage().contains("31") && range.getMessage().contains("3..30"), range.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> Envs.make("swimmer-swim", Map.of("bodies", "six")));
        assertTrue(type.getMessage().contains("six"), type.getMessage());
        var flag = assertThrows(IllegalArgumentException.class, () -> Envs.make("swimmer-swim", Map.of("time_feature", "yes")));
        assertTrue(flag.getMessage().contains("true or false"), flag.getMessage());
    }

    @Test
    void optionsGivenAsTextWork() {
        try (Env<double[]> env = Envs.makeContinuous("swimmer-swim", Map.of("bodies", "9", "time_feature", "true", "time_limit", "50"))) {
            assertEquals(4 * 9 - 1 + 1, env.observationSpace().size());
            Step s = env.reset(0);
            assertEquals(-1.0, s.observation()[s.observation().length - 1]);
            int steps = 0;
            while (!s.done()) {
                s = env.step(new double[8]);
                steps++;
            }
            assertEquals(50, steps);
            assertEquals(1.0, s.observation()[s.observation().length - 1], 1e-12);
        }
    }

    @Test
    void continuousAndDiscreteFactoriesCheckTheActionSpace() {
        var e = assertThrows(IllegalArgumentException.class, () -> Envs.makeDiscrete("swimmer-swim", Map.of()));
        assertTrue(e.getMessage().contains("DiscretizeAction"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"swimmer-swim", "swimmer-navigate"})
    void everyShippedEnvironmentPassesTheChecker(String id) {
        var full = EnvChecker.checkAny(() -> Envs.make(id, Map.of()), 1100); // past the 1000-step limit
        full.assertPassed();
        assertTrue(full.warnings().isEmpty(), full.toString());
        EnvChecker.checkAny(() -> Envs.make(id, Map.of("bodies", 3, "time_feature", true, "time_limit", 100)), 300).assertPassed();
        EnvChecker.checkAny(() -> Envs.make(id, Map.of("bodies", 30)), 300).assertPassed();
    }
}
