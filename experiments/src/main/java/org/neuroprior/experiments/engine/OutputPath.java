package org.neuroprior.experiments.engine;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output directory of {@code sweep} and {@code whisker-data} ({@code --out}): a local path, a path on a shared
 * filesystem mounted at the same place on the driver and every executor, or a {@code file:} URI. Datasets and runs
 * are written through the local file API (atomic renames, file locks, fsync); a URI of another filesystem
 * ({@code hdfs://}, {@code s3a://}) is refused in one line that says how to use it (mount it) and whether Hadoop has a
 * filesystem for its scheme on the class path at all.
 */
public final class OutputPath {
    /** What picocli makes of {@code scheme://host/path}: a first name element {@code scheme:}. */
    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]+):(/.*)?");

    private OutputPath() {
    }

    /**
     * The local path to write to.
     *
     * @param option the option's name for messages, e.g. {@code --out}
     * @throws IllegalArgumentException in one line for a URI of a filesystem other than {@code file:}
     */
    public static Path local(String option, Path given) {
        Matcher m = SCHEME.matcher(given.toString());
        if (!m.matches()) return given;
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String rest = m.group(2) == null ? "" : m.group(2);
        if (scheme.equals("file")) return Path.of(rest.isEmpty() ? "/" : rest);
        String shown = scheme + ":/" + rest;
        String known;
        try {
            org.apache.hadoop.fs.FileSystem.getFileSystemClass(scheme, new org.apache.hadoop.conf.Configuration(false));
            known = "Hadoop has a filesystem for '" + scheme + "', ";
        } catch (Exception | LinkageError e) {
            known = "no Hadoop filesystem for '" + scheme + "' is on the class path (its connector, e.g. hadoop-aws for s3a, is not), ";
        }
        throw new IllegalArgumentException(option + " '" + shown + "': " + known + "but datasets and runs are written through local "
                + "files (atomic renames, locks): mount that storage at the same path on the driver and every executor (NFS, "
                + "the HDFS NFS gateway, a FUSE mount of the bucket) and give the path, or a file: URI");
    }
}
