package org.neuroprior.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.check.EnvChecker;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;

/** Another project registers its own environment and uses it by id, as it would one of ours. */
class RegisterOwnEnvTest {

    @Test
    void aRegisteredEnvironmentIsBuiltAndCheckedById() {
        String id = "test-point-mass-" + System.nanoTime();
        Envs.register(new EnvSpec(id, "a point mass pushed to the origin (test)",
                Options.of(Option.integer("time_limit", 50, 1, 1000, "steps before truncation")),
                o -> new org.neuroprior.envs.wrappers.TimeLimit<>(new PointMassEnv(), o.integer("time_limit"))));
        assertTrue(Envs.registry().names().contains(id));
        assertTrue(EnvChecker.checkAny(() -> Envs.make(id, Map.of("time_limit", "1e2")), 300).passed());
        try (Env<double[]> env = Envs.makeContinuous(id, Map.of())) {
            Step s = env.reset(1);
            int steps = 0;
            while (!s.done()) {
                s = env.step(new double[] {0, 0});
                steps++;
            }
            assertEquals(50, steps, "the default time limit applies");
        }
        var taken = assertThrows(IllegalArgumentException.class, () -> Envs.register(Envs.spec(id)));
        assertEquals("environment id '" + id + "' is already registered", taken.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> Envs.make(id, Map.of("bodies", 3)));
        assertEquals("unknown option 'bodies' for environment '" + id + "'; accepted: time_limit", unknown.getMessage());
    }
}
