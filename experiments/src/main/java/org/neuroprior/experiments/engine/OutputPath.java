package org.neuroprior.experiments.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.neuroprior.experiments.data.DatasetStore;
import org.neuroprior.experiments.data.LocalStore;
import org.neuroprior.experiments.train.LocalRunStore;
import org.neuroprior.experiments.train.RunStore;

/**
 * The output directory of {@code sweep} and {@code whisker-data} ({@code --out}): a local path, a path on a shared
 * filesystem mounted at the same place on the driver and every executor, a {@code file:} URI, or a URI of a Hadoop
 * filesystem ({@code hdfs://}, {@code s3a://} with the user's connector on the class path), written through Hadoop's
 * FileSystem API ({@link HadoopStore} for datasets, {@link HadoopRunStore} for runs). A scheme Hadoop has no
 * filesystem for is refused in one line before any work.
 */
public final class OutputPath {
    /** A URI's scheme (two characters or more, so that a Windows drive letter is not one). */
    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]+):(.*)");
    private static final String HADOOP_PREFIX = "spark.hadoop.";

    private OutputPath() {
    }

    /**
     * Where a sweep's runs go: run directories under a local (or mounted) directory ({@link LocalRunStore}), or under a
     * directory of a Hadoop filesystem, each run trained in a local working directory and published to it
     * ({@link HadoopRunStore}).
     *
     * @param option    the option's name for messages, e.g. {@code --out}
     * @param given     the directory as given: a path, a {@code file:} URI or a Hadoop URI
     * @param sparkConf Spark settings, as for {@link #dataset}
     * @return the store of the run at a relative path, e.g. {@code ncap-ppo/seed1}
     * @throws IllegalArgumentException in one line for a URI whose scheme has no Hadoop filesystem on the class path
     */
    public static Function<String, RunStore> sweep(String option, String given, Map<String, String> sparkConf) {
        Matcher m = SCHEME.matcher(given);
        if (!m.matches() || m.group(1).equalsIgnoreCase("file")) {
            Path root = m.matches() ? Path.of(java.net.URI.create(given)) : Path.of(given);
            return relative -> new LocalRunStore(root.resolve(relative));
        }
        Map<String, String> settings = hadoopSettings(option, given, m.group(1).toLowerCase(Locale.ROOT), sparkConf);
        return relative -> new HadoopRunStore(HadoopRunStore.child(given, relative), settings);
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
        return new HadoopStore(given, hadoopSettings(option, given, scheme, sparkConf));
    }

    /**
     * The Hadoop settings of {@code spark.hadoop.*} system properties and Spark settings, once Hadoop is found to have a
     * filesystem for {@code scheme} with them.
     *
     * @throws IllegalArgumentException in one line if it has none
     */
    private static Map<String, String> hadoopSettings(String option, String given, String scheme, Map<String, String> sparkConf) {
        Map<String, String> settings = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(HADOOP_PREFIX))
                .forEach(k -> settings.put(k.substring(HADOOP_PREFIX.length()), System.getProperty(k)));
        sparkConf.forEach((k, v) -> {
            if (k.startsWith(HADOOP_PREFIX)) settings.put(k.substring(HADOOP_PREFIX.length()), v);
        });
        try {
            org.apache.hadoop.fs.FileSystem.getFileSystemClass(scheme, HadoopStore.configuration(settings));
        } catch (Exception | LinkageError e) {
            throw new IllegalArgumentException(option + " '" + given + "': no Hadoop filesystem for '" + scheme + "' is on the class "
                    + "path; add its connector (e.g. hadoop-aws and its AWS SDK for s3a) to the driver and executors (spark-submit "
                    + "--jars) or name its class with --spark-conf spark.hadoop.fs." + scheme + ".impl=CLASS");
        }
        return settings;
    }
}
