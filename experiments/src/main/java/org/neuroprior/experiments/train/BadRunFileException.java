package org.neuroprior.experiments.train;

import java.io.IOException;

/**
 * A file of a run directory that cannot be used as it is: missing, truncated, corrupt (checksum mismatch), written
 * by another version of NeuroPrior, or for another config. An expected failure, not a bug: the command line reports
 * its message in one line (no stack trace) and exits with code 2. {@link #toString()} is the message alone, so code
 * that prints the exception itself also prints one readable line.
 */
public class BadRunFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public BadRunFileException(String message) {
        super(message);
    }

    public BadRunFileException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
