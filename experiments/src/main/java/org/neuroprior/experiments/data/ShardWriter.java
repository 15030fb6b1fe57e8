package org.neuroprior.experiments.data;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.data.FileDigest;
import org.neuroprior.envs.whisker.data.NpyHeader;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes one shard, or one piece of a shard: samples are appended in the shard's order to temporary files
 * ({@code *.partial}), and {@link #commit} completes them and renames each to its final name. Closing an uncommitted
 * writer deletes the temporary files, so an abandoned shard leaves nothing that could pass for a finished one.
 *
 * <p>A piece ({@link #piece}) holds the rows {@code [from, to)} of a shard's three files without the files' heads and
 * tails (the NPY headers, the sweeps file's opening and closing): the bodies, under names that end in
 * {@code .partial} too (temporary for the dataset, deleted by the next run that starts). {@link #assemble} joins a
 * shard's pieces behind the heads and before the tail, so the shard's files are the same bytes as a whole-shard
 * writer's, whatever the pieces.
 */
final class ShardWriter implements AutoCloseable {
    private static final String SWEEPS_TAIL = "\n]}\n";
    private final DatasetStore dir;
    private final ShardPlan plan;
    private final int from, to;
    private final boolean piece;
    private final List<String> classNames;
    private final Path dataTemp, labelsTemp, sweepsTemp;
    private final NpyWriter data;
    private final NpyWriter labels;
    private final FileOutputStream sweepsFile;
    private final CRC32 sweepsCrc = new CRC32();
    private final Writer sweeps;
    private final long[] classCounts;
    private final int[] indices;
    private int appended;
    private boolean committed;

    /**
     * A writer of a whole shard.
     *
     * @param tag added to the temporary files' names (before {@code .partial}), so that two attempts never share one
     */
    ShardWriter(DatasetStore dir, ShardPlan plan, List<String> classNames, String tag) throws IOException {
        this(dir, plan, 0, plan.samples(), false, classNames, tag);
    }

    /**
     * A writer of the piece {@code [from, to)} of a shard (positions within the shard, {@code 0 <= from < to <=
     * samples}); its files go to {@link #pieceFile} names on {@link #commit}.
     */
    static ShardWriter piece(DatasetStore dir, ShardPlan plan, int from, int to, List<String> classNames, String tag) throws IOException {
        if (from < 0 || from >= to || to > plan.samples()) {
            throw new IllegalArgumentException("piece [" + from + ", " + to + ") of shard " + plan.name() + " with " + plan.samples() + " samples");
        }
        return new ShardWriter(dir, plan, from, to, true, classNames, tag);
    }

    private ShardWriter(DatasetStore dir, ShardPlan plan, int from, int to, boolean piece, List<String> classNames, String tag)
            throws IOException {
        this.dir = dir;
        this.plan = plan;
        this.from = from;
        this.to = to;
        this.piece = piece;
        this.classNames = classNames;
        this.classCounts = new long[classNames.size()];
        this.indices = plan.indices();
        dataTemp = dir.temporary(piece ? pieceName(plan.dataFile(), from, to) : plan.dataFile(), tag);
        labelsTemp = dir.temporary(piece ? pieceName(plan.labelsFile(), from, to) : plan.labelsFile(), tag);
        sweepsTemp = dir.temporary(piece ? pieceName(plan.sweepsFile(), from, to) : plan.sweepsFile(), tag);
        NpyHeader dataShape = NpyHeader.float32(to - from, SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS);
        data = piece ? NpyWriter.body(dataTemp, dataShape) : new NpyWriter(dataTemp, dataShape);
        labels = piece ? NpyWriter.body(labelsTemp, NpyHeader.int64(to - from)) : new NpyWriter(labelsTemp, NpyHeader.int64(to - from));
        sweepsFile = new FileOutputStream(sweepsTemp.toFile());
        sweeps = new OutputStreamWriter(new CheckedOutputStream(new BufferedOutputStream(sweepsFile, 1 << 16), sweepsCrc),
                StandardCharsets.UTF_8);
        if (!piece) sweeps.write(sweepsHead(plan));
    }

    /** The sweeps file's opening, before its first sample. */
    private static String sweepsHead(ShardPlan plan) {
        return "{\"split\": \"" + plan.split().directory() + "\", \"shard\": " + plan.number() + ", \"samples\": [";
    }

    /** The name of a finished piece's file: the shard's file {@code file} (relative) with the piece's range. */
    static String pieceFile(String file, int from, int to) {
        return pieceName(file, from, to) + WhiskerDatasetWriter.TEMPORARY_SUFFIX;
    }

    private static String pieceName(String file, int from, int to) {
        return file + String.format(".piece-%05d-%05d", from, to);
    }

    /** Appends the next sample, which must be the one with the next index of the plan (from {@code from} on). */
    void append(int index, SweepSample sample) throws IOException {
        int position = from + appended;
        if (position >= to || indices[position] != index) {
            throw new IllegalStateException("shard " + plan.name() + " expects sample " + (position < to ? indices[position] : "none")
                    + " next, got " + index);
        }
        data.write(sample.signals());
        labels.write(sample.label());
        classCounts[sample.label()]++;
        ObjectNode sweep = Json.MAPPER.createObjectNode();
        sweep.put("index", index);
        sweep.put("label", sample.label());
        sweep.put("class", classNames.get(sample.label()));
        sweep.set("parameters", Json.MAPPER.valueToTree(sample.parameters()));
        // One sample per line: compact, yet readable and diffable.
        sweeps.write(position == 0 ? "\n" : ",\n");
        sweeps.write(Json.compact(sweep));
        appended++;
    }

    /**
     * Completes the three files and moves them to their final names (a piece's: {@link #pieceFile}).
     *
     * @return what the manifest records of a whole shard; null for a piece
     */
    ShardRecord commit() throws IOException {
        if (appended != to - from) {
            throw new IllegalStateException("shard " + plan.name() + " has " + appended + " of its " + (to - from) + " samples");
        }
        FileDigest dataDigest = data.finish();
        FileDigest labelsDigest = labels.finish();
        if (!piece) sweeps.write(SWEEPS_TAIL);
        sweeps.flush();
        sweepsFile.getFD().sync();
        sweeps.close();
        FileDigest sweepsDigest = FileDigest.of(Files.size(sweepsTemp), sweepsCrc);
        // The data goes into place last: resume checks all three anyway, but a reader globbing data-*.npy then never
        // finds a data file without its labels (nor a piece its data without its labels).
        dir.publish(labelsTemp, piece ? pieceFile(plan.labelsFile(), from, to) : plan.labelsFile());
        dir.publish(sweepsTemp, piece ? pieceFile(plan.sweepsFile(), from, to) : plan.sweepsFile());
        dir.publish(dataTemp, piece ? pieceFile(plan.dataFile(), from, to) : plan.dataFile());
        committed = true;
        if (piece) return null;
        return new ShardRecord(plan.split(), plan.number(), plan.samples(), dataDigest, labelsDigest, sweepsDigest, counts(classCounts));
    }

    /** Whether the files of the finished piece {@code [from, to)} of {@code plan} are all in place. */
    static boolean pieceDone(DatasetStore dir, ShardPlan plan, int from, int to) throws IOException {
        for (String f : List.of(plan.dataFile(), plan.labelsFile(), plan.sweepsFile())) {
            if (!dir.isFile(pieceFile(f, from, to))) return false;
        }
        return true;
    }

    /**
     * Joins the finished pieces of a shard into its three files (heads, the pieces' bodies in order, tail), moves them
     * into place and deletes the pieces. The files are the bytes a whole-shard writer would have written.
     *
     * @param bounds the pieces' boundaries, positions within the shard: {@code 0 = b0 < b1 < ... < bn = samples}
     * @param tag    added to the temporary files' names, as for a writer
     * @return what the manifest records of the shard
     * @throws IOException if a piece is missing or a file cannot be written
     */
    static ShardRecord assemble(DatasetStore dir, ShardPlan plan, int[] bounds, int classes, String tag) throws IOException {
        if (bounds.length < 2 || bounds[0] != 0 || bounds[bounds.length - 1] != plan.samples()) {
            throw new IllegalArgumentException("pieces " + java.util.Arrays.toString(bounds) + " do not cover shard " + plan.name());
        }
        Path dataTemp = dir.temporary(plan.dataFile(), tag);
        Path labelsTemp = dir.temporary(plan.labelsFile(), tag);
        Path sweepsTemp = dir.temporary(plan.sweepsFile(), tag);
        long[] classCounts = new long[classes];
        try {
            FileDigest data = join(dir, plan.dataFile(), bounds, dataTemp,
                    NpyHeader.float32(plan.samples(), SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS).encode(), new byte[0], null);
            FileDigest labels = join(dir, plan.labelsFile(), bounds, labelsTemp, NpyHeader.int64(plan.samples()).encode(), new byte[0],
                    classCounts);
            FileDigest sweeps = join(dir, plan.sweepsFile(), bounds, sweepsTemp, sweepsHead(plan).getBytes(StandardCharsets.UTF_8),
                    SWEEPS_TAIL.getBytes(StandardCharsets.UTF_8), null);
            dir.publish(labelsTemp, plan.labelsFile());
            dir.publish(sweepsTemp, plan.sweepsFile());
            dir.publish(dataTemp, plan.dataFile());
            for (int k = 0; k + 1 < bounds.length; k++) {
                for (String f : List.of(plan.dataFile(), plan.labelsFile(), plan.sweepsFile())) dir.delete(pieceFile(f, bounds[k], bounds[k + 1]));
            }
            return new ShardRecord(plan.split(), plan.number(), plan.samples(), data, labels, sweeps, counts(classCounts));
        } finally {
            dir.discard(dataTemp);
            dir.discard(labelsTemp);
            dir.discard(sweepsTemp);
        }
    }

    /** Writes head, the pieces of {@code file} and tail into {@code temporary}, synced; counts int64 labels if asked. */
    private static FileDigest join(DatasetStore dir, String file, int[] bounds, Path temporary, byte[] head, byte[] tail, long[] labelCounts)
            throws IOException {
        CRC32 crc = new CRC32();
        long bytes = 0;
        try (FileOutputStream channel = new FileOutputStream(temporary.toFile());
             OutputStream out = new CheckedOutputStream(new BufferedOutputStream(channel, 1 << 16), crc)) {
            out.write(head);
            bytes += head.length;
            for (int k = 0; k + 1 < bounds.length; k++) {
                try (InputStream in = dir.open(pieceFile(file, bounds[k], bounds[k + 1]))) {
                    if (labelCounts == null) {
                        bytes += in.transferTo(out);
                    } else {
                        byte[] body = in.readAllBytes();
                        ByteBuffer values = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
                        while (values.remaining() >= Long.BYTES) {
                            long label = values.getLong();
                            if (label < 0 || label >= labelCounts.length) throw new IOException(file + ": label " + label + " in a piece");
                            labelCounts[(int) label]++;
                        }
                        out.write(body);
                        bytes += body.length;
                    }
                }
            }
            out.write(tail);
            bytes += tail.length;
            out.flush();
            channel.getFD().sync();
        }
        return FileDigest.of(bytes, crc);
    }

    private static List<Integer> counts(long[] classCounts) {
        List<Integer> counts = new ArrayList<>();
        for (long c : classCounts) counts.add((int) c);
        return counts;
    }


    @Override
    public void close() throws IOException {
        if (committed) return;
        try (data; labels; sweeps) {
            // closing them all, even if one fails
        } finally {
            dir.discard(dataTemp);
            dir.discard(labelsTemp);
            dir.discard(sweepsTemp);
        }
    }
}
