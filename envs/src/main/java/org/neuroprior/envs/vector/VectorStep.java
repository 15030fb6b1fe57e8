package org.neuroprior.envs.vector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One batch of results from a {@link VectorEnv}, row {@code i} for sub-environment {@code i}. Like
 * {@link org.neuroprior.envs.Step} it is reused: every array and info map is overwritten by the next
 * {@code reset} or {@code step}, so copy what you keep.
 *
 * <p>When sub-environment {@code i}'s episode ended on this step, {@code rewards[i]}, {@code terminated[i]}
 * and {@code truncated[i]} are that last step's, {@code infos().get(i)} holds its info entries plus
 * {@value VectorEnv#FINAL_OBSERVATION} (a copy of its last observation), and {@code observations[i]} is
 * already the first observation of the next episode.
 */
public final class VectorStep {

    private final double[][] observations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final List<Map<String, Object>> infos;

    VectorStep(int numEnvs, int observationSize) {
        observations = new double[numEnvs][observationSize];
        rewards = new double[numEnvs];
        terminated = new boolean[numEnvs];
        truncated = new boolean[numEnvs];
        List<Map<String, Object>> maps = new ArrayList<>(numEnvs);
        for (int i = 0; i < numEnvs; i++) maps.add(new LinkedHashMap<>());
        infos = Collections.unmodifiableList(maps);
    }

    public int numEnvs() {
        return rewards.length;
    }

    /** {@code [numEnvs][observationSize]}. */
    public double[][] observations() {
        return observations;
    }

    public double[] rewards() {
        return rewards;
    }

    public boolean[] terminated() {
        return terminated;
    }

    public boolean[] truncated() {
        return truncated;
    }

    /** True if sub-environment {@code i}'s episode ended on this step (and it was reset automatically). */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }

    /** One info map per sub-environment; the list is fixed, the maps are cleared and refilled on every call. */
    public List<Map<String, Object>> infos() {
        return infos;
    }
}
