package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.neuroprior.experiments.train.Trainer;

/** What of a run directory must be the same from run to run (for tests): the log without timing, the checkpoint without timing. */
public final class RunFiles {
    private RunFiles() {
    }

    /**
     * Writes the config of a small sweep's runs (PPO on 3-link swimmers, 400 steps in 2 epochs, 2 test episodes: a few
     * seconds a run) to {@code file}, for {@code sweep --config}.
     *
     * @return {@code file}
     */
    public static Path smallSweepConfig(Path file) throws IOException {
        Files.writeString(file, """
                env: swimmer-swim
                env_options: {bodies: 3, time_limit: 50}
                agent_options: {segment: 200, envs: 2, actor_iterations: 5, critic_iterations: 5}
                steps: 400
                epoch_steps: 200
                test_episodes: 2
                """);
        return file;
    }

    /**
     * Asserts that two run directories hold the same run: scores and steps ({@link #scores}), config, policy and
     * checkpoint ({@link #checkpointWithoutTiming}).
     */
    public static void assertSameRun(Path expected, Path actual) throws IOException {
        assertEquals(scores(expected), scores(actual), "scores and steps of " + actual);
        assertEquals(Files.readString(expected.resolve(Trainer.CONFIG)), Files.readString(actual.resolve(Trainer.CONFIG)), "config of " + actual);
        assertArrayEquals(Files.readAllBytes(expected.resolve(Trainer.POLICY)), Files.readAllBytes(actual.resolve(Trainer.POLICY)), "policy of " + actual);
        assertArrayEquals(checkpointWithoutTiming(expected.resolve(Trainer.CHECKPOINT)), checkpointWithoutTiming(actual.resolve(Trainer.CHECKPOINT)),
                "checkpoint of " + actual);
    }

    /** The log without its timing and memory columns, which differ from run to run. */
    public static List<String> scores(Path runDir) throws IOException {
        List<String> lines = Files.readAllLines(runDir.resolve(Trainer.LOG));
        String[] header = lines.get(0).split(",");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            StringBuilder kept = new StringBuilder();
            for (int i = 0; i < header.length; i++) {
                if (header[i].contains("seconds") || header[i].contains("per_second") || header[i].contains("resident")) continue;
                kept.append(cells[i]).append(',');
            }
            out.add(kept.toString());
        }
        return out;
    }

    /**
     * A checkpoint's bytes with its two timing fields (seconds, training seconds) and its checksum zeroed: the rest
     * (counters, statistics, the agent's whole state) must be identical. Layout: {@code train.Checkpoint}.
     */
    public static byte[] checkpointWithoutTiming(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.getInt(); // magic
        b.getInt(); // version
        int fingerprint = b.getInt();
        b.position(b.position() + fingerprint);
        b.getLong(); // steps
        b.getInt(); // epochs
        b.getLong(); // next test
        b.putLong(0); // seconds
        b.putLong(0); // training seconds
        b.putLong(bytes.length - 8, 0); // CRC-32 of all the above
        return bytes;
    }
}
