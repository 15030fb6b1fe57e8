package org.neuroprior.experiments.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.experiments.CommandRun;

/** What the README promises: registering one class makes an architecture usable everywhere, by name. */
class AddingAnArchitectureTest {

    @Test
    void aRegisteredArchitectureTrainsFromTheCommandLine(@TempDir Path dir) throws Exception {
        if (!Architectures.registry().contains("linear")) Architectures.register(new Linear());
        CommandRun list = CommandRun.of("arch", "list");
        assertTrue(list.out().contains("linear\n    one linear layer"), list.out());
        Path run = dir.resolve("run");
        CommandRun train = CommandRun.of("train", "--arch", "linear", "--agent", "es", "--env-option", "bodies=3", "--env-option",
                "time_limit=20", "--steps", "80", "--epoch-steps", "40", "--test-episodes", "1", "--out", run.toString());
        assertEquals(0, train.code(), train.out() + train.err());
        assertTrue(Files.readString(run.resolve("config.yaml")).contains("arch: linear"));
        assertTrue(Files.readString(run.resolve("config.yaml")).contains("parameter_count: 26"), "12 inputs x 2 outputs + 2 biases");
    }
}
