package org.neuroprior.experiments.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;

import org.neuroprior.agents.Agent;
import org.neuroprior.common.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resumable snapshot of a run: the trainer's counters and the agent's state, tied to the run's config.
 *
 * <p>File layout (format version 2): magic {@code NPCK}, format version, the config fingerprint (its YAML text), the
 * trainer state, the agent state, then a CRC-32 of everything before it. Strings are written as a byte count and
 * UTF-8 bytes, so no part of the format has a size limit (version 1 wrote the pending statistics' names with
 * {@code writeUTF}, limited to 64 KB; it is still read).
 *
 * <p>Writing keeps the previous checkpoint until the new one is safely on disk: the new one goes to
 * {@code checkpoint.bin.tmp} and is flushed to the disk (fsync); then the current {@code checkpoint.bin} becomes
 * {@code checkpoint.prev.bin} and the new file takes its name, each by an atomic rename, so at every moment
 * {@code checkpoint.bin} is a complete checkpoint. Reading falls back to the previous checkpoint, with a one-line
 * warning, when the last one is missing, truncated or corrupt: a run then resumes one epoch earlier rather than
 * from scratch. A file that is refused throws {@link BadRunFileException} with a message that says why.
 */
public final class Checkpoint {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    private static final int MAGIC = 0x4E50434B; // "NPCK"
    private static final int VERSION = 2;

    /**
     * Where the trainer was: training steps done, log rows written, when the next test is due, the time spent so far,
     * and the partial sums of the agent's statistics since the last log row ({@code key -> {sum, count}}), so that a
     * row that spans an interruption averages the same iterations as without one.
     */
    public record TrainerState(long steps, int epochs, long nextTestAt, double seconds, double trainSeconds,
                               long epochStartSteps, Map<String, double[]> pendingStats) {
    }

    private Checkpoint() {
    }

    /**
     * What a checkpoint holds beside the trainer's counters: an agent's state, or a supervised run's model and
     * optimiser ({@code tactile-train}).
     */
    public interface Content {
        /** What kind of state this is, for messages ("ppo", "tactile"). */
        String kind();

        /** Writes everything needed to continue exactly where the run is. */
        void writeState(DataOutputStream out) throws IOException;

        /** Restores what {@link #writeState} wrote; throws if it does not fit. */
        void readState(DataInputStream in) throws IOException;
    }

    /** An agent as checkpoint content. */
    public static Content of(Agent agent) {
        return new Content() {
            @Override
            public String kind() {
                return agent.kind();
            }

            @Override
            public void writeState(DataOutputStream out) throws IOException {
                agent.writeState(out);
            }

            @Override
            public void readState(DataInputStream in) throws IOException {
                agent.readState(in);
            }
        };
    }

    /** The previous checkpoint kept beside {@code file}: {@code checkpoint.prev.bin} for {@code checkpoint.bin}. */
    public static Path previous(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String prev = dot < 0 ? name + ".prev" : name.substring(0, dot) + ".prev" + name.substring(dot);
        return file.resolveSibling(prev);
    }

    /**
     * Writes a checkpoint to {@code file}, keeping the one it replaces as {@link #previous(Path)} (see the class
     * comment for the order of the steps).
     */
    public static void write(Path file, String configFingerprint, TrainerState state, Agent agent) throws IOException {
        write(file, configFingerprint, state, of(agent));
    }

    /** As {@link #write(Path, String, TrainerState, Agent)}, for any content. */
    public static void write(Path file, String configFingerprint, TrainerState state, Content agent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writeString(out, configFingerprint);
            out.writeLong(state.steps());
            out.writeInt(state.epochs());
            out.writeLong(state.nextTestAt());
            out.writeDouble(state.seconds());
            out.writeDouble(state.trainSeconds());
            out.writeLong(state.epochStartSteps());
            out.writeInt(state.pendingStats().size());
            for (var e : state.pendingStats().entrySet()) {
                writeString(out, e.getKey());
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
        Path tmp = AtomicFiles.temporary(file);
        AtomicFiles.writeDurably(tmp, bytes.toByteArray());
        if (Files.isRegularFile(file)) {
            // checkpoint.bin stays in place (hard link, or a durable copy where links are not supported) until the
            // new file replaces it, so a crash at any point leaves a complete checkpoint.bin.
            Path prevTmp = AtomicFiles.temporary(previous(file));
            Files.deleteIfExists(prevTmp);
            try {
                Files.createLink(prevTmp, file);
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                AtomicFiles.writeDurably(prevTmp, Files.readAllBytes(file));
            }
            AtomicFiles.moveIntoPlace(prevTmp, previous(file));
        }
        AtomicFiles.moveIntoPlace(tmp, file);
        AtomicFiles.syncDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * Reads a checkpoint into {@code agent} and returns the trainer state. When {@code file} is missing, truncated or
     * corrupt and {@link #previous(Path)} is sound, reads that one instead and logs one warning line saying so.
     *
     * @throws BadRunFileException naming the file and the problem: missing (nothing to resume), not a checkpoint,
     *                             truncated, corrupt, another format version, another config, or an agent state that
     *                             does not fit this build
     */
    public static TrainerState read(Path file, String configFingerprint, Agent agent) throws IOException {
        return read(file, configFingerprint, agent, LOG::warn);
    }

    /** As {@link #read(Path, String, Agent)}, with the one-line notice of a fall-back to the previous checkpoint sent to {@code warning}. */
    public static TrainerState read(Path file, String configFingerprint, Agent agent, Consumer<String> warning) throws IOException {
        return read(file, configFingerprint, of(agent), warning);
    }

    /** As {@link #read(Path, String, Agent, Consumer)}, for any content. */
    public static TrainerState read(Path file, String configFingerprint, Content agent, Consumer<String> warning) throws IOException {
        byte[] last;
        try {
            last = sound(file);
        } catch (BadRunFileException damaged) {
            Path prev = previous(file);
            byte[] earlier;
            try {
                earlier = sound(prev);
            } catch (BadRunFileException alsoDamaged) {
                if (!Files.exists(prev)) throw damaged;
                throw new BadRunFileException(damaged.getMessage() + "; the previous checkpoint cannot be used either: "
                        + alsoDamaged.getMessage(), damaged);
            }
            TrainerState state = parse(prev, earlier, configFingerprint, agent);
            warning.accept(damaged.getMessage() + "; using the previous checkpoint " + prev.getFileName() + " instead (" + state.steps()
                    + " steps, one epoch earlier)");
            return state;
        }
        return parse(file, last, configFingerprint, agent);
    }

    /**
     * The file's bytes without the checksum, once its length, magic number and checksum are right.
     *
     * @throws BadRunFileException if it is missing, truncated, not a checkpoint or corrupt
     */
    private static byte[] sound(Path file) throws BadRunFileException {
        if (!Files.isRegularFile(file)) throw new BadRunFileException("no checkpoint at " + file + ": nothing to resume (not a run directory, or "
                + "its first epoch has not ended)");
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadRunFileException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (all.length < 16) throw new BadRunFileException("checkpoint " + file + " is truncated (" + all.length + " bytes)");
        if (ByteBuffer.wrap(all).getInt() != MAGIC) throw new BadRunFileException(file + " is not a NeuroPrior checkpoint");
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new BadRunFileException("checkpoint " + file + " is corrupt or truncated (checksum mismatch)");
        }
        return java.util.Arrays.copyOf(all, all.length - 8);
    }

    private static TrainerState parse(Path file, byte[] content, String configFingerprint, Content agent) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
            in.readInt(); // the magic number, checked
            int version = in.readInt();
            if (version != 1 && version != VERSION) {
                throw new BadRunFileException("checkpoint " + file + " has format version " + version + " (another version of "
                        + "NeuroPrior); this build reads 1 and " + VERSION);
            }
            String saved = readString(in, file);
            if (!saved.equals(configFingerprint)) {
                throw new BadRunFileException("checkpoint " + file + " belongs to a different config; resume with the run's own "
                        + "config.yaml (saved:\n" + saved + "\nnow:\n" + configFingerprint + ")");
            }
            try {
                // Arguments are evaluated left to right: the fields in the order write() wrote them.
                TrainerState state = new TrainerState(in.readLong(), in.readInt(), in.readLong(), in.readDouble(), in.readDouble(),
                        in.readLong(), readStats(in, file, version));
                agent.readState(in);
                if (in.available() != 0) throw new IOException(in.available() + " unexpected trailing bytes");
                return state;
            } catch (IOException | RuntimeException e) {
                // The checksum holds, so the file is as written: by a build whose agent state differs from this one's.
                throw new BadRunFileException("checkpoint " + file + " does not fit this build's " + agent.kind() + " state "
                        + "(written by another version of NeuroPrior?): " + e.getMessage(), e);
            }
        }
    }

    /**
     * The training steps a checkpoint records, read from its opening (magic number, format version, config, steps)
     * without reading or checking the rest: for a checkpoint known to be whole, such as a published run's.
     *
     * @param name the file's name or URI, for messages
     * @throws BadRunFileException if the opening is not a checkpoint's of a format this build reads, or is cut short
     */
    public static long steps(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            if (in.readInt() != MAGIC) throw new BadRunFileException(name + " is not a NeuroPrior checkpoint");
            int version = in.readInt();
            if (version != 1 && version != VERSION) {
                throw new BadRunFileException("checkpoint " + name + " has format version " + version + "; this build reads 1 and " + VERSION);
            }
            int n = in.readInt();
            if (n < 0) throw new BadRunFileException("checkpoint " + name + " holds a string of " + n + " bytes");
            in.skipNBytes(n);
            return in.readLong();
        } catch (java.io.EOFException e) {
            throw new BadRunFileException("checkpoint " + name + " is truncated", e);
        }
    }

    /** The pending statistics: a count, then per key its name, sum and count. */
    private static Map<String, double[]> readStats(DataInputStream in, Path file, int version) throws IOException {
        int pending = in.readInt();
        Map<String, double[]> stats = new LinkedHashMap<>();
        for (int i = 0; i < pending; i++) {
            String key = version == 1 ? in.readUTF() : readString(in, file);
            stats.put(key, new double[] {in.readDouble(), in.readDouble()});
        }
        return stats;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in, Path file) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new BadRunFileException("checkpoint " + file + " holds a string of " + n + " bytes but only " + in.available()
                    + " bytes follow");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
