package org.neuroprior.experiments.tactile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuroprior.architectures.ModelFiles;
import org.neuroprior.experiments.CommandRun;
import org.neuroprior.experiments.train.ConfigFiles;
import org.neuroprior.plots.CsvFiles;

/**
 * {@code tactile-train} and {@code tactile-eval} end to end on a tiny dataset of real sweeps made by the test with the
 * simulator ({@code whisker-data}: 3 classes x 20 sweeps, low-variation protocol, 4 links per whisker; 30 training, 15
 * validation and 15 test sweeps) and a tiny ConvRNN.
 */
class TactileTrainTest {
    /** A ConvRNN of 9,125 parameters that learns these three classes in a few epochs. */
    private static final String MODEL = "convrnn:timedecay+widths=4,4,8,8,8,4+fc=16,8+mlp=16";

    @TempDir
    static Path shared;
    static Path dataset;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeDataset() {
        dataset = shared.resolve("set");
        CommandRun r = CommandRun.of("whisker-data", "--protocol", "low", "--classes", "box,ellipsoid,torus", "--per-class", "20",
                "--links", "4", "--shard-size", "8", "--split", "0.5,0.25,0.25", "--threads", "2", "--seed", "3", "--out", dataset.toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    private static List<Map<String, String>> log(Path run) {
        CsvFiles.Rows rows = CsvFiles.read(run.resolve(TactileTrainer.LOG));
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> row : rows.rows()) {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            for (int c = 0; c < rows.header().size(); c++) m.put(rows.header().get(c), c < row.size() ? row.get(c) : "");
            out.add(m);
        }
        return out;
    }

    @Test
    void learnsAboveChanceAndTheTestSplitIsScored() throws Exception {
        Path run = tmp.resolve("run");
        CommandRun r = CommandRun.of("tactile-train", "--dataset", dataset.toString(), "--model", MODEL, "--epochs", "10", "--batch-size", "6",
                "--learning-rate", "1e-2", "--warmup", "0.1", "--patience", "0", "--out", run.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertFalse(r.out().contains("NaN"), "row 0 has no training statistics: left out, not NaN: " + r.out());
        assertTrue(r.out().contains("epoch   0  untrained "), r.out());
        assertTrue(r.out().contains(", 10 epochs") && r.out().contains("done: 10 epochs;"), r.out());
        List<Map<String, String>> log = log(run);
        assertEquals(11, log.size(), "row 0 (untrained) and one row per epoch");
        double best = 0;
        for (Map<String, String> row : log) best = Math.max(best, Double.parseDouble(row.get("validate/top1")));
        // 10 of 15 right or better has probability 0.0085 for a guesser over 3 classes (binomial).
        assertTrue(best >= 10 / 15.0 - 1e-9, "best validation top-1 " + best + ": " + log);
        assertTrue(Double.parseDouble(log.get(10).get("train/loss")) < Double.parseDouble(log.get(1).get("train/loss")), log.toString());
        // The early-stopping counter: epochs since the lowest validation loss of epochs 1.. (row 0 takes no part).
        double lowest = Double.POSITIVE_INFINITY;
        int since = 0;
        assertEquals(0, Double.parseDouble(log.get(0).get("validate/epochs_since_best")));
        for (int e = 1; e <= 10; e++) {
            double loss = Double.parseDouble(log.get(e).get("validate/loss"));
            if (loss < lowest) {
                lowest = loss;
                since = 0;
            } else {
                since++;
            }
            assertEquals(since, Double.parseDouble(log.get(e).get("validate/epochs_since_best")), "epoch " + e + ": " + log);
        }

        Map<String, Object> config = ConfigFiles.readMap(run.resolve(TactileTrainer.CONFIG));
        assertEquals("cosine", config.get("schedule"), "auto is recorded resolved");
        assertEquals(1, config.get("intra_op_threads"));
        assertEquals("convrnn", config.get("arch"));
        assertEquals(ModelFiles.load(run.resolve(TactileTrainer.BEST)).parameterCount(), ((Number) config.get("parameter_count")).intValue());

        // The printed next step is a command the command line runs as it is.
        List<String> next = nextStep(r);
        assertEquals(List.of("tactile-eval", run.toString()), next);
        CommandRun eval = CommandRun.of(next.toArray(String[]::new));
        assertEquals(0, eval.code(), eval.out() + eval.err());
        CsvFiles.Rows scores = CsvFiles.read(run.resolve(org.neuroprior.experiments.cli.TactileEvalCommand.SCORES));
        assertEquals(List.of("model", "dataset", "samples", "loss", "top1", "top5"), scores.header());
        assertEquals("15", scores.rows().get(0).get(2));
        CsvFiles.Rows confusion = CsvFiles.read(run.resolve("confusion.csv"));
        assertEquals(List.of("true_class", "box", "ellipsoid", "torus"), confusion.header());
        long total = 0, diagonal = 0;
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                long c = Long.parseLong(confusion.rows().get(t).get(p + 1));
                total += c;
                if (t == p) diagonal += c;
            }
        }
        assertEquals(15, total);
        assertEquals(Double.parseDouble(scores.rows().get(0).get(4)), diagonal / 15.0, 1e-5, "top-1 is the diagonal's share");
        assertTrue(Files.size(run.resolve("confusion.png")) > 1000);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TactileConfig.SUPERVISED, TactileConfig.SIMCLR})
    void aRunStoppedMidEpochResumesBitIdentically(String objective) throws Exception {
        TactileConfig config = TactileConfig.resolve(Map.of("dataset", dataset.toString(), "model", MODEL, "epochs", 2, "batch_size", 9,
                "optimizer", "sgd", "learning_rate", 1e-3, "step_epochs", 1, "step_gamma", 0.5, "objective", objective));
        Path whole = tmp.resolve("whole");
        new TactileTrainer(config, whole, new TactileTrainer.Listener() { }).run(false);

        Path parts = tmp.resolve("parts");
        TactileTrainer[] trainer = new TactileTrainer[1];
        trainer[0] = new TactileTrainer(config, parts, new TactileTrainer.Listener() {
            @Override
            public void batch(long samplesDone) {
                if (samplesDone == 48) trainer[0].requestStop(); // in the middle of epoch 2 (batches of 9, 9, 9 and 3 an epoch)
            }
        });
        TactileTrainer.Result first = trainer[0].run(false);
        assertTrue(first.stopped());
        assertEquals(1, first.epochs());
        TactileTrainer.Result rest = new TactileTrainer(config, parts, new TactileTrainer.Listener() { }).run(true);
        assertFalse(rest.stopped());
        assertEquals(2, rest.epochs());

        assertArrayEquals(ModelFiles.load(whole.resolve(TactileTrainer.MODEL)).parameters().toArray(),
                ModelFiles.load(parts.resolve(TactileTrainer.MODEL)).parameters().toArray());
        List<Map<String, String>> a = log(whole), b = log(parts);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            for (String key : a.get(i).keySet()) {
                if (key.equals("train/seconds") || key.equals("train/steps_per_second") || key.equals("train/resident_mb")) continue;
                assertEquals(a.get(i).get(key), b.get(i).get(key), "row " + i + " " + key);
            }
        }
    }

    /**
     * checkpoint_every throttles the tactile trainer's checkpoints through the same schedule as train's: with a fake
     * clock advanced one "second" per log row and a checkpoint every 2 s, they are written at the start (row 0) and
     * after epochs 2 and 4; a run killed after epoch 3's row (no checkpoint since epoch 2) resumes from epoch 2 and
     * ends with the same log and parameters as an uninterrupted run.
     */
    @Test
    void aThrottledRunKilledBetweenCheckpointsResumesBitIdentically() throws Exception {
        TactileConfig config = TactileConfig.resolve(Map.of("dataset", dataset.toString(), "model", MODEL, "epochs", 5, "batch_size", 9,
                "optimizer", "sgd", "learning_rate", 1e-3, "patience", 0, "checkpoint_every", 2));
        long[] now = {0};
        TactileTrainer.Listener clockPerRow = new TactileTrainer.Listener() {
            @Override
            public void epoch(Map<String, Double> row) {
                now[0] += 1_000_000_000L;
            }
        };
        Path whole = tmp.resolve("whole");
        new TactileTrainer(config, whole, clockPerRow, () -> now[0]).run(false);

        Path parts = tmp.resolve("parts");
        now[0] = 0;
        class Killed extends RuntimeException {
        }
        org.junit.jupiter.api.Assertions.assertThrows(Killed.class, () -> new TactileTrainer(config, parts, new TactileTrainer.Listener() {
            @Override
            public void epoch(Map<String, Double> row) {
                now[0] += 1_000_000_000L;
                if (row.get("train/epoch") == 3) throw new Killed(); // its row is in log.csv, no checkpoint since epoch 2
            }
        }, () -> now[0]).run(false));
        assertEquals(4, log(parts).size(), "rows 0 to 3 before the kill");
        long[] resumedAt = {-1};
        now[0] = 0;
        TactileTrainer.Result rest = new TactileTrainer(config, parts, new TactileTrainer.Listener() {
            @Override
            public void started(TactileConfig c, org.neuroprior.architectures.Model model, org.neuroprior.envs.whisker.data.WhiskerDataset d,
                                long samplesTotal, long samplesDone) {
                resumedAt[0] = samplesDone;
            }

            @Override
            public void epoch(Map<String, Double> row) {
                now[0] += 1_000_000_000L;
            }
        }, () -> now[0]).run(true);
        assertEquals(2 * 30, resumedAt[0], "resumed after epoch 2 (30 training sweeps an epoch): no checkpoint after epoch 3");
        assertEquals(5, rest.epochs());
        assertArrayEquals(ModelFiles.load(whole.resolve(TactileTrainer.MODEL)).parameters().toArray(),
                ModelFiles.load(parts.resolve(TactileTrainer.MODEL)).parameters().toArray());
        assertArrayEquals(Files.readAllBytes(whole.resolve(TactileTrainer.BEST)), Files.readAllBytes(parts.resolve(TactileTrainer.BEST)));
        List<Map<String, String>> a = log(whole), b = log(parts);
        assertEquals(6, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            for (String key : a.get(i).keySet()) {
                if (key.equals("train/seconds") || key.equals("train/steps_per_second") || key.equals("train/resident_mb")) continue;
                assertEquals(a.get(i).get(key), b.get(i).get(key), "row " + i + " " + key);
            }
        }
    }

    /**
     * SimCLR through the same loop: the InfoNCE loss falls (from the order of log 11 = 2.4, 12 views of 11 candidates
     * each, what indistinct projections score), the run's config records the projection head, and the linear probe
     * scores the trained features beside the features of the same model at initialisation. Grid flips only: with all
     * three augmentations this tiny model's projections collapsed to one point (loss log 11) at this learning rate.
     */
    @Test
    void simclrLowersItsLossAndTheProbeScoresBothFeatureSets() throws Exception {
        Path run = tmp.resolve("simclr");
        CommandRun r = CommandRun.of("tactile-train", "--dataset", dataset.toString(), "--model", MODEL, "--objective", "simclr", "--epochs", "8",
                "--batch-size", "6", "--learning-rate", "1e-2", "--warmup", "0.1", "--patience", "0", "--projection-dim", "16", "--augmentations", "flip",
                "--arch-option", "projection=32", "--out", run.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<Map<String, String>> log = log(run);
        assertEquals(9, log.size());
        double first = Double.parseDouble(log.get(1).get("train/loss"));
        double last = 0;
        for (int e = 6; e <= 8; e++) last += Double.parseDouble(log.get(e).get("train/loss")) / 3;
        assertTrue(first > 1, "epoch 1's InfoNCE is of the order of log 11 (2.4): " + first);
        assertTrue(last < first - 0.2, "InfoNCE falls: epoch 1 " + first + ", epochs 6-8 " + last + " " + log);
        // validation draws the same augmentations every epoch: its loss compares across epochs. On 15 sweeps the last
        // epoch's is noisy (this tiny model overfits 30), so the best epoch's, the one best.model keeps, is compared.
        double bestValidation = Double.POSITIVE_INFINITY;
        for (int e = 1; e <= 8; e++) bestValidation = Math.min(bestValidation, Double.parseDouble(log.get(e).get("validate/loss")));
        assertTrue(bestValidation < Double.parseDouble(log.get(0).get("validate/loss")) - 0.2, log.toString());
        Map<String, Object> config = ConfigFiles.readMap(run.resolve(TactileTrainer.CONFIG));
        assertEquals("simclr", config.get("objective"));
        assertEquals(MODEL + " simclr", config.get("label"), "plots keep SimCLR runs apart from supervised ones of the spec");
        assertEquals(0.1, ((Number) config.get("temperature")).doubleValue());
        assertEquals("per_sample", config.get("augment_draws"));
        assertEquals(List.of(32), ((Map<?, ?>) config.get("arch_options")).get("projection"));
        assertEquals(16, ModelFiles.load(run.resolve(TactileTrainer.BEST)).outputSize());

        CommandRun refused = CommandRun.of("tactile-eval", run.toString());
        assertEquals(2, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("--linear-probe"), refused.err());

        // The printed next step is the probe, a command the command line accepts (here with a shorter probe).
        List<String> next = new ArrayList<>(nextStep(r));
        assertEquals(List.of("tactile-eval", run.toString(), "--linear-probe"), next);
        next.addAll(List.of("--probe-epochs", "20", "--probe-batch-size", "6"));
        CommandRun probe = CommandRun.of(next.toArray(String[]::new));
        assertEquals(0, probe.code(), probe.out() + probe.err());
        CsvFiles.Rows rows = CsvFiles.read(run.resolve(org.neuroprior.experiments.cli.TactileEvalCommand.PROBE));
        assertEquals(List.of("trained", "random_init"), rows.rows().stream().map(row -> row.get(0)).toList());
        int top1 = rows.header().indexOf("test_top1");
        for (List<String> row : rows.rows()) {
            assertEquals("8", row.get(rows.header().indexOf("feature_size")), "the latent: fc8 of the tiny ConvRNN");
            double t = Double.parseDouble(row.get(top1));
            assertEquals(Math.round(t * 15) / 15.0, t, 1e-5, "a share of 15 test sweeps");
        }
        assertTrue(probe.out().contains("random_init"), probe.out());

        CommandRun bad = CommandRun.of("tactile-eval", run.toString(), "--linear-probe", "--probe-epochs", "0");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--probe-epochs must be at least 1, got 0"), bad.err());
    }

    @Test
    void badInputIsRefusedInOneLineBeforeAnyRunDirectoryExists() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertRefused(empty.toString(), MODEL, "not a whisker dataset");
        Path missing = tmp.resolve("no-such-dataset");
        assertRefused(missing.toString(), MODEL,
                "error: no directory " + missing + "; accepted: a whisker dataset directory (written by whisker-data, with dataset.json)");
        Path file = Files.writeString(tmp.resolve("a-file.txt"), "not a dataset");
        assertRefused(file.toString(), MODEL, "error: " + file + " is not a directory; accepted: a whisker dataset directory");

        Path incomplete = copy(dataset, tmp.resolve("incomplete"));
        Path manifest = incomplete.resolve("dataset.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"complete\" : true", "\"complete\" : false")
                .replaceFirst("\"done\" : true", "\"done\" : false"));
        assertRefused(incomplete.toString(), MODEL, "is not complete");

        Path damaged = copy(dataset, tmp.resolve("damaged"));
        try (RandomAccessFile f = new RandomAccessFile(damaged.resolve("train/data-00000.npy").toFile(), "rw")) {
            f.seek(5000);
            int b = f.read();
            f.seek(5000);
            f.write(b ^ 1);
        }
        assertRefused(damaged.toString(), MODEL, "train/data-00000.npy has CRC-32");

        assertRefused(dataset.toString(), "convrnn:timedecay+nonsense", "'nonsense' is not a value of any option");
        assertRefused(dataset.toString(), "nomodel", "unknown model 'nomodel' in spec 'nomodel'; accepted: conv, convrnn, mlp, resnet, s4");
        assertRefused(dataset.toString(), "convrnn:fc=16", "does not fit");
        assertRefused(dataset.toString(), MODEL + "+carry_state=true", "keeps a state from one agent step to the next");
        // An RL recurrent policy keeps a state between agent steps: refused, naming the models that can be trained.
        assertRefused(dataset.toString(), "gru", "keeps a state from one agent step to the next");
        assertRefused(dataset.toString(), "gru", "accepted: conv, convrnn, mlp, resnet, s4");
        assertRefused(dataset.toString(), "ncap", "accepted: conv, convrnn, mlp, resnet, s4");
        assertRefused(dataset.toString(), "mlp", "objective simclr needs a model with a projection head", "--objective", "simclr");
        assertRefused(dataset.toString(), MODEL, "flip,dropout", "--objective", "simclr", "--augmentations", "flip,dropout");
        assertRefused(dataset.toString(), MODEL, "per_sample", "--objective", "simclr", "--augment-draws", "each");
        assertRefused(dataset.toString(), MODEL, "temperature", "--objective", "simclr", "--temperature", "0");
    }

    /**
     * Several bad inputs in one invocation are reported together, one line each, whichever phase checks them: the
     * options and config keys, the dataset, the model (gru keeps a state between steps), the --arch-option words.
     */
    @Test
    void everyBadInputIsReportedInOnePass() throws Exception {
        Path missing = tmp.resolve("no-such-dataset");
        String noDataset = "error: no directory " + missing + "; accepted: a whisker dataset directory";
        String epochs = "error: the tactile run: option 'epochs' = 0 is not valid; accepted: an integer in 1..1000000";
        String gru = "error: model 'gru' keeps a state from one agent step to the next";
        assertRefusedTogether(List.of(epochs, noDataset), "--dataset", missing.toString(), "--epochs", "0");
        assertRefusedTogether(List.of(noDataset, gru), "--dataset", missing.toString(), "--model", "gru");
        assertRefusedTogether(List.of(epochs, gru), "--dataset", dataset.toString(), "--model", "gru", "--epochs", "0");
        assertRefusedTogether(List.of(epochs, "error: no dataset: give --dataset DIR", gru), "--model", "gru", "--epochs", "0");
        // A word without '=' is reported with the rest, its example an option of the model's architecture.
        assertRefusedTogether(List.of("error: option 'nokey' is not of the form key=value (e.g. cell=timedecay, an option of convrnn)", noDataset),
                "--dataset", missing.toString(), "--arch-option", "nokey");
        CommandRun resnet = refused("--dataset", dataset.toString(), "--model", "resnet", "--arch-option", "nokey");
        java.util.regex.Matcher example = java.util.regex.Pattern.compile("\\(e\\.g\\. (\\w+)=\\S+?, an option of resnet\\)").matcher(resnet.err());
        assertTrue(example.find(), resnet.err());
        assertTrue(org.neuroprior.architectures.Architectures.get("resnet").options().get(example.group(1)) != null, resnet.err());
    }

    /** The command refuses the arguments with exactly these error lines (each the start of one), in this order. */
    private void assertRefusedTogether(List<String> expected, String... args) {
        CommandRun r = refused(args);
        List<String> errors = r.err().strip().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(expected.size(), errors.size(), r.err());
        for (int i = 0; i < expected.size(); i++) assertTrue(errors.get(i).startsWith(expected.get(i)), expected.get(i) + " in " + r.err());
    }

    /** tactile-train with these arguments and --out: exit code 2, no stack trace, nothing written. */
    private CommandRun refused(String... args) {
        Path out = tmp.resolve("never");
        List<String> all = new ArrayList<>(List.of("tactile-train"));
        all.addAll(List.of(args));
        all.addAll(List.of("--out", out.toString()));
        CommandRun r = CommandRun.of(all.toArray(String[]::new));
        assertEquals(2, r.code(), r.out() + r.err());
        assertFalse(r.hasStackTrace(), r.err());
        assertFalse(Files.exists(out), "nothing is written before the input is known to be good");
        return r;
    }

    /** The command of a finished run's "next: neuroprior ..." hint, without "neuroprior". */
    private static List<String> nextStep(CommandRun r) {
        String line = r.out().lines().filter(l -> l.startsWith("done: ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        String command = line.substring(line.indexOf("; next: neuroprior ") + "; next: neuroprior ".length());
        return List.of(command.split(" "));
    }

    @Test
    void tactileEvalRefusesAMissingFolderInOneLine() {
        Path missing = tmp.resolve("no-such-run");
        CommandRun r = CommandRun.of("tactile-eval", missing.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(List.of("error: no directory " + missing + "; accepted: a tactile-train run directory (its --out)"), r.err().strip().lines().toList());
        CommandRun notARun = CommandRun.of("tactile-eval", dataset.toString());
        assertEquals(2, notARun.code(), notARun.out() + notARun.err());
        assertTrue(notARun.err().contains("is not a tactile-train run directory: no config.yaml"), notARun.err());
    }

    private void assertRefused(String data, String model, String expected, String... more) {
        Path out = tmp.resolve("never");
        List<String> args = new ArrayList<>(List.of("tactile-train", "--dataset", data, "--model", model, "--out", out.toString()));
        args.addAll(List.of(more));
        CommandRun r = CommandRun.of(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.out() + r.err());
        assertFalse(r.hasStackTrace(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("error:")).count(), r.err());
        assertFalse(Files.exists(out), "nothing is written before the input is known to be good");
    }

    private static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }
}
