package org.neuroprior.experiments.data;

import java.util.Map;

/**
 * A sample could not be simulated, or came back unusable; the run stopped, keeping the shards finished so far. Since
 * every sample is a pure function of the settings, the failure is not one that a rerun gets past (unless its cause
 * was outside the simulation), and the message says so. User meshes are checked before a run starts
 * ({@code ObjectCatalog.fromLabelFile}), so what is left here is a bug.
 * {@link #parameters()} holds the sweep's parameters when the source returned a sample (null when it threw).
 */
public final class SampleFailedException extends RuntimeException {
    private final int index;
    private final transient Map<String, Object> parameters;

    SampleFailedException(int index, Map<String, Object> parameters, String problem, Throwable cause) {
        super("sample " + index + (parameters != null ? " " + parameters : "") + " " + problem
                + "; the finished shards are kept. Samples are deterministic, so the same command would stop again on this"
                + " sample: rerun it only if the cause was outside the simulation (memory, disk), otherwise report this failure",
                cause);
        this.index = index;
        this.parameters = parameters;
    }

    public int index() {
        return index;
    }

    public Map<String, Object> parameters() {
        return parameters;
    }
}
