package org.neuroprior.experiments.data;

import java.util.Map;

/**
 * A sample could not be simulated, or came back unusable; the run stopped, keeping the shards finished so far.
 * {@link #parameters()} holds the sweep's parameters when the source returned a sample (null when it threw).
 */
public final class SampleFailedException extends RuntimeException {
    private final int index;
    private final transient Map<String, Object> parameters;

    SampleFailedException(int index, Map<String, Object> parameters, String problem, Throwable cause) {
        super("sample " + index + (parameters != null ? " " + parameters : "") + " " + problem
                + "; the finished shards are kept, and running the same command again resumes", cause);
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
