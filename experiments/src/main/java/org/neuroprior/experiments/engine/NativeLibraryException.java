package org.neuroprior.experiments.engine;

/**
 * An executor could not load the native libraries (MuJoCo's, ND4J's): its message is the one line the user sees,
 * naming the host, the library and what an executor needs.
 */
public final class NativeLibraryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NativeLibraryException(String message) {
        super(message, null, false, false);
    }
}
