package org.neuroprior.experiments.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * The command-line options that choose where a bag of independent tasks (a sweep's runs, a dataset's shards) runs:
 * {@code --engine builtin} (this process's threads, the default) or {@code --engine spark} (Apache Spark, embedded
 * {@code local[*]} without {@code --master}), plus Spark settings. A picocli mixin shared by {@code sweep} and
 * {@code whisker-data}.
 */
public final class EngineOptions {

    /** The engines. */
    public enum Kind {
        /** This process's thread pool. */
        BUILTIN,
        /** Apache Spark: embedded, or on the cluster of {@code --master}. */
        SPARK
    }

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "builtin",
            description = "where the tasks run: builtin (this process's threads) or spark (Apache Spark; embedded local[*] "
                    + "without --master) (default ${DEFAULT-VALUE})")
    String engine = "builtin";

    @Option(names = "--master", paramLabel = "URL",
            description = {"with --engine spark: the cluster, e.g. spark://HOST:7077, or local[N] (default: the master spark-submit "
                    + "gives, else embedded local[*]); YARN and Kubernetes through the cluster's spark-submit"})
    String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "with --engine spark: a Spark setting (repeatable), e.g. spark.executor.memory=4g")
    List<String> sparkConf;

    /**
     * The chosen engine.
     *
     * @throws IllegalArgumentException in one line for an unknown engine, or Spark settings without {@code --engine spark}
     */
    public Kind kind() {
        Kind kind;
        try {
            kind = Kind.valueOf(engine.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--engine '" + engine + "' is not known; accepted: builtin, spark");
        }
        if (kind != Kind.SPARK && (master != null || sparkConf != null)) {
            throw new IllegalArgumentException((master != null ? "--master" : "--spark-conf") + " is for --engine spark; add it or leave the option out");
        }
        return kind;
    }

    /** {@code --master}, or null. */
    public String master() {
        return master;
    }

    /**
     * The {@code --spark-conf} settings, in order.
     *
     * @throws IllegalArgumentException in one line for a word that is not {@code spark.KEY=VALUE}
     */
    public Map<String, String> sparkConf() {
        Map<String, String> map = new LinkedHashMap<>();
        if (sparkConf == null) return map;
        for (String word : sparkConf) {
            int eq = word.indexOf('=');
            if (eq <= 0 || !word.startsWith("spark.")) {
                throw new IllegalArgumentException("--spark-conf '" + word + "' is not valid; accepted: spark.KEY=VALUE, e.g. spark.executor.memory=4g");
            }
            map.put(word.substring(0, eq).trim(), word.substring(eq + 1).trim());
        }
        return map;
    }
}
