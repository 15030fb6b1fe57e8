package org.neuroprior.agents;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training iteration did: the environment steps it consumed and statistics to log, keyed by tonic-style
 * column names ({@code train/episode_score/mean}, {@code actor/loss}, ...).
 */
public record Iteration(long steps, Map<String, Double> stats) {
    public Iteration {
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats)); // keeps the column order
    }
}
