package org.neuroprior.experiments.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Which policies are bound to the body length they trained on ({@link TrainedPolicy#lengthBound}): what the transfer
 * figure of {@code plot} (and so {@code compare}) gives as the reason a group is absent.
 */
class LengthBoundTest {

    private static TrainConfig config(String env, String arch, Map<String, Object> archOptions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", env);
        m.put("arch", arch);
        m.put("arch_options", archOptions);
        return TrainConfig.resolve(m);
    }

    @Test
    void onlyPoliciesWhoseParametersFitOneLengthAreBoundToIt() {
        assertTrue(TrainedPolicy.lengthBound(config("swimmer-swim", "mlp", Map.of())), "an MLP's input layer is sized by the body");
        assertTrue(TrainedPolicy.lengthBound(config("swimmer-swim", "mlp", Map.of("observation_normalization", false))));
        assertFalse(TrainedPolicy.lengthBound(config("swimmer-swim", "ncap", Map.of())), "NCAP with weight sharing transfers");
        assertTrue(TrainedPolicy.lengthBound(config("swimmer-swim", "ncap", Map.of("sharing", false))), "6 weights per joint");
        assertFalse(TrainedPolicy.lengthBound(config("cartpole", "mlp", Map.of())), "no body length to change");
    }
}
