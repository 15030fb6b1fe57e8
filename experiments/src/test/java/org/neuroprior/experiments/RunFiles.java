package org.neuroprior.experiments;

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
