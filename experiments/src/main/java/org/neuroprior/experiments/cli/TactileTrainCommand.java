package org.neuroprior.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.Model;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.envs.whisker.data.WhiskerDataset;
import org.neuroprior.experiments.data.ProgressBars;
import org.neuroprior.experiments.tactile.TactileConfig;
import org.neuroprior.experiments.tactile.TactileTrainer;
import org.neuroprior.registry.Problems;

import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neuroprior tactile-train}: supervised or self-supervised (SimCLR) training of a tactile model on a whisker dataset. */
@Command(name = "tactile-train", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Train a tactile model (e.g. convrnn:timedecay+gpt+linear) on a whisker-data dataset.",
        // The header is printed above the usage, the description below it: the description does not repeat the header.
        description = {"The model (--model, neuroprior arch list) learns to classify the dataset's sweeps by object class; "
                + "writes config.yaml, log.csv (validation loss, top-1, top-5 per epoch), checkpoints, model.model and best.model.",
                "--objective simclr trains without labels (InfoNCE between two augmented views; score it with tactile-eval --linear-probe).",
                "Values come from the defaults, then --config FILE, then the options given here."})
public final class TactileTrainCommand implements Callable<Integer> {
    /** Help texts read the defaults of {@link TactileConfig#KEYS} from these system properties (set by Main). */
    public static final String DEFAULTS = "neuroprior.tactile.default.";

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config: any key config.yaml holds (dataset, model, arch_options, epochs, ...); what a run "
            + "records beside them (arch, parameter_count, openblas_coretype, nd4j_binary, commit) is ignored, with a warning if the kernel set, binary or commit differ")
    Path configFile;

    @Option(names = "--dataset", paramLabel = "DIR", description = "folder of a whisker-data dataset (required)")
    String dataset;

    @Option(names = "--model", paramLabel = "SPEC", description = "model spec NAME[:WORD[+WORD]...] (default ${sys:" + DEFAULTS + "model})")
    String model;

    @Option(names = "--arch-option", paramLabel = "KEY=VALUE", description = "architecture option beside the spec's words, e.g. widths=8,8,16,16,16,8")
    List<String> archOptions;

    @Option(names = "--seed", description = "seed (default ${sys:" + DEFAULTS + "seed})")
    String seed;

    @Option(names = "--epochs", description = "most epochs (default ${sys:" + DEFAULTS + "epochs})")
    String epochs;

    @Option(names = "--batch-size", description = "samples per step (default ${sys:" + DEFAULTS + "batch_size})")
    String batchSize;

    @Option(names = "--optimizer", description = "adamw or sgd (default ${sys:" + DEFAULTS + "optimizer})")
    String optimizer;

    @Option(names = "--learning-rate", description = "peak learning rate (default ${sys:" + DEFAULTS + "learning_rate})")
    String learningRate;

    @Option(names = "--weight-decay", description = "weight decay (default ${sys:" + DEFAULTS + "weight_decay})")
    String weightDecay;

    @Option(names = "--momentum", description = "SGD momentum (default ${sys:" + DEFAULTS + "momentum})")
    String momentum;

    @Option(names = "--schedule", description = "auto, cosine, step or constant (default ${sys:" + DEFAULTS + "schedule})")
    String schedule;

    @Option(names = "--warmup", description = "cosine: warmup fraction of the steps (default ${sys:" + DEFAULTS + "warmup})")
    String warmup;

    @Option(names = "--step-epochs", description = "step: epochs between decays (default ${sys:" + DEFAULTS + "step_epochs})")
    String stepEpochs;

    @Option(names = "--step-gamma", description = "step: decay factor (default ${sys:" + DEFAULTS + "step_gamma})")
    String stepGamma;

    @Option(names = "--patience", description = "early stopping patience in epochs, 0 = off (default ${sys:" + DEFAULTS + "patience})")
    String patience;

    @Option(names = "--objective", description = "supervised or simclr (default ${sys:" + DEFAULTS + "objective})")
    String objective;

    @Option(names = "--temperature", description = "simclr: InfoNCE temperature (default ${sys:" + DEFAULTS + "temperature})")
    String temperature;

    @Option(names = "--projection-dim", description = "simclr: projection size (default ${sys:" + DEFAULTS + "projection_dim}); "
            + "its hidden widths: --arch-option projection=256 (the default)")
    String projectionDim;

    @Option(names = "--augmentations", description = "simclr: any of flip,rotate,reverse, or all (default all)")
    String augmentations;

    @Option(names = "--augment-draws", description = "simclr: per_sample or per_batch (default ${sys:" + DEFAULTS + "augment_draws})")
    String augmentDraws;

    @Option(names = "--label", description = "legend label in plots (default: the model spec; for simclr runs followed by ' simclr')")
    String label;

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS", description = "seconds between checkpoints, written at an epoch's "
            + "end (always at the end and on Ctrl-C); 0 = every epoch; may change on --resume (default ${sys:" + DEFAULTS + "checkpoint_every})")
    String checkpointEvery;

    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default runs/tactile/SPEC/seedN in the working directory, the model spec's characters "
            + "other than letters, digits and _.=+- as _: convrnn:timedecay+gpt, seed 1 -> runs/tactile/convrnn_timedecay+gpt/seed1)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its checkpoint (only --epochs and --checkpoint-every may change)")
    boolean resume;

    /**
     * Checks every input in one pass and reports all problems together, one line each, exit code 2, before anything
     * is written: the options and config keys ({@link TactileConfig#resolve(Map, Problems)}), then, with those, what
     * the trainer checks ({@link TactileTrainer#check}: the dataset, the model, the run directory). When the options
     * are good the trainer makes those checks itself, once (reading the dataset verifies every shard's checksum).
     */
    @Override
    public Integer call() throws Exception {
        Problems problems = new Problems();
        Map<String, Object> given;
        if (resume) {
            if (out == null) throw new IllegalArgumentException("--resume needs --out DIR, the run to continue");
            if (configFile != null || dataset != null || model != null || archOptions != null || seed != null || batchSize != null
                    || optimizer != null || learningRate != null || weightDecay != null || momentum != null || schedule != null
                    || warmup != null || stepEpochs != null || stepGamma != null || patience != null || label != null || objective != null
                    || temperature != null || projectionDim != null || augmentations != null || augmentDraws != null) {
                problems.add("--resume continues the run as configured in " + out.resolve(TactileTrainer.CONFIG)
                        + "; only --epochs and --checkpoint-every may change");
            }
            given = new ConfigMerge(out.resolve(TactileTrainer.CONFIG)).put("epochs", epochs).put("checkpoint_every", checkpointEvery).map();
        } else {
            ConfigMerge merge = ConfigMerge.fromConfigOption(configFile).put("dataset", dataset).put("model", model).put("seed", seed)
                    .put("epochs", epochs).put("batch_size", batchSize).put("optimizer", optimizer).put("learning_rate", learningRate)
                    .put("weight_decay", weightDecay).put("momentum", momentum).put("schedule", schedule).put("warmup", warmup)
                    .put("step_epochs", stepEpochs).put("step_gamma", stepGamma).put("patience", patience).put("label", label)
                    .put("objective", objective).put("temperature", temperature).put("projection_dim", projectionDim)
                    .put("augmentations", augmentations).put("augment_draws", augmentDraws).put("checkpoint_every", checkpointEvery);
            // A word without '=' is answered with an example of the model's architecture's options.
            String example = KeyValueOptions.example(Architectures.registry(), merge.map().get("model"),
                    (String) TactileConfig.KEYS.get("model").defaultValue());
            given = merge.options(TactileConfig.ARCH_OPTIONS, archOptions, example, problems).map();
        }
        TactileConfig config = TactileConfig.resolve(given, problems);
        // The default run directory derives from the model and the seed: unknown while the config has problems.
        Path dir = out != null ? out : config != null && problems.isEmpty() ? defaultOut(config) : null;
        if (!problems.isEmpty()) {
            Object data = given.get("dataset");
            TactileTrainer.check(config, data == null ? null : String.valueOf(data), dir, resume, problems);
            problems.throwIfAny();
        }
        TactileTrainer trainer = new TactileTrainer(config, dir, new ConsoleReport());
        return StopOnCtrlC.run(trainer::requestStop, 120, () -> {
            TactileTrainer.Result r = trainer.run(resume);
            if (r.stopped()) {
                System.out.printf("stopped in epoch %d; checkpoint written. Continue with: neuroprior tactile-train --resume --out %s%n",
                        r.epochs() + 1, dir);
            } else {
                System.out.printf("done: %s%s; run directory %s; next: %s%n", Words.count(r.epochs(), "epoch"),
                        r.earlyStopped() ? " (early stop: the validation loss stopped falling)" : "", dir, String.join(" ", nextStep(config, dir)));
            }
            return 0;
        });
    }

    /**
     * The command to run next on a finished run, as its words: {@code neuroprior tactile-eval DIR} (the test split) for
     * a supervised run, with {@code --linear-probe} for a SimCLR run (its outputs are projections, which tactile-eval
     * refuses to score as classes).
     */
    static List<String> nextStep(TactileConfig config, Path dir) {
        return config.objective().equals(TactileConfig.SIMCLR)
                ? List.of("neuroprior", "tactile-eval", dir.toString(), "--linear-probe")
                : List.of("neuroprior", "tactile-eval", dir.toString());
    }

    /**
     * The run directory when {@code --out} is not given: {@code runs/tactile/SPEC/seedN}, the model spec with every
     * character other than {@code A-Z a-z 0-9 _ . = + -} written as {@code _} (so {@code convrnn:timedecay+gpt} seed 1
     * trains into {@code runs/tactile/convrnn_timedecay+gpt/seed1}), relative to the working directory.
     */
    public static Path defaultOut(TactileConfig config) {
        return Path.of("runs", "tactile", config.model().replaceAll("[^A-Za-z0-9_.=+-]", "_"), "seed" + config.seed());
    }

    /**
     * The printed line of one log row. Row 0 (the untrained model) has no training loss, top-1 or speed (empty cells
     * in log.csv, NaN in the row): it says "untrained" there and leaves the speed out, as {@code train}'s lines leave
     * out a speed they do not have.
     */
    static String epochLine(Map<String, Double> row) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %3.0f", row.get("train/epoch")));
        if (finite(row, "train/loss") && finite(row, "train/top1")) {
            line.append(String.format(Locale.ROOT, "  train loss %6.3f top-1 %5.1f%%", row.get("train/loss"), 100 * row.get("train/top1")));
        } else {
            line.append(String.format(Locale.ROOT, "  %-30s", "untrained"));
        }
        line.append(String.format(Locale.ROOT, "  validation loss %6.3f top-1 %5.1f%% top-5 %5.1f%%", row.get("validate/loss"),
                100 * row.get("validate/top1"), 100 * row.get("validate/top5")));
        if (finite(row, "train/steps_per_second")) line.append(String.format(Locale.ROOT, "  %,6.1f sweeps/s", row.get("train/steps_per_second")));
        return line.toString();
    }

    private static boolean finite(Map<String, Double> row, String key) {
        Double v = row.get(key);
        return v != null && Double.isFinite(v);
    }

    /** Progress on the terminal: a bar when interactive, one line per epoch always. */
    private static final class ConsoleReport implements TactileTrainer.Listener {
        private ProgressBar bar;

        @Override
        public void started(TactileConfig config, Model model, WhiskerDataset dataset, long samplesTotal, long samplesDone) {
            System.out.printf("training %s (%s%s) on %s: %s, %,d training and %,d validation sweeps, seed %d, %s%n",
                    config.model(), Words.count(model.parameterCount(), "parameter"), config.objective().equals(TactileConfig.SIMCLR) ? ", SimCLR" : "",
                    config.dataset(), Words.count(dataset.classNames().size(), "class", "classes"), dataset.split(Split.TRAIN).size(),
                    dataset.split(Split.VALIDATE).size(), config.seed(), Words.count(config.epochs(), "epoch"));
            bar = ProgressBars.start(ProgressBars.terminal(), "tactile-train", samplesTotal, samplesDone, " sweeps");
        }

        @Override
        public void batch(long samplesDone) {
            if (bar != null) bar.stepTo(samplesDone);
        }

        @Override
        public void epoch(Map<String, Double> row) {
            if (bar != null) System.out.println(); // off the bar's line
            System.out.println(epochLine(row));
        }
    }
}
