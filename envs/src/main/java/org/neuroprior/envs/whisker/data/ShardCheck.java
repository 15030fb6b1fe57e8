package org.neuroprior.envs.whisker.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.neuroprior.envs.whisker.SweepSample;

/**
 * Decides whether a finished shard of a whisker dataset is really there as its manifest records it: its three files
 * (data, labels, sweeps) exist, have the recorded lengths and CRC-32s, and the arrays' headers have the shapes and
 * dtypes of {@code samples} sweeps: data float32 {@code (samples, 110, 35, 6)}, labels int64 {@code (samples,)}.
 * The one check of both the writer (resuming a dataset) and {@link WhiskerDataset} (opening one).
 */
public final class ShardCheck {
    private ShardCheck() {
    }

    /**
     * A shard's file as the manifest records it.
     *
     * @param file   its path relative to the dataset directory, with '/'
     * @param digest its recorded length and CRC-32
     */
    public record Recorded(String file, FileDigest digest) {
    }

    /**
     * @param dir       the dataset directory
     * @param samples   the shard's recorded sample count
     * @param checksums whether to read every file for its CRC-32 (otherwise lengths and headers only)
     * @return why the shard cannot be used, naming the file, or empty if it is intact
     */
    public static Optional<String> problem(Path dir, Recorded data, Recorded labels, Recorded sweeps, int samples, boolean checksums) {
        try {
            for (Recorded file : List.of(data, labels, sweeps)) {
                Path path = dir.resolve(file.file());
                if (!Files.isRegularFile(path)) return Optional.of(file.file() + " is missing");
                long size = Files.size(path);
                if (size != file.digest().bytes()) {
                    return Optional.of(file.file() + " has " + size + " bytes, the manifest records " + file.digest().bytes());
                }
                if (!checksums) continue;
                FileDigest actual = FileDigest.of(path); // the length alone would miss a file overwritten in place
                if (!actual.equals(file.digest())) {
                    return Optional.of(file.file() + " has CRC-32 " + actual.crc32() + ", the manifest records " + file.digest().crc32());
                }
            }
            NpyHeader dataHeader = NpyReader.layout(dir.resolve(data.file())).header();
            NpyHeader wantedData = NpyHeader.float32(samples, SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS);
            if (!dataHeader.equals(wantedData)) {
                return Optional.of(data.file() + " holds " + describe(dataHeader) + ", not " + describe(wantedData));
            }
            NpyHeader labelsHeader = NpyReader.layout(dir.resolve(labels.file())).header();
            NpyHeader wantedLabels = NpyHeader.int64(samples);
            if (!labelsHeader.equals(wantedLabels)) {
                return Optional.of(labels.file() + " holds " + describe(labelsHeader) + ", not " + describe(wantedLabels));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String describe(NpyHeader h) {
        return h.dtype() + " " + h.shape();
    }
}
