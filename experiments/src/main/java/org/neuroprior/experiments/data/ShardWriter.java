package org.neuroprior.experiments.data;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.data.FileDigest;
import org.neuroprior.envs.whisker.data.NpyHeader;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes one shard: samples are appended in the shard's order to temporary files ({@code *.partial}), and
 * {@link #commit} completes them and renames each to its final name. Closing an uncommitted writer deletes the
 * temporary files, so an abandoned shard leaves nothing that could pass for a finished one.
 */
final class ShardWriter implements AutoCloseable {
    private final Path dir;
    private final String tag;
    private final ShardPlan plan;
    private final List<String> classNames;
    private final Path dataTemp, labelsTemp, sweepsTemp;
    private final NpyWriter data;
    private final NpyWriter labels;
    private final FileOutputStream sweepsFile;
    private final CRC32 sweepsCrc = new CRC32();
    private final Writer sweeps;
    private final long[] classCounts;
    private int appended;
    private boolean committed;

    /** @param tag added to the temporary files' names (before {@code .partial}), so that two attempts never share one */
    ShardWriter(Path dir, ShardPlan plan, List<String> classNames, String tag) throws IOException {
        this.dir = dir;
        this.tag = tag;
        this.plan = plan;
        this.classNames = classNames;
        this.classCounts = new long[classNames.size()];
        Files.createDirectories(dir.resolve(plan.split().directory()));
        dataTemp = temporary(plan.dataFile());
        labelsTemp = temporary(plan.labelsFile());
        sweepsTemp = temporary(plan.sweepsFile());
        data = new NpyWriter(dataTemp, NpyHeader.float32(plan.samples(), SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS));
        labels = new NpyWriter(labelsTemp, NpyHeader.int64(plan.samples()));
        sweepsFile = new FileOutputStream(sweepsTemp.toFile());
        sweeps = new OutputStreamWriter(new CheckedOutputStream(new BufferedOutputStream(sweepsFile, 1 << 16), sweepsCrc),
                StandardCharsets.UTF_8);
        // One sample per line: compact, yet readable and diffable.
        sweeps.write("{\"split\": \"" + plan.split().directory() + "\", \"shard\": " + plan.number() + ", \"samples\": [");
    }

    private Path temporary(String file) {
        return dir.resolve(file + tag + WhiskerDatasetWriter.TEMPORARY_SUFFIX);
    }

    /** Appends the shard's next sample, which must be the one with the next index of the plan. */
    void append(int index, SweepSample sample) throws IOException {
        if (appended >= plan.samples() || plan.indices()[appended] != index) {
            throw new IllegalStateException("shard " + plan.name() + " expects sample " + (appended < plan.samples()
                    ? plan.indices()[appended] : "none") + " next, got " + index);
        }
        data.write(sample.signals());
        labels.write(sample.label());
        classCounts[sample.label()]++;
        ObjectNode sweep = Json.MAPPER.createObjectNode();
        sweep.put("index", index);
        sweep.put("label", sample.label());
        sweep.put("class", classNames.get(sample.label()));
        sweep.set("parameters", Json.MAPPER.valueToTree(sample.parameters()));
        sweeps.write(appended == 0 ? "\n" : ",\n");
        sweeps.write(Json.compact(sweep));
        appended++;
    }

    /** Completes the three files, moves them to their final names and returns what the manifest records of them. */
    ShardRecord commit() throws IOException {
        if (appended != plan.samples()) {
            throw new IllegalStateException("shard " + plan.name() + " has " + appended + " of its " + plan.samples() + " samples");
        }
        FileDigest dataDigest = data.finish();
        FileDigest labelsDigest = labels.finish();
        sweeps.write("\n]}\n");
        sweeps.flush();
        sweepsFile.getFD().sync();
        sweeps.close();
        FileDigest sweepsDigest = FileDigest.of(Files.size(sweepsTemp), sweepsCrc);
        // The data goes into place last: resume checks all three anyway, but a reader globbing data-*.npy then never
        // finds a data file without its labels.
        move(labelsTemp, plan.labelsFile());
        move(sweepsTemp, plan.sweepsFile());
        move(dataTemp, plan.dataFile());
        committed = true;
        List<Integer> counts = new ArrayList<>();
        Arrays.stream(classCounts).forEach(c -> counts.add((int) c));
        return new ShardRecord(plan.split(), plan.number(), plan.samples(), dataDigest, labelsDigest, sweepsDigest, counts);
    }

    private void move(Path temporary, String file) throws IOException {
        Files.move(temporary, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        if (committed) return;
        try (data; labels; sweeps) {
            // closing them all, even if one fails
        } finally {
            Files.deleteIfExists(dataTemp);
            Files.deleteIfExists(labelsTemp);
            Files.deleteIfExists(sweepsTemp);
        }
    }
}
