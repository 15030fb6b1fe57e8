package org.neuroprior.envs.check;

import java.util.List;

/**
 * What {@link EnvChecker} found: failures (broken parts of the {@link org.neuroprior.envs.Env} contract)
 * and warnings (legal but suspicious). The check passed if there are no failures.
 */
public record CheckReport(List<String> failures, List<String> warnings) {

    public CheckReport {
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /** For tests: throws {@link AssertionError} listing every failure (and warning) unless the check passed. */
    public void assertPassed() {
        if (!passed()) throw new AssertionError(toString());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("environment check ")
                .append(passed() ? "passed" : "FAILED")
                .append(": ").append(count(failures.size(), "failure"))
                .append(", ").append(count(warnings.size(), "warning"));
        for (String f : failures) sb.append("\n  FAIL: ").append(f);
        for (String w : warnings) sb.append("\n  WARN: ").append(w);
        return sb.toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
