package org.neuroprior.envs;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuroprior.envs.check.EnvChecker;

class EnvsTest {

    @Test
    void listsTheShippedTasks() {
        // Other tests may register their own environments in this JVM: the shipped ones are there, in id order.
        assertEquals(java.util.List.of("cartpole", "swimmer-navigate", "swimmer-swim", "whisker-active", "whisker-sweep"),
                Envs.specs().stream().map(EnvSpec::id).filter(id -> !id.startsWith("test-")).toList());
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

    /**
     * The whisker tasks, lean (sweeps cost tenths of a second): enough steps to end an episode of each. Their first
     * observation never shows contact, so the checker warns that two seeds give the same first observation.
     */
    @Test
    void theWhiskerTasksPassTheChecker() {
        EnvChecker.checkAny(() -> Envs.make("whisker-sweep", Map.of("protocol", "low", "links", 4, "classes", "box,cone")), 115)
                .assertPassed();
        EnvChecker.checkAny(() -> Envs.make("whisker-active", Map.of("links", 4, "classes", "box,cone", "time_limit", 20)), 60)
                .assertPassed();
    }

    @Test
    void whiskerOptionsNameTheBadValueAndWhatIsAccepted() {
        var protocol = assertThrows(IllegalArgumentException.class, () -> Envs.make("whisker-sweep", Map.of("protocol", "medium")));
        assertTrue(protocol.getMessage().contains("medium") && protocol.getMessage().contains("one of high, low"), protocol.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> Envs.make("whisker-sweep", Map.of("classes", "box,cubee")));
        assertTrue(unknown.getMessage().contains("'cubee' is not known") && unknown.getMessage().contains("ellipsoid"), unknown.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> Envs.make("whisker-active", Map.of("classes", "box, box")));
        assertTrue(twice.getMessage().contains("'box' is listed twice"), twice.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> Envs.make("whisker-active", Map.of("classes", "")));
        assertTrue(empty.getMessage().contains("an empty name"), empty.getMessage());
        var transform = assertThrows(IllegalArgumentException.class, () -> Envs.make("whisker-active", Map.of("transform", "sqrt")));
        assertTrue(transform.getMessage().contains("sqrt") && transform.getMessage().contains("log, linear"), transform.getMessage());
        var scale = assertThrows(IllegalArgumentException.class, () -> Envs.make("whisker-sweep", Map.of("signal_scale", 0)));
        assertTrue(scale.getMessage().contains("signal_scale") && scale.getMessage().contains("[0.000001, 1000000000]"), scale.getMessage());
        var links = assertThrows(IllegalArgumentException.class, () -> Envs.make("whisker-sweep", Map.of("links", 1)));
        assertTrue(links.getMessage().contains("2.." + org.neuroprior.envs.whisker.WhiskerPhysics.MAX_LINKS), links.getMessage());
        var swimmerOnly = assertThrows(IllegalArgumentException.class, () -> Envs.make("whisker-sweep", Map.of("time_limit", 5)));
        assertTrue(swimmerOnly.getMessage().contains("'time_limit'") && swimmerOnly.getMessage().contains("protocol"), swimmerOnly.getMessage());
    }

    @Test
    void whiskerClassesGivenAsAListOrAllSetTheActions() {
        assertEquals(java.util.List.of("torus", "box"), Envs.spec("whisker-sweep").resolve(Map.of("classes", java.util.List.of("torus", "box"))).get("classes"));
        assertEquals(15, ((java.util.List<?>) Envs.spec("whisker-sweep").resolve(Map.of("classes", "all")).get("classes")).size());
        try (Env<Integer> env = Envs.makeDiscrete("whisker-active", Map.of())) {
            assertEquals(new Discrete(6 + 15), env.actionSpace());
        }
        try (Env<Integer> env = Envs.makeDiscrete("whisker-sweep", Map.of("classes", "torus,box"))) {
            assertEquals(new Discrete(2), env.actionSpace());
        }
    }
}
