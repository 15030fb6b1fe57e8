package org.neuroprior.experiments.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

import org.neuroprior.agents.Agent;

/**
 * A resumable snapshot of a run: the trainer's counters and the agent's state, tied to the run's config.
 *
 * <p>File layout: magic {@code NPCK}, format version, the config fingerprint (its YAML text), the trainer state,
 * the agent state, then a CRC-32 of everything before it. It is written to a temporary file and moved into place,
 * so a crash while writing leaves the previous checkpoint intact. A file that is truncated, corrupt, or from
 * another config is refused with a message that says which.
 */
public final class Checkpoint {
    private static final int MAGIC = 0x4E50434B; // "NPCK"
    private static final int VERSION = 1;

    /**
     * Where the trainer was: training steps done, log rows written, when the next test is due, the time spent so far,
     * and the partial sums of the agent's statistics since the last log row ({@code key -> {sum, count}}), so that a
     * row that spans an interruption averages the same iterations as without one.
     */
    public record TrainerState(long steps, int epochs, long nextTestAt, double seconds, double trainSeconds,
                               long epochStartSteps, java.util.Map<String, double[]> pendingStats) {
    }

    private Checkpoint() {
    }

    public static void write(Path file, String configFingerprint, TrainerState state, Agent agent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writeLongUtf(out, configFingerprint);
            out.writeLong(state.steps());
            out.writeInt(state.epochs());
            out.writeLong(state.nextTestAt());
            out.writeDouble(state.seconds());
            out.writeDouble(state.trainSeconds());
            out.writeLong(state.epochStartSteps());
            out.writeInt(state.pendingStats().size());
            for (var e : state.pendingStats().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue()[0]);
                out.writeDouble(e.getValue()[1]);
            }
            agent.writeState(out);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(crc.getValue());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes.toByteArray());
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Reads a checkpoint into {@code agent} and returns the trainer state.
     *
     * @throws IOException naming the file and the problem: missing, not a checkpoint, corrupt, another config
     */
    public static TrainerState read(Path file, String configFingerprint, Agent agent) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("no checkpoint at " + file + ": nothing to resume");
        byte[] all = Files.readAllBytes(file);
        if (all.length < 16) throw new IOException("checkpoint " + file + " is truncated (" + all.length + " bytes)");
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            if (in.readInt() != MAGIC) throw new IOException(file + " is not a NeuroPrior checkpoint");
            if (stored != crc.getValue()) throw new IOException("checkpoint " + file + " is corrupt (checksum mismatch)");
            int version = in.readInt();
            if (version != VERSION) throw new IOException("checkpoint " + file + " has format version " + version + "; this build reads " + VERSION);
            String saved = readLongUtf(in);
            if (!saved.equals(configFingerprint)) {
                throw new IOException("checkpoint " + file + " belongs to a different config; resume with the run's own config.yaml "
                        + "(saved:\n" + saved + "\nnow:\n" + configFingerprint + ")");
            }
            long steps = in.readLong();
            int epochs = in.readInt();
            long nextTestAt = in.readLong();
            double seconds = in.readDouble();
            double trainSeconds = in.readDouble();
            long epochStartSteps = in.readLong();
            int pending = in.readInt();
            java.util.Map<String, double[]> stats = new java.util.LinkedHashMap<>();
            for (int i = 0; i < pending; i++) stats.put(in.readUTF(), new double[] {in.readDouble(), in.readDouble()});
            TrainerState state = new TrainerState(steps, epochs, nextTestAt, seconds, trainSeconds, epochStartSteps, stats);
            agent.readState(in);
            if (in.available() != 0) throw new IOException("checkpoint " + file + " has " + in.available() + " unexpected trailing bytes");
            return state;
        }
    }

    private static void writeLongUtf(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLongUtf(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) throw new IOException("bad string length " + n);
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new IOException("truncated");
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
