package org.neuroprior.experiments.cli;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntUnaryOperator;

import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.data.FileDigest;
import org.neuroprior.envs.whisker.data.WhiskerManifest;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.experiments.data.DatasetStore;
import org.neuroprior.experiments.data.ShardEngine;
import org.neuroprior.experiments.data.ProgressBarListener;
import org.neuroprior.experiments.data.SplitFractions;
import org.neuroprior.experiments.data.WhiskerDatasetWriter;
import org.neuroprior.experiments.engine.EngineOptions;
import org.neuroprior.experiments.engine.OutputPath;
import org.neuroprior.experiments.engine.SparkEngine;
import org.neuroprior.experiments.engine.SparkShards;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code neuroprior whisker-data}: simulates sweeps of objects past the whisker array and writes them as a sharded
 * .npy dataset with train/validate/test splits (layout: README, "Whisker datasets on disk").
 */
@Command(name = "whisker-data", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Simulate whisker sweeps and write a tactile dataset (.npy shards, labels, splits).",
        description = {"Simulate whisker sweeps and write a tactile dataset: float32 .npy shards (n, 110, 35, 6), int64 labels, "
                + "JSON metadata, train/validate/test splits. Deterministic for a seed; re-running the same command resumes."})
public final class WhiskerDataCommand implements Callable<Integer> {

    @Option(names = "--protocol", defaultValue = "high", description = "sweep protocol: high or low (default ${DEFAULT-VALUE})")
    String protocol;

    static final class Objects {
        @Option(names = "--classes", split = ",", paramLabel = "NAME", description = "procedural object classes (default: all)")
        List<String> classes;

        @Option(names = "--labels", paramLabel = "FILE", description = "a label file 'mesh.obj|stl,label' per line: your own meshes")
        Path labels;
    }

    @ArgGroup(exclusive = true)
    Objects objects = new Objects();

    @Option(names = "--per-class", defaultValue = "100", description = "sweeps per class (default ${DEFAULT-VALUE})")
    int perClass;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = {"dataset directory, e.g. data/whisker/NAME (executors "
            + "of a cluster must see it at the same path), or a Hadoop URI such as hdfs://HOST/PATH or s3a://BUCKET/PATH; "
            + "a directory also gets dataset.lock, an empty file locked while a run writes (so two runs cannot write one "
            + "dataset) and left behind: readers ignore it"})
    String out;

    @Option(names = "--set", paramLabel = "PARAM=SPEC", description = {"override a protocol parameter (repeatable): speed, size, "
            + "rotation, height, distance, direction = a value (40), a range (30:60) or a list (0,90)"})
    List<String> overrides;

    @Option(names = "--threads", defaultValue = "0", description = "sweeps simulated at once with the builtin engine (default: one per core; "
            + "on Spark: spark.task.cpus per shard)")
    int threads;

    @Option(names = "--shard-size", description = "sweeps per shard (default ${DEFAULT-VALUE})")
    int shardSize = WhiskerDatasetWriter.DEFAULT_SHARD_SIZE;

    @Option(names = "--split", paramLabel = "TRAIN,VALIDATE,TEST", description = "split fractions (default ${DEFAULT-VALUE})")
    String split = SplitFractions.DEFAULT.toText();

    @Option(names = "--timestep", description = {"physics step in seconds, dividing 1 ms and at most half the simulator's contact "
            + "time constant (default ${DEFAULT-VALUE})"})
    double timestep = WhiskerPhysics.defaults().timestep();

    @Option(names = "--links", description = "links per whisker (default ${DEFAULT-VALUE})")
    int links = WhiskerPhysics.defaults().linksPerWhisker();

    @Option(names = "--same-as", paramLabel = "FILE", description = {"a dataset.json (e.g. a committed copy) whose data this run must "
            + "make again: its settings are checked before simulating, and the finished dataset's manifest after (every field "
            + "but 'created': shard names, sample counts, lengths, CRC-32s, splits, classes, seed, simulator); the first "
            + "difference stops the command with one line and exit code 2"})
    Path sameAs;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Override
    public Integer call() throws Exception {
        EngineOptions.Kind kind = engine.kind();
        DatasetStore store = OutputPath.dataset("--out", out, engine.sparkConf());
        var recipe = new WhiskerSweepsRecipe(protocol, overrides == null ? List.of() : List.copyOf(overrides),
                objects.classes == null ? null : List.copyOf(objects.classes),
                objects.labels == null ? null : objects.labels.toAbsolutePath().normalize().toString(), perClass, seed, timestep, links);
        SweepProtocol sweepProtocol = recipe.sweepProtocol();
        WhiskerPhysics physics = recipe.physics();

        Map<String, Object> description = new LinkedHashMap<>();
        description.put("generator", "neuroprior whisker-data");
        description.put("protocol", sweepProtocol.name());
        description.put("protocol_parameters", new LinkedHashMap<>(sweepProtocol.describe()));
        ObjectCatalog catalog = recipe.catalog();
        if (objects.labels != null) {
            description.put("objects", "label file " + objects.labels.toAbsolutePath().normalize());
            description.put("label_file_crc32", FileDigest.of(objects.labels).crc32());
        } else {
            description.put("objects", "procedural");
        }
        description.put("classes", catalog.classNames());
        description.put("per_class", perClass);
        description.put("seed", seed);

        var sweeps = recipe.create(catalog);
        var options = WhiskerDatasetWriter.Options.defaults(seed).withShardSize(shardSize).withThreads(threads)
                .withFractions(SplitFractions.parse(split));
        int per = perClass;
        var writer = new WhiskerDatasetWriter(sweeps, description, (IntUnaryOperator & Serializable) i -> i / per, options);
        if (sameAs != null) {
            WhiskerManifest.settingsDifference(sameAs, writer.settings().toJson()).ifPresent(d -> {
                throw new IllegalStateException("not the same dataset as " + sameAs + " (nothing simulated): " + d);
            });
        }
        System.out.printf("%s protocol, %s x %s = %s -> %s%n", sweepProtocol.name(), Words.count(catalog.classNames().size(), "class", "classes"),
                Words.count(perClass, "sweep"), Words.count(sweeps.size(), "sweep"), store.location());

        SparkEngine spark = kind == EngineOptions.Kind.SPARK ? SparkEngine.start(engine, "neuroprior whisker-data") : null;
        try {
            if (spark != null) {
                System.out.printf(Locale.ROOT, "on Spark (%s, %d tasks at a time, started in %.1f s)%n", spark.master(),
                        spark.slots(), spark.startSeconds());
            }
            ShardEngine shards = spark != null ? new SparkShards(spark, recipe) : null;
            return StopOnCtrlC.run(writer::requestStop, 60, () -> {
                var result = writer.write(store, new ProgressBarListener(System.err), shards);
                if (result.complete()) {
                    System.out.printf("done: %s in %s (%,d simulated now, %s kept from before)%n", Words.count(result.samples(), "sweep"),
                            result.directory(), result.samplesWritten(), Words.count(result.shardsKept(), "shard"));
                    if (sameAs != null) checkSameAs(store);
                } else {
                    System.out.printf("stopped: finished shards are kept; run the same command again to continue (%s)%n", result.directory());
                }
                return 0;
            });
        } finally {
            if (spark != null) spark.close();
        }
    }

    /** The finished dataset's manifest against {@link #sameAs} ({@link WhiskerManifest#dataDifference}). */
    private void checkSameAs(DatasetStore store) throws java.io.IOException {
        try (var in = store.open(WhiskerManifest.FILE)) {
            WhiskerManifest.dataDifference(sameAs, in, store.location() + "/" + WhiskerManifest.FILE).ifPresent(d -> {
                throw new IllegalStateException("not the same dataset as " + sameAs + ": " + d);
            });
        }
        System.out.printf("same data as %s%n", sameAs);
    }
}
