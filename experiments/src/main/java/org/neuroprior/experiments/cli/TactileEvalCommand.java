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
import org.neuroprior.experiments.tactile.Classification;
import org.neuroprior.experiments.tactile.TactileConfig;
import org.neuroprior.experiments.tactile.TactileTrainer;
import org.neuroprior.experiments.train.BadRunFileException;
import org.neuroprior.experiments.train.ConfigFiles;
import org.neuroprior.experiments.train.Experiment;
import org.neuroprior.plots.ConfusionMatrixFigure;
import org.neuroprior.plots.CsvFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuroprior tactile-eval}: a trained tactile model on the test split of its dataset. */
@Command(name = "tactile-eval", mixinStandardHelpOptions = true,
        description = {"Score a tactile-train run's model on the test split of its dataset: top-1, top-5, loss (test.csv)",
                "and the confusion matrix (confusion.csv, confusion.png, confusion.svg), written into the run directory."})
public final class TactileEvalCommand implements Callable<Integer> {
    /** The files written into the run directory. */
    public static final String SCORES = "test.csv";
    public static final String CONFUSION = "confusion";

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a tactile-train run directory")
    Path run;

    @Option(names = "--dataset", paramLabel = "DIR", description = "another dataset with the same classes (default: the run's)")
    Path dataset;

    @Option(names = "--model", paramLabel = "FILE", description = "best (default: the lowest validation loss), last, or a model file")
    String model = "best";

    @Option(names = "--batch-size", description = "samples per pass (default: the run's batch size)")
    Integer batchSize;

    @Override
    public Integer call() throws Exception {
        Path configFile = run.resolve(TactileTrainer.CONFIG);
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
        if (batchSize != null && batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
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
            ModelIO wanted = new ModelIO(TactileTrainer.sampleShape(), data.classNames().size(), ModelIO.Output.LINEAR);
            if (!m.io().equals(wanted)) {
                throw new IllegalArgumentException("model " + modelFile + " reads " + m.io() + ", the dataset " + dataDir + " needs " + wanted);
            }
            int batch = Math.min(batchSize != null ? batchSize : config.batchSize(), test.size());
            Classification.Scores s;
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

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
