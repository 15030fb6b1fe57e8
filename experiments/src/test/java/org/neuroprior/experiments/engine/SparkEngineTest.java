package org.neuroprior.experiments.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.experiments.CommandRun;
import org.neuroprior.experiments.RunFiles;
import org.neuroprior.experiments.cli.SweepCommand;
import org.neuroprior.experiments.train.Trainer;

/**
 * Embedded Spark ({@code local[2]}) against the built-in engine: the same command gives the same runs and the same
 * dataset, byte for byte (timing columns aside), in a local directory and at a Hadoop URI; Spark's expected failures
 * are one line each.
 */
class SparkEngineTest {
    @TempDir
    Path tmp;

    /** Small PPO runs on 3-link swimmers, 2 epochs each. */
    private Path smallConfig() throws IOException {
        return RunFiles.smallSweepConfig(tmp.resolve("small.yaml"));
    }

    @Test
    void aFourRunSweepOnEmbeddedSparkEqualsTheBuiltinEnginesInADirectoryAndAtAHadoopUri() throws IOException {
        Path config = smallConfig();
        List<String> common = List.of("sweep", "--config", config.toString(), "--arch", "mlp", "--variant", "ncap (random);ncap;init=random",
                "--seeds", "1,2");
        CommandRun builtin = run(common, "--parallel", "2", "--out", tmp.resolve("builtin").toString());
        assertEquals(0, builtin.code(), builtin.out() + builtin.err());
        CommandRun spark = run(common, "--engine", "spark", "--master", "local[2]", "--out", tmp.resolve("spark").toString());
        assertEquals(0, spark.code(), spark.out() + spark.err());
        assertTrue(spark.out().contains("4 runs on Spark (local[2]"), spark.out());
        assertFalse(spark.err().contains("WARN") || spark.hasStackTrace(), "no warning at start: " + spark.err());

        List<Path> runs = runDirs(tmp.resolve("builtin"));
        assertEquals(4, runs.size());
        for (Path b : runs) RunFiles.assertSameRun(b, tmp.resolve("spark").resolve(tmp.resolve("builtin").relativize(b)));

        String summary = Files.readString(tmp.resolve("builtin").resolve(SweepCommand.SUMMARY));
        assertTrue(summary.contains("complete: true") && summary.contains("directory: ncap-random-ppo/seed2"), summary);
        assertEquals(summary, Files.readString(tmp.resolve("spark").resolve(SweepCommand.SUMMARY)));

        CommandRun again = run(common, "--engine", "spark", "--master", "local[2]", "--resume", "--out", tmp.resolve("spark").toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertFalse(again.out().contains("epoch"), "finished runs are not trained again: " + again.out());
        assertEquals(4, again.out().lines().filter(l -> l.endsWith("finished at 400 steps")).count(), again.out());

        // The same sweep published to a Hadoop URI (a test scheme mapped to Hadoop's local filesystem, so through the
        // FileSystem API): each run trained in a local working directory, its files published whole.
        Path hadoop = tmp.resolve("hadoop");
        List<String> viaHadoop = viaTestScheme(common, hadoop);
        CommandRun published = run(viaHadoop);
        assertEquals(0, published.code(), published.out() + published.err());
        assertFalse(published.err().contains("WARN") || published.hasStackTrace(), published.err());
        for (Path b : runs) RunFiles.assertSameRun(b, hadoop.resolve(tmp.resolve("builtin").relativize(b)));
        try (Stream<Path> all = Files.walk(hadoop)) {
            assertEquals(List.of(hadoop.resolve(SweepCommand.SUMMARY)), all.filter(Files::isRegularFile)
                    .filter(p -> !HadoopRunStore.FILES.contains(p.getFileName().toString())
                            || !runs.contains(tmp.resolve("builtin").resolve(hadoop.relativize(p.getParent())))).toList(),
                    "the runs' four files each and the summary, nothing half-published, no snapshot of an unfinished run");
        }
        assertEquals(summary, Files.readString(hadoop.resolve(SweepCommand.SUMMARY)));
        CommandRun refused = run(viaHadoop);
        assertEquals(2, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("already holds a run; add --resume"), refused.err());
        List<String> resumed = new ArrayList<>(viaHadoop);
        resumed.add("--resume");
        CommandRun rerun = run(resumed);
        assertEquals(0, rerun.code(), rerun.out() + rerun.err());
        assertFalse(rerun.out().contains("epoch"), "published runs are not trained again: " + rerun.out());
        assertEquals(4, rerun.out().lines().filter(l -> l.endsWith("finished at 400 steps")).count(), rerun.out());
    }

    @Test
    void aFileUriIsALocalPath() throws IOException {
        Path out = tmp.resolve("by-uri");
        CommandRun r = run(List.of("whisker-data", "--protocol", "low", "--classes", "box", "--per-class", "1", "--links", "4", "--split", "1,0,0",
                "--engine", "spark", "--master", "local[1]", "--out", out.toUri().toString()));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.exists(out.resolve("train/data-00000.npy")));
    }

    @Test
    void aSmallDatasetOnEmbeddedSparkEqualsTheBuiltinEngines() throws IOException {
        // 8 sweeps: train 6 (shards of 4 and 2), validate 2, test none (one empty shard). On 2 task slots a shard of more
        // than 8 / 4 = 2 sweeps is split: train/00000 is simulated as two pieces and joined.
        List<String> common = List.of("whisker-data", "--protocol", "low", "--classes", "box,cone", "--per-class", "4", "--links", "4",
                "--shard-size", "4", "--split", "0.75,0.25,0", "--seed", "3");
        CommandRun builtin = run(common, "--out", tmp.resolve("builtin").toString());
        assertEquals(0, builtin.code(), builtin.out() + builtin.err());
        CommandRun spark = run(common, "--engine", "spark", "--master", "local[2]", "--out", tmp.resolve("spark").toString());
        assertEquals(0, spark.code(), spark.out() + spark.err());
        assertTrue(spark.out().contains("8 simulated now"), spark.out());
        assertTrue(spark.err().contains("shard train/00001 written"), "a line per finished shard: " + spark.err());

        List<String> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(tmp.resolve("builtin"))) {
            all.filter(p -> p.toString().endsWith(".npy") || p.toString().endsWith(".json")).forEach(p -> files.add(tmp.resolve("builtin").relativize(p).toString()));
        }
        assertEquals(13, files.size(), files.toString()); // 4 shards (the empty test split has one) x 3 files, and the manifest
        for (String f : files) {
            byte[] b = Files.readAllBytes(tmp.resolve("builtin").resolve(f));
            byte[] s = Files.readAllBytes(tmp.resolve("spark").resolve(f));
            if (f.equals("dataset.json")) {
                assertEquals(withoutCreated(b), withoutCreated(s)); // the manifest: every shard's bytes and CRC-32 the same
            } else {
                assertArrayEquals(b, s, f);
            }
        }
        try (Stream<Path> all = Files.walk(tmp.resolve("spark"))) {
            assertEquals(List.of(), all.filter(p -> p.toString().contains(".piece-") || p.toString().endsWith(".partial")).toList(),
                    "no piece or temporary file is left");
        }
        String manifest = Files.readString(tmp.resolve("spark/dataset.json"));
        assertTrue(manifest.contains("\"complete\" : true"), manifest);

        CommandRun again = run(common, "--engine", "spark", "--master", "local[2]", "--out", tmp.resolve("spark").toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("0 simulated now"), "a finished dataset is not simulated again: " + again.out());
    }

    @Test
    void aDatasetWrittenThroughHadoopsFileSystemApiEqualsTheBuiltinEngines() throws IOException {
        // A Hadoop URI whose scheme is mapped to Hadoop's local filesystem: the files go through the FileSystem API
        // (local staging, copy to a temporary name, rename) as they would to hdfs:// or s3a://.
        List<String> common = List.of("whisker-data", "--protocol", "low", "--classes", "box,cone", "--per-class", "4", "--links", "4",
                "--shard-size", "4", "--split", "0.75,0.25,0", "--seed", "5");
        Path local = tmp.resolve("builtin"), hadoop = tmp.resolve("hadoop");
        CommandRun builtin = run(common, "--out", local.toString());
        assertEquals(0, builtin.code(), builtin.out() + builtin.err());
        List<String> viaHadoop = viaTestScheme(common, hadoop);
        CommandRun spark = run(viaHadoop);
        assertEquals(0, spark.code(), spark.out() + spark.err());
        assertTrue(spark.out().contains("8 simulated now"), spark.out());
        assertSameDataset(local, hadoop);

        // A shard lost from the store is found on the next run and simulated again, the rest kept.
        Files.delete(hadoop.resolve("train/data-00000.npy"));
        CommandRun again = run(viaHadoop);
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("4 simulated now, 3 shards kept"), again.out());
        assertSameDataset(local, hadoop);
        // Embedded, the tasks staged their files in this process's staging directory: every folder of it is gone.
        Path staging = Path.of(System.getProperty("java.io.tmpdir"), "neuroprior-staging", Long.toString(ProcessHandle.current().pid()));
        try (Stream<Path> left = Files.list(staging)) {
            assertEquals(List.of(), left.toList(), "no staging folder is left");
        }
    }

    /** {@code common} on embedded Spark ({@code local[2]}) with {@code --out} the test scheme's URI of {@code dir}. */
    private static List<String> viaTestScheme(List<String> common, Path dir) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of("--engine", "spark", "--master", "local[2]", "--spark-conf",
                "spark.hadoop.fs." + LocalSchemeFileSystem.SCHEME + ".impl=" + LocalSchemeFileSystem.class.getName(),
                "--out", LocalSchemeFileSystem.SCHEME + "://" + dir.toAbsolutePath()));
        return args;
    }

    /** The same files, byte for byte (the manifest's creation time aside), and nothing else left behind. */
    private static void assertSameDataset(Path expected, Path actual) throws IOException {
        List<String> files = new ArrayList<>(), others = new ArrayList<>();
        try (Stream<Path> all = Files.walk(expected)) {
            all.filter(p -> p.toString().endsWith(".npy") || p.toString().endsWith(".json")).forEach(p -> files.add(expected.relativize(p).toString()));
        }
        try (Stream<Path> all = Files.walk(actual)) {
            all.filter(Files::isRegularFile).map(p -> actual.relativize(p).toString()).filter(f -> !files.contains(f)).forEach(others::add);
        }
        assertEquals(List.of(), others, "no temporary, piece or checksum file is left");
        for (String f : files) {
            byte[] b = Files.readAllBytes(expected.resolve(f));
            byte[] s = Files.readAllBytes(actual.resolve(f));
            if (f.equals("dataset.json")) {
                assertEquals(withoutCreated(b), withoutCreated(s));
            } else {
                assertArrayEquals(b, s, f);
            }
        }
    }

    @Test
    void sparkMistakesAreOneLineBeforeAnyWork() throws IOException {
        Path out = tmp.resolve("none");
        List<String> sweep = List.of("sweep", "--arch", "mlp", "--seeds", "1", "--steps", "200", "--out", out.toString());
        assertOneLine(run(sweep, "--engine", "spark", "--master", "spark://127.0.0.1:1"), "cannot reach the Spark master spark://127.0.0.1:1");
        assertOneLine(run(sweep, "--engine", "spark", "--master", "yarn"), "spark-submit");
        assertOneLine(run(sweep, "--engine", "spark", "--master", "mesos://x:5050"), "--master 'mesos://x:5050' is not valid");
        assertOneLine(run(sweep, "--engine", "flink"), "--engine 'flink' is not known");
        assertOneLine(run(sweep, "--master", "local[2]"), "--master is for --engine spark");
        assertOneLine(run(sweep, "--engine", "spark", "--parallel", "2"), "--parallel is for the builtin engine");
        assertOneLine(run(sweep, "--engine", "spark", "--spark-conf", "executor.memory=1g"), "--spark-conf 'executor.memory=1g' is not valid");
        assertOneLine(run(sweep, "--engine", "spark", "--spark-conf", "spark.task.cpus=0"), "spark.task.cpus = '0' is not valid");
        assertOneLine(run(List.of("sweep", "--arch", "mlp", "--seeds", "1", "--out", "s3a://bucket/runs")),
                "--out 's3a://bucket/runs': no Hadoop filesystem for 's3a' is on the class path");
        assertOneLine(run(List.of("whisker-data", "--classes", "box", "--per-class", "1", "--out", "s3a://bucket/set")),
                "no Hadoop filesystem for 's3a' is on the class path");
        assertFalse(Files.exists(out), "nothing was written");
    }

    private static void assertOneLine(CommandRun r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.hasStackTrace(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r.err());
    }

    private static String withoutCreated(byte[] manifest) {
        return new String(manifest, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\"created\" : \"[^\"]*\"", "");
    }

    private static List<Path> runDirs(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> Files.exists(p.resolve(Trainer.CHECKPOINT))).sorted().toList();
        }
    }

    private static CommandRun run(List<String> common, String... more) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void executorsOfAClusterGetTheDriversCommitForTheirRunsToRecord() {
        org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf(false).set("spark.executor.extraJavaOptions", "-Dx=1");
        SparkEngine.passCommit(conf, "85e2c04-dirty");
        assertEquals("-Dx=1 -Dneuroprior.commit=85e2c04-dirty", conf.get("spark.executor.extraJavaOptions"));
        SparkEngine.passCommit(conf, "other");
        assertEquals("-Dx=1 -Dneuroprior.commit=85e2c04-dirty", conf.get("spark.executor.extraJavaOptions"), "the user's (or the first) wins");
        org.apache.spark.SparkConf none = new org.apache.spark.SparkConf(false);
        SparkEngine.passCommit(none, null);
        SparkEngine.passCommit(none, "a b");
        assertFalse(none.contains("spark.executor.extraJavaOptions"), "no property, or not one word: nothing passed");
    }
}
