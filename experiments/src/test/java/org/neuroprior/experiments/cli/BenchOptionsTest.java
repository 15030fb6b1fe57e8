package org.neuroprior.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** bench's options parse as their help says (a negatable option with default true once did the opposite). */
class BenchOptionsTest {
    @Test
    void noArrayStepLeavesTheArrayStepOut() {
        var timed = new BenchCommand();
        new CommandLine(timed).parseArgs("--whisker");
        assertFalse(timed.noArrayStep, "without the flag the array step is timed");
        var left = new BenchCommand();
        new CommandLine(left).parseArgs("--whisker", "--no-array-step");
        assertTrue(left.noArrayStep, "--no-array-step must leave it out");
    }
}
