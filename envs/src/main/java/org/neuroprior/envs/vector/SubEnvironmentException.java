package org.neuroprior.envs.vector;

/**
 * Thrown by {@link VectorEnv} when one of its sub-environments throws: says which one, with the original
 * exception as the cause (further failures of the same call are attached as suppressed exceptions).
 */
public final class SubEnvironmentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int index;

    public SubEnvironmentException(int index, String operation, Throwable cause) {
        super("sub-environment " + index + " failed in " + operation + ": " + cause, cause);
        this.index = index;
    }

    /** The index of the sub-environment that failed. */
    public int index() {
        return index;
    }
}
