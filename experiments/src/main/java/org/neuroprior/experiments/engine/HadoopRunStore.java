package org.neuroprior.experiments.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.neuroprior.common.AtomicFiles;
import org.neuroprior.experiments.data.WhiskerDatasetWriter;
import org.neuroprior.experiments.train.Checkpoint;
import org.neuroprior.experiments.train.RunStore;
import org.neuroprior.experiments.train.Trainer;

/**
 * A sweep's run kept in a directory of a Hadoop filesystem ({@code hdfs://}, {@code s3a://} with the user's connector,
 * any scheme Hadoop maps to a {@link FileSystem}), trained in a local working directory.
 *
 * <p><b>Working directory.</b> {@code java.io.tmpdir/neuroprior-runs/HASH-NAME}, HASH from the run's URI: local to the
 * machine (an executor's), the same for every attempt and rerun there, so an attempt retried on the same machine
 * continues from the local checkpoint. It is removed once the run is published finished.
 *
 * <p><b>What is published</b> is a run's four files ({@link #FILES}: config, log, policy, checkpoint; not the previous
 * checkpoint nor the lock), always as a whole directory: uploaded to {@code NAME.TAG.partial} beside the run's
 * directory, then renamed. After every checkpoint ({@code checkpoint_every}, the run's end, a stop) the state is published as
 * {@code NAME.unfinished-STEPS}, and older such directories are deleted afterwards; when the budget is spent, the last
 * of them is renamed to {@code NAME}, the run's directory, and the rest are deleted. So a directory under the run's
 * own name is always a finished run, whole, and an unfinished run is always one complete snapshot (config, log,
 * policy and checkpoint of one step count) or none. A rename never targets an existing name; a finished run is never
 * published twice. A finished run whose budget a {@code --resume} raised goes on from it, its snapshots beside it,
 * and is replaced once the new budget is spent (deleted, then the last snapshot renamed: meanwhile that snapshot
 * stands for it).
 *
 * <p><b>Resuming</b> an unfinished run with a remote output means continuing from its newest published snapshot (at
 * most {@code checkpoint_every} plus one epoch behind the crash), unless this machine's working directory already holds that state or a later one
 * of the same config (then from the local checkpoint). A retried or rerun attempt of a finished run trains nothing
 * (it reads the finished run's checkpoint, to report its steps). Snapshots of no more steps than the finished run
 * (published by a slower attempt) are deleted.
 *
 * <p>On HDFS a rename is atomic. On S3 (s3a) renaming a directory copies each object and deletes it, so a reader may
 * see a directory being renamed with some of its files for a moment (never a half-written file); the rest holds.
 *
 * @param uri      the run's directory, e.g. {@code hdfs://namenode:8020/runs/ncap-ppo/seed1}
 * @param settings Hadoop settings added to the defaults (from {@code spark.hadoop.*}), for the driver and executors
 */
public record HadoopRunStore(String uri, Map<String, String> settings) implements RunStore {
    /** The files published of a run. */
    public static final List<String> FILES = List.of(Trainer.CONFIG, Trainer.LOG, Trainer.POLICY, Trainer.CHECKPOINT);
    /** Between a run's name and the steps of a snapshot of it: {@code seed1.unfinished-400}. */
    public static final String UNFINISHED = ".unfinished-";
    /** The working directory's record of the published state it was brought to: that state's name and the config's hash. */
    static final String MARKER = "published.txt";

    public HadoopRunStore {
        settings = Map.copyOf(new TreeMap<>(settings));
    }

    private FileSystem fs() throws IOException {
        return HadoopStore.fileSystem(uri, settings);
    }

    private org.apache.hadoop.fs.Path run() {
        return new org.apache.hadoop.fs.Path(uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
    }

    private String name() {
        return run().getName();
    }

    private org.apache.hadoop.fs.Path sibling(String name) {
        return new org.apache.hadoop.fs.Path(run().getParent(), name);
    }

    @Override
    public String location() {
        return uri;
    }

    @Override
    public Path workingDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "neuroprior-runs", hash(uri).substring(0, 16) + "-" + name());
    }

    @Override
    public boolean holdsRun() throws IOException {
        return fs().exists(run()) || !snapshots(fs()).isEmpty();
    }

    /** The published snapshots of the unfinished run: steps to directory name, in order. */
    private TreeMap<Long, String> snapshots(FileSystem fs) throws IOException {
        TreeMap<Long, String> found = new TreeMap<>();
        for (String name : siblings(fs)) {
            if (!name.startsWith(name() + UNFINISHED)) continue;
            try {
                found.put(Long.parseLong(name.substring((name() + UNFINISHED).length())), name);
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
        return found;
    }

    private List<String> siblings(FileSystem fs) throws IOException {
        org.apache.hadoop.fs.Path parent = run().getParent();
        if (!fs.exists(parent)) return List.of();
        List<String> names = new ArrayList<>();
        for (FileStatus status : fs.listStatus(parent)) names.add(status.getPath().getName());
        return names;
    }

    /** The steps of the finished run published under the run's name, or -1 if there is none. */
    private long finishedSteps(FileSystem fs) throws IOException {
        org.apache.hadoop.fs.Path checkpoint = new org.apache.hadoop.fs.Path(run(), Trainer.CHECKPOINT);
        if (!fs.exists(checkpoint)) return -1;
        try (var in = fs.open(checkpoint)) {
            return Checkpoint.steps(in, checkpoint.toString());
        }
    }

    @Override
    public void removeLeftovers() throws IOException {
        FileSystem fs = fs();
        for (String name : siblings(fs)) {
            if (name.startsWith(name() + ".") && name.endsWith(WhiskerDatasetWriter.TEMPORARY_SUFFIX)) fs.delete(sibling(name), true);
        }
        deleteSnapshots(fs, finishedSteps(fs) + 1); // those a slower attempt published after the run was finished
    }

    @Override
    public void prepare(String config) throws IOException {
        FileSystem fs = fs();
        Path work = workingDirectory();
        long finished = finishedSteps(fs);
        deleteSnapshots(fs, finished + 1);
        TreeMap<Long, String> snapshots = snapshots(fs);
        // The newest state: a snapshot beyond the finished run (its budget raised on --resume), else the finished run.
        String newest = !snapshots.isEmpty() ? snapshots.lastEntry().getValue() : finished >= 0 ? name() : "";
        String state = newest + "\n" + hash(config) + "\n";
        Path marker = work.resolve(MARKER);
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(state)) return; // that state, or a later one of it
        for (String f : FILES) Files.deleteIfExists(work.resolve(f));
        Files.deleteIfExists(Checkpoint.previous(work.resolve(Trainer.CHECKPOINT)));
        if (!newest.isEmpty()) {
            for (String f : FILES) {
                org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(sibling(newest), f);
                if (fs.exists(from)) fs.copyToLocalFile(false, from, new org.apache.hadoop.fs.Path(work.resolve(f).toUri()), true);
            }
        }
        writeMarker(state);
    }

    @Override
    public void checkpointed(long steps) throws IOException {
        FileSystem fs = fs();
        if (steps <= finishedSteps(fs)) return; // another attempt finished the run meanwhile
        publishSnapshot(fs, steps);
        deleteSnapshots(fs, steps);
    }

    @Override
    public void finished(long steps) throws IOException {
        FileSystem fs = fs();
        boolean present = fs.exists(run()); // before its checkpoint is looked for: a rename between the two is then seen
        long published = finishedSteps(fs);
        if (published < steps) {
            String snapshot = name() + UNFINISHED + steps;
            if (!fs.exists(sibling(snapshot))) publishSnapshot(fs, steps); // trained here, but not yet published
            // A finished run of fewer steps (the budget raised on --resume) makes way, meanwhile the snapshot standing for
            // it; so does a directory under the run's name without a checkpoint (not a run: an S3 rename a crash cut).
            if (present) fs.delete(run(), true);
            if (!fs.rename(sibling(snapshot), run()) && !fs.exists(run())) {
                throw new IOException("could not rename " + sibling(snapshot) + " to " + run());
            }
            // A rename onto a directory that another attempt renamed into place a moment before moves into it.
            fs.delete(new org.apache.hadoop.fs.Path(run(), snapshot), true);
        }
        deleteSnapshots(fs, Math.max(steps, published) + 1);
        deleteLocal(workingDirectory());
    }

    /** Uploads the working directory's files as {@code NAME.unfinished-STEPS} (temporary name, then rename). */
    private void publishSnapshot(FileSystem fs, long steps) throws IOException {
        String snapshot = name() + UNFINISHED + steps;
        org.apache.hadoop.fs.Path target = sibling(snapshot);
        if (!fs.exists(target)) {
            org.apache.hadoop.fs.Path temporary = sibling(name() + "." + Long.toHexString(System.nanoTime()) + "-" + ProcessHandle.current().pid()
                    + WhiskerDatasetWriter.TEMPORARY_SUFFIX);
            try {
                fs.mkdirs(temporary);
                for (String f : FILES) {
                    Path local = workingDirectory().resolve(f);
                    if (Files.isRegularFile(local)) {
                        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(temporary, f));
                    }
                }
                if (!fs.exists(target) && !fs.rename(temporary, target) && !fs.exists(target)) {
                    throw new IOException("could not rename " + temporary + " to " + target);
                }
                fs.delete(new org.apache.hadoop.fs.Path(target, temporary.getName()), true); // see finished()
            } finally {
                fs.delete(temporary, true);
            }
        }
        // The config's hash as prepare() recorded it: the working directory now holds that snapshot's state, or later.
        String configHash = Files.readString(workingDirectory().resolve(MARKER)).lines().skip(1).findFirst().orElse("");
        writeMarker(snapshot + "\n" + configHash + "\n");
    }

    /** Deletes the snapshots of fewer than {@code steps} steps (none for 0 or less). */
    private void deleteSnapshots(FileSystem fs, long steps) throws IOException {
        for (var e : snapshots(fs).headMap(steps).entrySet()) fs.delete(sibling(e.getValue()), true);
    }

    /** Writes the working directory's {@link #MARKER} whole. */
    private void writeMarker(String state) throws IOException {
        AtomicFiles.write(workingDirectory().resolve(MARKER), tmp -> Files.writeString(tmp, state, StandardCharsets.UTF_8));
    }

    private static void deleteLocal(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The run's URI made from the sweep's output URI and the run's relative path ({@code ncap-ppo/seed1}). */
    static String child(String root, String relative) {
        return (root.endsWith("/") ? root : root + "/") + relative;
    }
}
