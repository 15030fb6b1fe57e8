package org.neuroprior.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The problems found while checking a user's input, so that every one is reported at once instead of the first:
 * each is one line naming the bad value and what is accepted. {@link #throwIfAny()} ends the check with an
 * {@link IllegalArgumentException} whose message is those lines joined by {@code '\n'} (the command line prints each
 * as its own {@code error:} line, exit code 2).
 */
public final class Problems {
    private final List<String> lines = new ArrayList<>();

    /** Records one problem (its message's lines if it has several). */
    public void add(String problem) {
        problem.lines().filter(l -> !l.isBlank()).forEach(lines::add);
    }

    /**
     * Runs a check that reports by throwing: its value, or null after recording the message of the
     * {@link IllegalArgumentException} it threw (every line of it).
     */
    public <T> T check(Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            add(String.valueOf(e.getMessage()));
            return null;
        }
    }

    /** The problems so far, one line each, in the order found. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** @throws IllegalArgumentException with every problem, one line each, if there is any */
    public void throwIfAny() {
        if (!lines.isEmpty()) throw new IllegalArgumentException(String.join("\n", lines));
    }
}
