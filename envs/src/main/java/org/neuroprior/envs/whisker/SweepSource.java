package org.neuroprior.envs.whisker;

import java.util.List;
import java.util.Map;

/**
 * A deterministic, indexable supply of sweeps: sample {@code i} depends only on the source's settings and {@code i},
 * so a dataset can be generated in any order, on any number of threads, and resumed.
 */
public interface SweepSource {
    /** The class names, in label order. */
    List<String> classNames();

    /** How many samples the source defines. */
    int size();

    /**
     * The version and settings of whatever makes the samples, by name (e.g. {@link WhiskerPhysics#describe()}); empty
     * for a source that simulates nothing. A dataset stores it and is never continued by a source that says otherwise.
     */
    default Map<String, Object> simulator() {
        return Map.of();
    }

    /** Simulates sample {@code index} (0 <= index < size()). Must be safe to call from several threads at once. */
    SweepSample sample(int index);
}
