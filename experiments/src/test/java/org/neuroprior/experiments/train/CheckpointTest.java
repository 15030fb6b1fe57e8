package org.neuroprior.experiments.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.agents.Agent;
import org.neuroprior.agents.Iteration;
import org.neuroprior.agents.Policy;

/** The checkpoint format without a training run: sizes, rotation, fall-back, and refusals that say why. */
class CheckpointTest {
    @TempDir
    Path dir;

    /** An agent whose state is an array of doubles (its size is the test's choice). */
    private static final class ArrayAgent implements Agent {
        double[] state;

        ArrayAgent(int size, double value) {
            state = new double[size];
            java.util.Arrays.fill(state, value);
        }

        @Override
        public String kind() {
            return "array";
        }

        @Override
        public Iteration iterate() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long iterations() {
            return 0;
        }

        @Override
        public Policy policy() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long parameterCount() {
            return state.length;
        }

        @Override
        public void writeState(DataOutputStream out) throws IOException {
            out.writeInt(state.length);
            for (double v : state) out.writeDouble(v);
        }

        @Override
        public void readState(DataInputStream in) throws IOException {
            int n = in.readInt();
            if (n != state.length) throw new IOException("state of " + n + " values, this agent has " + state.length);
            for (int i = 0; i < n; i++) state[i] = in.readDouble();
        }

        @Override
        public void close() {
        }
    }

    private static Checkpoint.TrainerState state(long steps, Map<String, double[]> pending) {
        return new Checkpoint.TrainerState(steps, 3, steps + 100, 12.5, 10.0, steps, pending);
    }

    @Test
    void aLargeStateWithLongStringsRoundTrips() throws IOException {
        // Beyond writeUTF's 64 KB: a long config fingerprint, a long statistic name, and 16 MB of agent state.
        String fingerprint = "env: swimmer-swim\n" + "x".repeat(200_000) + "é\n";
        String longKey = "stat/" + "k".repeat(70_000);
        Map<String, double[]> pending = new LinkedHashMap<>();
        pending.put(longKey, new double[] {1.5, 2});
        pending.put("actor/kl", new double[] {0.01, 3});
        Path file = dir.resolve(Trainer.CHECKPOINT);
        Checkpoint.write(file, fingerprint, state(40_000, pending), new ArrayAgent(2_000_000, 0.25));
        assertTrue(Files.size(file) > 16_000_000);

        ArrayAgent back = new ArrayAgent(2_000_000, 0);
        Checkpoint.TrainerState read = Checkpoint.read(file, fingerprint, back);
        assertEquals(40_000, read.steps());
        assertEquals(List.of(longKey, "actor/kl"), new ArrayList<>(read.pendingStats().keySet()));
        assertArrayEquals(new double[] {1.5, 2}, read.pendingStats().get(longKey));
        assertEquals(0.25, back.state[1_999_999]);
    }

    @Test
    void theNextCheckpointKeepsThePreviousOneAndAReadFallsBackToItWhenTheLastIsDamaged() throws IOException {
        Path file = dir.resolve(Trainer.CHECKPOINT);
        Path previous = Checkpoint.previous(file);
        assertEquals("checkpoint.prev.bin", previous.getFileName().toString());
        Checkpoint.write(file, "config", state(100, Map.of()), new ArrayAgent(10, 1));
        assertFalse(Files.exists(previous), "the first checkpoint has no previous one");
        Checkpoint.write(file, "config", state(200, Map.of()), new ArrayAgent(10, 2));
        assertTrue(Files.exists(previous));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("checkpoint.bin", "checkpoint.prev.bin"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left behind");
        }

        List<String> warnings = new ArrayList<>();
        ArrayAgent agent = new ArrayAgent(10, 0);
        assertEquals(200, Checkpoint.read(file, "config", agent, warnings::add).steps());
        assertEquals(List.of(), warnings);

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01; // one flipped bit
        Files.write(file, bytes);
        assertEquals(100, Checkpoint.read(file, "config", agent, warnings::add).steps());
        assertEquals(1.0, agent.state[0]);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("corrupt") && warnings.get(0).contains("checkpoint.prev.bin"), warnings.get(0));

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 40)); // truncated
        assertEquals(100, Checkpoint.read(file, "config", agent, warnings::add).steps());
        Files.delete(file); // a crash cannot do this, a user can
        assertEquals(100, Checkpoint.read(file, "config", agent, warnings::add).steps());
        assertEquals(3, warnings.size());
    }

    @Test
    void refusalsSayWhy() throws IOException {
        Path file = dir.resolve(Trainer.CHECKPOINT);
        var none = assertThrows(BadRunFileException.class, () -> Checkpoint.read(file, "config", new ArrayAgent(1, 0)));
        assertTrue(none.getMessage().contains("nothing to resume"), none.getMessage());

        Checkpoint.write(file, "config", state(100, Map.of()), new ArrayAgent(10, 1));
        var other = assertThrows(BadRunFileException.class, () -> Checkpoint.read(file, "another config", new ArrayAgent(10, 0)));
        assertTrue(other.getMessage().contains("different config"), other.getMessage());
        var misfit = assertThrows(BadRunFileException.class, () -> Checkpoint.read(file, "config", new ArrayAgent(11, 0)));
        assertTrue(misfit.getMessage().contains("does not fit") && misfit.getMessage().contains("10 values"), misfit.getMessage());

        byte[] bytes = Files.readAllBytes(file);
        bytes[7] = 99; // format version 99, checksum made right again
        var crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8).putLong(crc.getValue());
        Files.write(file, bytes);
        var version = assertThrows(BadRunFileException.class, () -> Checkpoint.read(file, "config", new ArrayAgent(10, 0)));
        assertTrue(version.getMessage().contains("format version 99"), version.getMessage());

        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        var corrupt = assertThrows(BadRunFileException.class, () -> Checkpoint.read(file, "config", new ArrayAgent(10, 0)));
        assertTrue(corrupt.getMessage().contains("corrupt"), corrupt.getMessage());
        assertEquals(corrupt.getMessage(), corrupt.toString(), "printed as its message alone");

        Files.write(file, new byte[] {1, 2, 3});
        var truncated = assertThrows(BadRunFileException.class, () -> Checkpoint.read(file, "config", new ArrayAgent(10, 0)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    }
}
