package org.neuroprior.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelFiles;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.envs.whisker.data.WhiskerDataset;
import org.neuroprior.agents.Seeds;
import org.neuroprior.experiments.tactile.Classification;
import org.neuroprior.experiments.tactile.LinearProbe;
import org.neuroprior.experiments.tactile.Objective;
import org.neuroprior.experiments.tactile.TactileConfig;
import org.neuroprior.experiments.tactile.TactileTrainer;
import org.neuroprior.experiments.train.BadRunFileException;
import org.neuroprior.experiments.train.ConfigFiles;
import org.neuroprior.experiments.train.Experiment;
import org.neuroprior.plots.ConfusionMatrixFigure;
import org.neuroprior.plots.CsvFiles;
import org.neuroprior.plots.RunData;

import org.neuroprior.registry.Problems;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neuroprior tactile-eval}: a trained tactile model on the test split of its dataset, or (with
 * {@code --linear-probe}) a linear probe on its frozen features against the same probe on the features of the run's
 * model as initialised, before training ({@link LinearProbe}).
 */
@Command(name = "tactile-eval", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Score a tactile-train run on its dataset's test split, or by a linear probe.",
        description = {"Score a tactile-train run's model on the test split of its dataset: top-1, top-5, loss (test.csv) "
                + "and the confusion matrix (confusion.csv, confusion.png, confusion.svg), written into the run directory.",
                "--linear-probe instead trains a linear classifier on the model's frozen features (its latent) of the training split "
                + "and scores it on the validation and test splits, beside the same probe on the features of the run's model at "
                + "initialisation (probe.csv); the way to score a --objective simclr run."})
public final class TactileEvalCommand implements Callable<Integer> {
    /** The files written into the run directory; plots reads the two score files by the same names. */
    public static final String SCORES = RunData.TEST_SCORES;
    public static final String CONFUSION = "confusion";
    public static final String PROBE = RunData.PROBE;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a tactile-train run directory")
    Path run;

    @Option(names = "--dataset", paramLabel = "DIR", description = "another dataset with the same classes (default: the run's)")
    Path dataset;

    @Option(names = "--model", paramLabel = "FILE", description = "best (default: the lowest validation loss), last, or a model file")
    String model = "best";

    @Option(names = "--batch-size", description = "samples per pass (default: the run's batch size)")
    Integer batchSize;

    @Option(names = "--linear-probe", description = "train and score a linear probe on frozen features, against random-init features")
    boolean linearProbe;

    @Option(names = "--probe-epochs", description = "probe: epochs of SGD (default ${DEFAULT-VALUE})")
    int probeEpochs = 100;

    @Option(names = "--probe-learning-rate", description = "probe: SGD's initial rate, x 0.1 every 30 epochs (default ${DEFAULT-VALUE})")
    double probeLearningRate = 0.1;

    @Option(names = "--probe-batch-size", description = "probe: samples per step (default ${DEFAULT-VALUE})")
    int probeBatchSize = 256;

    @Override
    public Integer call() throws Exception {
        Path configFile = run.resolve(TactileTrainer.CONFIG);
        if (!Files.isDirectory(run)) throw new IllegalArgumentException("no directory " + run + "; accepted: a tactile-train run directory (its --out)");
        if (!Files.isRegularFile(configFile)) throw new IllegalArgumentException(run + " is not a tactile-train run directory: no " + TactileTrainer.CONFIG);
        TactileConfig config;
        try {
            config = TactileConfig.resolve(ConfigFiles.readMap(configFile));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
        }
        Path modelFile = switch (model) {
            case "best" -> run.resolve(TactileTrainer.BEST);
            case "last" -> run.resolve(TactileTrainer.MODEL);
            default -> Path.of(model);
        };
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("no model file " + modelFile + (model.equals("best") ? " (the run has not finished an epoch yet?)" : ""));
        }
        Problems problems = new Problems();
        if (batchSize != null && batchSize < 1) problems.add("--batch-size must be at least 1, got " + batchSize);
        if (linearProbe) {
            if (probeEpochs < 1) problems.add("--probe-epochs must be at least 1, got " + probeEpochs);
            if (probeBatchSize < 1) problems.add("--probe-batch-size must be at least 1, got " + probeBatchSize);
            if (!(probeLearningRate > 0 && probeLearningRate <= 10)) {
                problems.add("--probe-learning-rate must lie in (0, 10], got " + probeLearningRate);
            }
        } else if (config.objective().equals(TactileConfig.SIMCLR)) {
            problems.add(run + " is a simclr run: its model writes projections, not class scores; score it with --linear-probe");
        }
        problems.throwIfAny();
        LinearProbe.Settings probe = linearProbe
                ? LinearProbe.Settings.reference(probeEpochs, probeBatchSize, probeLearningRate, Seeds.derive(config.seed(), 5)) : null;
        Experiment.requireIntraOpThreads(config.intraOpThreads());
        Path dataDir = dataset != null ? dataset : Path.of(config.dataset());
        WhiskerDataset data = WhiskerDataset.open(dataDir, true);
        {
            WhiskerDataset.Samples test = data.split(Split.TEST);
            if (test.size() == 0) throw new IllegalArgumentException("dataset " + dataDir + " has no test samples");
            Model m;
            try {
                m = ModelFiles.load(modelFile);
            } catch (java.io.IOException e) {
                throw new BadRunFileException(e.getMessage(), e);
            }
            ModelIO wanted = new ModelIO(TactileTrainer.sampleShape(), TactileTrainer.outputs(config, data.classNames().size()), ModelIO.Output.LINEAR);
            if (!m.io().equals(wanted)) {
                throw new IllegalArgumentException("model " + modelFile + " reads " + m.io() + ", the dataset " + dataDir + " needs " + wanted);
            }
            int batch = Math.min(batchSize != null ? batchSize : config.batchSize(), test.size());
            if (probe != null) return probe(config, m, modelFile, data, dataDir, batch, probe);
            Objective.Scores s;
            try (Classification classifier = new Classification(m.pass(batch, 1, false), data.classNames().size())) {
                s = classifier.evaluate(test);
            }
            CsvFiles.write(run.resolve(SCORES), List.of("model", "dataset", "samples", "loss", "top1", "top5"),
                    List.of(List.of(modelFile.getFileName().toString(), dataDir.toString(), Integer.toString(s.samples()),
                            number(s.loss()), number(s.top1()), number(s.top5()))));
            ConfusionMatrixFigure.write(s.confusion(), data.classNames(), "Test split: " + config.displayLabel(), run, CONFUSION);
            System.out.printf(Locale.ROOT, "%s on %,d test sweeps of %s: top-1 %.1f%%, top-5 %.1f%%, loss %.3f (chance top-1 %.1f%%)%n",
                    config.displayLabel(), s.samples(), dataDir, 100 * s.top1(), 100 * s.top5(), s.loss(), 100.0 / data.classNames().size());
            System.out.println("wrote " + run.resolve(SCORES) + ", " + run.resolve(CONFUSION + ".csv") + ", " + run.resolve(CONFUSION + ".png"));
        }
        return 0;
    }

    /** The probe on the model's features and on the features of the run's model at initialisation; probe.csv. */
    private int probe(TactileConfig config, Model trained, Path modelFile, WhiskerDataset data, Path dataDir, int batch,
                      LinearProbe.Settings settings) {
        WhiskerDataset.Samples train = data.split(Split.TRAIN), validate = data.split(Split.VALIDATE), test = data.split(Split.TEST);
        if (train.size() == 0) throw new IllegalArgumentException("dataset " + dataDir + " has no training samples to fit a probe on");
        int classes = data.classNames().size();
        List<List<String>> rows = new java.util.ArrayList<>();
        String[] names = {"trained", "random_init"};
        Model[] models = {trained, TactileTrainer.model(config, classes)};
        for (int i = 0; i < 2; i++) {
            float[][] trainFeatures = LinearProbe.features(models[i], train, batch);
            LinearProbe p = LinearProbe.fit(trainFeatures, train.labels(), classes, settings);
            Objective.Scores tr = p.score(trainFeatures, train.labels());
            Objective.Scores v = p.score(LinearProbe.features(models[i], validate, batch), validate.labels());
            Objective.Scores t = p.score(LinearProbe.features(models[i], test, batch), test.labels());
            rows.add(List.of(names[i], i == 0 ? modelFile.getFileName().toString() : "seed " + config.seed(), dataDir.toString(),
                    Integer.toString(trained.latentSize()), Integer.toString(settings.epochs()), number(tr.top1()), number(v.loss()), number(v.top1()),
                    number(v.top5()), number(t.loss()), number(t.top1()), number(t.top5())));
            System.out.printf(Locale.ROOT, "linear probe on %-11s features (%d): validation top-1 %.1f%% top-5 %.1f%%, test top-1 %.1f%% top-5 %.1f%% (train top-1 %.1f%%)%n",
                    names[i], trained.latentSize(), 100 * v.top1(), 100 * v.top5(), 100 * t.top1(), 100 * t.top5(), 100 * tr.top1());
        }
        CsvFiles.write(run.resolve(PROBE), List.of("features", "model", "dataset", "feature_size", "epochs", "train_top1", "validate_loss",
                "validate_top1", "validate_top5", "test_loss", "test_top1", "test_top5"), rows);
        System.out.printf(Locale.ROOT, "chance top-1 %.1f%%; wrote %s%n", 100.0 / classes, run.resolve(PROBE));
        return 0;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
