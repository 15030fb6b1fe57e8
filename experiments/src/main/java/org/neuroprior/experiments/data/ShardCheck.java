package org.neuroprior.experiments.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.data.FileDigest;
import org.neuroprior.envs.whisker.data.NpyHeader;
import org.neuroprior.envs.whisker.data.NpyReader;

/**
 * Decides whether a shard the manifest calls done is really there: its three files exist under their final names,
 * have the recorded lengths and CRC-32s, and the arrays' headers have the planned shapes and dtypes.
 */
final class ShardCheck {
    private ShardCheck() {
    }

    private record Expected(String name, FileDigest digest) {
    }

    /**
     * The record of a shard whose three files are all under their final names (put there whole by an earlier attempt
     * whose result never reached the manifest), read from the files themselves: digests, headers and class counts.
     *
     * @return the record, or empty if a file is missing or does not have the planned layout
     */
    static Optional<ShardRecord> adopt(Path dir, ShardPlan plan, int classes) {
        try {
            for (String f : List.of(plan.dataFile(), plan.labelsFile(), plan.sweepsFile())) {
                if (!Files.isRegularFile(dir.resolve(f))) return Optional.empty();
            }
            long[] labels = NpyReader.readInt64(dir.resolve(plan.labelsFile()));
            if (labels.length != plan.samples()) return Optional.empty();
            List<Integer> counts = new java.util.ArrayList<>(java.util.Collections.nCopies(classes, 0));
            for (long label : labels) {
                if (label < 0 || label >= classes) return Optional.empty();
                counts.set((int) label, counts.get((int) label) + 1);
            }
            ShardRecord record = new ShardRecord(plan.split(), plan.number(), plan.samples(), FileDigest.of(dir.resolve(plan.dataFile())),
                    FileDigest.of(dir.resolve(plan.labelsFile())), FileDigest.of(dir.resolve(plan.sweepsFile())), counts);
            return problem(dir, plan, record).isEmpty() ? Optional.of(record) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return why the shard must be redone, or empty if it is intact */
    static Optional<String> problem(Path dir, ShardPlan plan, ShardRecord record) {
        if (record.samples() != plan.samples()) {
            return Optional.of("the manifest records " + record.samples() + " samples, the plan has " + plan.samples());
        }
        try {
            for (Expected file : List.of(new Expected(plan.dataFile(), record.data()), new Expected(plan.labelsFile(), record.labels()),
                    new Expected(plan.sweepsFile(), record.sweeps()))) {
                Path path = dir.resolve(file.name());
                if (!Files.isRegularFile(path)) return Optional.of(file.name() + " is missing");
                long size = Files.size(path);
                if (size != file.digest().bytes()) {
                    return Optional.of(file.name() + " has " + size + " bytes, the manifest records " + file.digest().bytes());
                }
                FileDigest actual = FileDigest.of(path); // the length alone would miss a file overwritten in place
                if (!actual.equals(file.digest())) {
                    return Optional.of(file.name() + " has CRC-32 " + actual.crc32() + ", the manifest records " + file.digest().crc32());
                }
            }
            NpyHeader data = NpyReader.layout(dir.resolve(plan.dataFile())).header();
            NpyHeader wantedData = NpyHeader.float32(plan.samples(), SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS);
            if (!data.equals(wantedData)) return Optional.of(plan.dataFile() + " holds " + data + ", not " + wantedData);
            NpyHeader labels = NpyReader.layout(dir.resolve(plan.labelsFile())).header();
            if (!labels.equals(NpyHeader.int64(plan.samples()))) return Optional.of(plan.labelsFile() + " holds " + labels);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }
}
