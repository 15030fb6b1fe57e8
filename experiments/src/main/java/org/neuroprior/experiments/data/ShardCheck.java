package org.neuroprior.experiments.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    static Optional<ShardRecord> adopt(DatasetStore dir, ShardPlan plan, int classes) {
        try {
            for (String f : List.of(plan.dataFile(), plan.labelsFile(), plan.sweepsFile())) {
                if (!dir.isFile(f)) return Optional.empty();
            }
            NpyReader.Layout layout = layout(dir, plan.labelsFile());
            if (!layout.header().equals(NpyHeader.int64(plan.samples()))) return Optional.empty();
            ByteBuffer labels;
            try (InputStream in = dir.open(plan.labelsFile())) {
                in.skipNBytes(layout.dataOffset());
                labels = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            }
            List<Integer> counts = new java.util.ArrayList<>(java.util.Collections.nCopies(classes, 0));
            while (labels.remaining() >= Long.BYTES) {
                long label = labels.getLong();
                if (label < 0 || label >= classes) return Optional.empty();
                counts.set((int) label, counts.get((int) label) + 1);
            }
            ShardRecord record = new ShardRecord(plan.split(), plan.number(), plan.samples(), digest(dir, plan.dataFile()),
                    digest(dir, plan.labelsFile()), digest(dir, plan.sweepsFile()), counts);
            return problem(dir, plan, record).isEmpty() ? Optional.of(record) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return why the shard must be redone, or empty if it is intact */
    static Optional<String> problem(DatasetStore dir, ShardPlan plan, ShardRecord record) {
        if (record.samples() != plan.samples()) {
            return Optional.of("the manifest records " + record.samples() + " samples, the plan has " + plan.samples());
        }
        try {
            for (Expected file : List.of(new Expected(plan.dataFile(), record.data()), new Expected(plan.labelsFile(), record.labels()),
                    new Expected(plan.sweepsFile(), record.sweeps()))) {
                if (!dir.isFile(file.name())) return Optional.of(file.name() + " is missing");
                long size = dir.size(file.name());
                if (size != file.digest().bytes()) {
                    return Optional.of(file.name() + " has " + size + " bytes, the manifest records " + file.digest().bytes());
                }
                FileDigest actual = digest(dir, file.name()); // the length alone would miss a file overwritten in place
                if (!actual.equals(file.digest())) {
                    return Optional.of(file.name() + " has CRC-32 " + actual.crc32() + ", the manifest records " + file.digest().crc32());
                }
            }
            NpyHeader data = layout(dir, plan.dataFile()).header();
            NpyHeader wantedData = NpyHeader.float32(plan.samples(), SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS);
            if (!data.equals(wantedData)) return Optional.of(plan.dataFile() + " holds " + data + ", not " + wantedData);
            NpyHeader labels = layout(dir, plan.labelsFile()).header();
            if (!labels.equals(NpyHeader.int64(plan.samples()))) return Optional.of(plan.labelsFile() + " holds " + labels);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static FileDigest digest(DatasetStore dir, String file) throws IOException {
        try (InputStream in = dir.open(file)) {
            return FileDigest.of(in);
        }
    }

    private static NpyReader.Layout layout(DatasetStore dir, String file) throws IOException {
        try (InputStream in = dir.open(file)) {
            return NpyReader.layout(file, dir.size(file), in);
        }
    }
}
