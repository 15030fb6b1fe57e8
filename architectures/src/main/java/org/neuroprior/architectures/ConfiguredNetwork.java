package org.neuroprior.architectures;

import java.util.Map;

/**
 * A {@link Network} that can say how it was configured, so that a checkpoint can rebuild it:
 * {@code Networks.create(kind(), inputSize(), outputSize(), options(), seed)} followed by
 * {@code setParameters(parameters())} gives an equal network.
 */
public interface ConfiguredNetwork extends Network {

    /**
     * The options of this network in canonical form (every option of its kind, defaults included): values are
     * {@link Integer}, {@link Boolean}, {@link String} or {@code List<Integer>}; an unmodifiable, sorted map.
     */
    Map<String, Object> options();
}
