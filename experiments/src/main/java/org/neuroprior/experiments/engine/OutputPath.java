package org.neuroprior.experiments.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.neuroprior.experiments.data.DatasetStore;
import org.neuroprior.experiments.data.LocalStore;

/**
 * The output directory of {@code sweep} and {@code whisker-data} ({@code --out}): a local path, a path on a shared
 * filesystem mounted at the same place on the driver and every executor, a {@code file:} URI, or (for datasets) a
 * URI of a Hadoop filesystem ({@code hdfs://}, {@code s3a://} with the user's connector on the class path), written
 * through Hadoop's FileSystem API ({@link HadoopStore}). A scheme Hadoop has no filesystem for is refused in one line
 * before any work.
 */
public final class OutputPath {
    /** A URI's scheme (two characters or more, so that a Windows drive letter is not one). */
    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]+):(.*)");
    private static final String HADOOP_PREFIX = "spark.hadoop.";

    private OutputPath() {
    }

    /**
     * The local path to write to (run directories are written through local files: atomic renames, locks).
     *
     * @param option the option's name for messages, e.g. {@code --out}
     * @throws IllegalArgumentException in one line for a URI of a filesystem other than {@code file:}
     */
    public static Path local(String option, Path given) {
        // picocli made a Path of it: scheme://host/path became scheme:/host/path
        Matcher m = SCHEME.matcher(given.toString());
        if (!m.matches()) return given;
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String rest = m.group(2);
        if (scheme.equals("file")) return Path.of(rest.isEmpty() ? "/" : rest);
        throw new IllegalArgumentException(option + " '" + scheme + ":/" + rest + "': run directories are written through local "
                + "files (atomic renames, locks): mount that storage at the same path on the driver and every executor (NFS, "
                + "the HDFS NFS gateway, a FUSE mount of the bucket) and give the path, or a file: URI (whisker-data writes to "
                + "Hadoop URIs)");
    }

    /**
     * Where a dataset goes: a local directory, or a directory of a Hadoop filesystem.
     *
     * @param option    the option's name for messages, e.g. {@code --out}
     * @param sparkConf Spark settings ({@code --spark-conf}); {@code spark.hadoop.KEY=VALUE} ones, and the same
     *                  {@code spark.hadoop.*} system properties (from {@code spark-submit}), configure Hadoop
     * @throws IllegalArgumentException in one line for a URI whose scheme has no Hadoop filesystem on the class path
     */
    public static DatasetStore dataset(String option, String given, Map<String, String> sparkConf) {
        Matcher m = SCHEME.matcher(given);
        if (!m.matches()) return new LocalStore(Path.of(given));
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) return new LocalStore(Path.of(java.net.URI.create(given)));
        Map<String, String> settings = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(HADOOP_PREFIX))
                .forEach(k -> settings.put(k.substring(HADOOP_PREFIX.length()), System.getProperty(k)));
        sparkConf.forEach((k, v) -> {
            if (k.startsWith(HADOOP_PREFIX)) settings.put(k.substring(HADOOP_PREFIX.length()), v);
        });
        HadoopStore store = new HadoopStore(given, settings);
        try {
            org.apache.hadoop.fs.FileSystem.getFileSystemClass(scheme, store.configuration());
        } catch (Exception | LinkageError e) {
            throw new IllegalArgumentException(option + " '" + given + "': no Hadoop filesystem for '" + scheme + "' is on the class "
                    + "path; add its connector (e.g. hadoop-aws and its AWS SDK for s3a) to the driver and executors (spark-submit "
                    + "--jars) or name its class with --spark-conf spark.hadoop.fs." + scheme + ".impl=CLASS");
        }
        return store;
    }
}
