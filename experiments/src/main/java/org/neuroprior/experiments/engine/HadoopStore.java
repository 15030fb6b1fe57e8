package org.neuroprior.experiments.engine;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.neuroprior.experiments.data.DatasetStore;
import org.neuroprior.experiments.data.WhiskerDatasetWriter;

/**
 * A dataset in a directory of a Hadoop filesystem ({@code hdfs://}, {@code s3a://} with the user's connector, any
 * scheme Hadoop maps to a {@link FileSystem} through {@code fs.SCHEME.impl}), written through Hadoop's FileSystem API
 * by the driver and the executors alike. Each file is written whole into a local temporary file (under
 * {@code java.io.tmpdir/neuroprior-staging/PID}, one directory per process; a process's first use removes those of
 * processes no longer running, and an abandoned temporary is removed with its folder: {@link #discard}), copied to a temporary name beside its final one ({@code NAME.TAG.partial}) and renamed
 * to the final name. On HDFS a rename is atomic; on S3 (s3a) a rename is a copy and a delete, but an object appears
 * whole or not at all, so no file is ever seen half-written under its final name either way. A rename does not
 * replace: a file being replaced is deleted first, so for a moment it is missing (a shard then counts as unfinished
 * and is redone by the next run); the manifest, which must never be missing once written, goes through
 * {@code dataset.json.next} ({@link #replace}, {@link #recover}). Hadoop has no file locks: two runs writing one
 * dataset at once are not prevented ({@link #lock} holds nothing).
 *
 * @param uri      the dataset's directory, e.g. {@code hdfs://namenode:8020/data/whisker/set1}
 * @param settings Hadoop settings added to the defaults (from {@code spark.hadoop.*}), for the driver and executors
 */
public record HadoopStore(String uri, Map<String, String> settings) implements DatasetStore {
    private static final String NEXT = ".next";

    public HadoopStore {
        settings = Map.copyOf(new TreeMap<>(settings));
    }

    /** Hadoop's configuration: its defaults (and {@code core-site.xml} on the class path) plus {@link #settings}. */
    public Configuration configuration() {
        return configuration(settings);
    }

    /** Hadoop's defaults (and {@code core-site.xml} on the class path) plus {@code settings}. */
    static Configuration configuration(Map<String, String> settings) {
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        return conf;
    }

    /** The filesystem of {@code uri} with Hadoop's defaults plus {@code settings} (cached by Hadoop per scheme, authority and user). */
    static FileSystem fileSystem(String uri, Map<String, String> settings) throws IOException {
        return FileSystem.get(URI.create(uri), configuration(settings));
    }

    private FileSystem fs() throws IOException {
        return fileSystem(uri, settings);
    }

    private org.apache.hadoop.fs.Path resolve(String file) {
        String base = uri.endsWith("/") ? uri : uri + "/";
        return new org.apache.hadoop.fs.Path(file.isEmpty() ? uri : base + file);
    }

    @Override
    public String location() {
        return uri;
    }

    @Override
    public void createDirectory() throws IOException {
        fs().mkdirs(resolve(""));
    }

    @Override
    public Closeable lock() {
        return () -> { };
    }

    @Override
    public Path temporary(String file, String tag) throws IOException {
        // One local directory per temporary: the file keeps its own name (tag and suffix), which its copy reuses.
        Path dir = Files.createTempDirectory(staging(), "t");
        return dir.resolve(file.substring(file.lastIndexOf('/') + 1) + tag + WhiskerDatasetWriter.TEMPORARY_SUFFIX);
    }

    @Override
    public void discard(Path temporary) throws IOException {
        Files.deleteIfExists(temporary);
        Files.deleteIfExists(temporary.getParent());
    }

    /**
     * This process's staging directory, {@code java.io.tmpdir/neuroprior-staging/PID}; made the first time, when the
     * staging directories of processes that no longer run on this machine (killed with files half-staged) are removed.
     */
    private static synchronized Path staging() throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "neuroprior-staging");
        Path mine = root.resolve(Long.toString(ProcessHandle.current().pid()));
        if (!Files.isDirectory(mine)) {
            Files.createDirectories(mine);
            removeAbandonedStaging(root);
        }
        return mine;
    }

    /**
     * Removes the staging directories under {@code root} of processes that no longer run (named by their process id),
     * with whatever they hold; the directories of running processes (other tasks, other commands) stay.
     */
    static void removeAbandonedStaging(Path root) throws IOException {
        List<Path> dead = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.matches("\\d+") && Files.isDirectory(p) && ProcessHandle.of(Long.parseLong(name)).isEmpty()) dead.add(p);
            }
        }
        for (Path p : dead) {
            try (Stream<Path> all = Files.walk(p)) {
                for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            } catch (IOException | java.io.UncheckedIOException e) {
                // another process removing it at the same time, or not ours to remove: leave it
            }
        }
    }

    @Override
    public void publish(Path temporary, String file) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path target = resolve(file);
        org.apache.hadoop.fs.Path copy = new org.apache.hadoop.fs.Path(target.getParent(), temporary.getFileName().toString());
        try {
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(temporary.toUri()), copy);
            fs.delete(target, false);
            if (!fs.rename(copy, target)) {
                fs.delete(copy, false);
                // Another attempt at the same file (the same bytes) got there first; anything else is a failure.
                if (!fs.isFile(target)) throw new IOException("could not rename " + copy + " to " + target);
            }
        } finally {
            discard(temporary);
        }
    }

    @Override
    public void replace(Path temporary, String file) throws IOException {
        FileSystem fs = fs();
        fs.delete(resolve(file + NEXT), false);
        publish(temporary, file + NEXT); // whole under .next, then swapped in: recover() finishes a swap a crash cut
        fs.delete(resolve(file), false);
        if (!fs.rename(resolve(file + NEXT), resolve(file))) throw new IOException("could not rename " + resolve(file + NEXT) + " to " + resolve(file));
    }

    @Override
    public void recover(String file) throws IOException {
        FileSystem fs = fs();
        if (!fs.isFile(resolve(file + NEXT))) return;
        if (fs.isFile(resolve(file))) {
            fs.delete(resolve(file + NEXT), false); // the swap never began: the old file stands
        } else if (!fs.rename(resolve(file + NEXT), resolve(file))) {
            throw new IOException("could not rename " + resolve(file + NEXT) + " to " + resolve(file));
        }
    }

    @Override
    public boolean isFile(String file) throws IOException {
        return fs().isFile(resolve(file));
    }

    @Override
    public long size(String file) throws IOException {
        return fs().getFileStatus(resolve(file)).getLen();
    }

    @Override
    public InputStream open(String file) throws IOException {
        return fs().open(resolve(file));
    }

    @Override
    public void delete(String file) throws IOException {
        fs().delete(resolve(file), false);
    }

    @Override
    public List<String> list(String folder) throws IOException {
        FileSystem fs = fs();
        org.apache.hadoop.fs.Path path = resolve(folder);
        if (!fs.exists(path)) return List.of();
        List<String> names = new ArrayList<>();
        for (FileStatus status : fs.listStatus(path)) names.add(status.getPath().getName());
        names.sort(null);
        return names;
    }
}
