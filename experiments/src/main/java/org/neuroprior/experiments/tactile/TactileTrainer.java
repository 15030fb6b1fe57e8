package org.neuroprior.experiments.tactile;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.neuroprior.agents.Adam;
import org.neuroprior.agents.Seeds;
import org.neuroprior.agents.Sgd;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelFiles;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.envs.whisker.data.WhiskerDataset;
import org.neuroprior.experiments.train.Checkpoint;
import org.neuroprior.experiments.train.CheckpointSchedule;
import org.neuroprior.experiments.train.ConfigFiles;
import org.neuroprior.experiments.train.CsvLog;
import org.neuroprior.experiments.train.Experiment;
import org.neuroprior.experiments.train.ProcessMemory;
import org.neuroprior.experiments.train.RunFacts;
import org.neuroprior.experiments.train.Trainer;
import org.neuroprior.registry.Problems;

/**
 * Training of a tactile model on a whisker dataset ({@code neuroprior tactile-train}) towards an {@link Objective}:
 * supervised softmax cross-entropy ({@link Classification}) or self-supervised SimCLR ({@link Contrastive}, config
 * {@code objective: simclr}), AdamW or SGD under the config's learning-rate schedule, the validation split scored after
 * every epoch (loss, top-1, top-5), early stopping on the validation loss. Both objectives share this loop, its
 * checkpoints and its log; for SimCLR the loss is InfoNCE and top-1 / top-5 are the views' contrastive hits (the
 * positive view is the nearest, or among the 5 nearest, of the batch's other views).
 *
 * <p><b>Run directory</b>, as {@code train}'s: {@code config.yaml} (every resolved value, the thread settings,
 * {@code parameter_count} and the facts of the process that trained it, {@link RunFacts}), {@code log.csv} (row 0 the untrained model, then one row per epoch: {@code train/steps}
 * counts training samples, {@code train/steps_per_second} samples per second; {@code train/loss}, {@code train/top1},
 * {@code train/learning_rate}, {@code validate/loss}, {@code validate/top1}, {@code validate/top5}), {@code
 * checkpoint.bin} (and {@code checkpoint.prev.bin}, {@link Checkpoint}) with {@code model.model} (the model then),
 * written at the start, at an epoch's end once {@code checkpoint_every} seconds have passed since the last
 * ({@link CheckpointSchedule}), at the run's end and on a stop request, and {@code best.model} (the model of the lowest validation loss, what {@code tactile-eval} scores).
 *
 * <p><b>Exact resume.</b> Epoch {@code e} visits the training split in the order seeded by (seed, e), so the state
 * after any batch is the model, the optimiser and the position; a stop request ({@link #requestStop()}, Ctrl-C) ends
 * after the current batch with a checkpoint there, and a resumed run logs the same numbers and ends with the same
 * parameters as an uninterrupted one (with the same intra-op thread count).
 */
public final class TactileTrainer {
    public static final String CONFIG = Trainer.CONFIG;
    public static final String LOG = Trainer.LOG;
    public static final String CHECKPOINT = Trainer.CHECKPOINT;
    public static final String MODEL = "model.model";
    public static final String BEST = "best.model";
    /** What a model reads: one sweep as stored, [110, 35, 6] (frames, grid cells, channels); a new array. */
    public static int[] sampleShape() {
        return new int[] {SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS};
    }

    /** What the trainer reports as it goes. */
    public interface Listener {
        /** Training starts (or resumes with {@code samplesDone} of {@code samplesTotal} training samples done). */
        default void started(TactileConfig config, Model model, WhiskerDataset dataset, long samplesTotal, long samplesDone) {
        }

        /** A batch was trained: {@code samplesDone} training samples so far. */
        default void batch(long samplesDone) {
        }

        /** A log row was written. */
        default void epoch(Map<String, Double> row) {
        }
    }

    /**
     * How a run ended.
     *
     * @param epochs       epochs completed
     * @param stopped      stopped on request, with a checkpoint to resume from
     * @param earlyStopped stopped because the validation loss stopped falling
     */
    public record Result(int epochs, long samples, boolean stopped, boolean earlyStopped, Map<String, Double> lastRow) {
    }

    private final TactileConfig config;
    private final Path runDir;
    private final Listener listener;
    private final LongSupplier clock;
    private volatile boolean stopRequested;

    public TactileTrainer(TactileConfig config, Path runDir, Listener listener) {
        this(config, runDir, listener, System::nanoTime);
    }

    /**
     * As {@link #TactileTrainer(TactileConfig, Path, Listener)}, with the clock that times the checkpoints ({@code
     * checkpoint_every}): monotonic nanoseconds; tests pass their own to place the checkpoints.
     */
    public TactileTrainer(TactileConfig config, Path runDir, Listener listener, LongSupplier checkpointClock) {
        this.config = config;
        this.runDir = runDir;
        this.listener = listener;
        this.clock = checkpointClock;
    }

    /** Asks the run to stop after the current batch, writing a checkpoint first. Safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * The model a config describes, initialised from its seed, for a dataset's classes: {@code classes} logits, or for
     * SimCLR {@code projection_dim} projections (the architecture's projection head is in the config's options).
     *
     * @throws IllegalArgumentException as {@link #model(TactileConfig, int, String)}, naming the dataset's classes
     */
    public static Model model(TactileConfig config, int classes) {
        return model(config, classes, "the dataset's " + classes + " classes");
    }

    /**
     * As {@link #model(TactileConfig, int)}, with the words that name the classes in the message of a model that does
     * not fit, in the caller's terms.
     *
     * @param classesText the classes, e.g. {@code "the dataset's 15 classes"} or {@code "15 classes (--classes)"}; null
     *                    when they are not known (the model is then checked for {@code classes} and the message names
     *                    only the sweeps); a SimCLR model's outputs are named as its projections instead
     * @throws IllegalArgumentException in one line, listing the architectures that can be trained, if the model cannot be
     *                                  made for whisker sweeps of these classes or keeps a state between steps (a
     *                                  recurrent RL policy such as {@code gru} or {@code convrnn:carry_state=true})
     */
    public static Model model(TactileConfig config, int classes, String classesText) {
        Architecture architecture = Architectures.get(config.arch());
        ModelIO io = new ModelIO(sampleShape(), outputs(config, classes), ModelIO.Output.LINEAR);
        Model model;
        try {
            model = architecture.create(io, architecture.resolve(config.archOptions(), Map.of()), Seeds.derive(config.seed(), 1));
        } catch (IllegalArgumentException e) {
            String outputs = config.objective().equals(TactileConfig.SIMCLR) ? " and " + config.projectionDim() + " projections (projection_dim)"
                    : classesText == null ? "" : " and " + classesText;
            throw new IllegalArgumentException("model '" + config.model() + "' does not fit whisker sweeps " + java.util.Arrays.toString(sampleShape())
                    + outputs + ": " + e.getMessage() + "; accepted: " + String.join(", ", trainable(io)), e);
        }
        if (model.isRecurrent()) {
            throw new IllegalArgumentException("model '" + config.model() + "' keeps a state from one agent step to the next (a recurrent "
                    + "policy of train, e.g. convrnn with carry_state=true) and would read a sweep as one step; tactile-train needs a model "
                    + "that reads the whole sweep at once; accepted: " + String.join(", ", trainable(io)));
        }
        return model;
    }

    /**
     * The registered architectures whose default model tactile-train can train on {@code io}: those that build for it
     * and keep no state between steps ({@link Model#isRecurrent()}). Builds each default model, so it is for messages.
     */
    static java.util.List<String> trainable(ModelIO io) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Architecture a : Architectures.registry().all()) {
            try {
                if (!a.create(io, a.resolve(Map.of(), Map.of()), 0).isRecurrent()) names.add(a.name());
            } catch (IllegalArgumentException e) {
                // cannot serve sweeps: not listed
            }
        }
        return names;
    }

    /** The outputs of a config's model: the classes, or the projection's size for SimCLR. */
    public static int outputs(TactileConfig config, int classes) {
        return config.objective().equals(TactileConfig.SIMCLR) ? config.projectionDim() : classes;
    }

    /**
     * The objective of a config for its model, over batches of {@code batch} samples.
     *
     * @param classes the dataset's classes
     */
    public static Objective objective(TactileConfig config, Model model, int batch, int classes) {
        if (config.objective().equals(TactileConfig.SIMCLR)) {
            return new Contrastive(model.pass(2 * batch, 1, false), config.projectionDim(), config.temperature(), config.augmentations(),
                    config.augmentDraws(), Seeds.derive(config.seed(), 4));
        }
        return new Classification(model.pass(batch, 1, false), classes);
    }

    /**
     * Checks, in one pass, everything a run needs from the user before it writes anything, recording each problem as
     * one line in {@code problems}: the intra-op threads (ND4J's), the dataset (a complete, intact whisker dataset with
     * training and validation samples), the model (it builds for whisker sweeps and the dataset's classes and keeps no
     * state between steps) and, for a fresh run, that the run directory holds no run. Checks that depend on a value
     * that is itself bad are left out (no model check without a config, no dataset check without a dataset folder).
     * Reading the dataset verifies every shard's checksum, so it is read once, here.
     *
     * @param config  the resolved config, or null when it could not be resolved (its problems already recorded): then
     *                only the dataset is checked
     * @param dataset the dataset folder as given (the config's, or the raw value when the config could not be
     *                resolved); blank: not checked (the config reports a missing dataset)
     * @param runDir  the run directory, or null when it is not known (no config and no {@code --out})
     * @return the dataset and the model (initialised from the seed, for the dataset's classes), each null if it could
     *         not be made; both are usable only when {@code problems} is empty
     * @throws IOException if the dataset's files cannot be read for another reason than being missing or malformed
     */
    public static Checked check(TactileConfig config, String dataset, Path runDir, boolean resume, Problems problems) throws IOException {
        if (config != null) problems.check(() -> {
            Experiment.requireIntraOpThreads(config.intraOpThreads());
            return null;
        });
        WhiskerDataset data = null;
        if (dataset != null && !dataset.isBlank()) {
            try {
                data = problems.check(() -> {
                    try {
                        return WhiskerDataset.open(Path.of(dataset), true);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        }
        Model model = null;
        if (config != null) {
            // Without the dataset its class count is unknown: the model is checked for the fewest classes a dataset has
            // (the classes set only the size of the output layer).
            WhiskerDataset known = data;
            model = problems.check(() -> known != null ? model(config, known.classNames().size()) : model(config, 2, null));
        }
        if (data != null) {
            int train = data.split(Split.TRAIN).size(), validate = data.split(Split.VALIDATE).size();
            if (train == 0 || validate == 0) {
                problems.add("dataset " + dataset + " has " + train + " training and " + validate
                        + " validation samples; tactile-train needs both (make it with --split, e.g. 0.8,0.1,0.1)");
                data = null;
            }
        }
        if (!resume && runDir != null && (Files.exists(runDir.resolve(CHECKPOINT)) || Files.exists(runDir.resolve(LOG)))) {
            problems.add("run directory " + runDir + " already holds a run; continue it with --resume or choose another --out");
        }
        return new Checked(data, model);
    }

    /** What {@link #check} made: the dataset and the model, each null if it could not be made. */
    public record Checked(WhiskerDataset dataset, Model model) {
    }

    /**
     * Trains, from scratch or from the run directory's checkpoint. Everything the user gave is checked first, in one
     * pass ({@link #check}): nothing is written before.
     *
     * @throws IllegalArgumentException one line per problem ({@link #check}): a folder that is not a complete, intact
     *                                  dataset, a dataset without training or validation samples, a model that does
     *                                  not fit, intra-op threads other than ND4J's, a fresh run into a used directory
     * @throws IOException              if the checkpoint cannot be used or files cannot be written
     */
    public Result run(boolean resume) throws IOException {
        Problems problems = new Problems();
        Checked checked = check(config, config.dataset(), runDir, resume, problems);
        problems.throwIfAny();
        WhiskerDataset dataset = checked.dataset();
        {
            WhiskerDataset.Samples train = dataset.split(Split.TRAIN);
            WhiskerDataset.Samples validate = dataset.split(Split.VALIDATE);
            Model model = checked.model();
            Path checkpoint = runDir.resolve(CHECKPOINT);
            CsvLog log = new CsvLog(runDir.resolve(LOG));
            int batch = Math.min(config.batchSize(), train.size());
            try (Objective classifier = objective(config, model, batch, dataset.classNames().size())) {
                State state = new State(model, config);
                String fingerprint = fingerprint(config);
                Checkpoint.TrainerState counters = new Checkpoint.TrainerState(0, 0, 0, 0, 0, 0, Map.of());
                if (resume) {
                    counters = Checkpoint.read(checkpoint, fingerprint, state, message -> System.err.println("warning: " + message));
                    log.truncate(counters.epochs());
                } else {
                    Files.createDirectories(runDir);
                }
                Map<String, Object> yaml = config.toMap();
                yaml.put(TactileConfig.PARAMETER_COUNT, (long) model.parameterCount());
                RunFacts.forRun(runDir.resolve(CONFIG), resume, RunFacts.current(), message -> System.err.println("warning: " + message))
                        .putInto(yaml);
                ConfigFiles.writeMap(runDir.resolve(CONFIG), yaml);
                return new Loop(dataset, train, validate, classifier, state, log, checkpoint, fingerprint, counters).run();
            }
        }
    }

    /** What must match for a checkpoint to be resumed: everything but the epoch budget, the label and {@code checkpoint_every}. */
    static String fingerprint(TactileConfig config) {
        Map<String, Object> map = config.toMap();
        map.remove("epochs");
        map.remove("label");
        map.remove(CheckpointSchedule.KEY);
        return ConfigFiles.toYaml(map);
    }

    /** The checkpoint's content: the model, the optimiser and where the run is. */
    private static final class State implements Checkpoint.Content {
        final Model model;
        final Adam adam;
        final Sgd sgd;
        int epoch;          // epochs completed
        int nextBatch;      // batches of the current epoch done
        long optimizerSteps;
        double epochLoss;
        double epochCorrect;
        long epochSamples;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch;
        int sinceBest;
        boolean earlyStopped;

        State(Model model, TactileConfig config) {
            this.model = model;
            int n = model.parameterCount();
            this.adam = config.optimizer().equals("adamw") ? new Adam(n, config.learningRate()) : null;
            this.sgd = config.optimizer().equals("sgd") ? new Sgd(n, config.momentum(), config.weightDecay()) : null;
        }

        @Override
        public String kind() {
            return "tactile";
        }

        @Override
        public void writeState(DataOutputStream out) throws IOException {
            float[] p = model.parameters().array();
            out.writeInt(p.length);
            for (float v : p) out.writeFloat(v);
            if (adam != null) adam.write(out);
            else sgd.write(out);
            out.writeInt(epoch);
            out.writeInt(nextBatch);
            out.writeLong(optimizerSteps);
            out.writeDouble(epochLoss);
            out.writeDouble(epochCorrect);
            out.writeLong(epochSamples);
            out.writeDouble(bestLoss);
            out.writeInt(bestEpoch);
            out.writeInt(sinceBest);
            out.writeBoolean(earlyStopped);
        }

        @Override
        public void readState(DataInputStream in) throws IOException {
            int n = in.readInt();
            if (n != model.parameterCount()) throw new IOException("the checkpoint holds " + n + " parameters, the model has " + model.parameterCount());
            float[] p = new float[n];
            for (int i = 0; i < n; i++) p[i] = in.readFloat();
            model.parameters().set(p);
            if (adam != null) adam.read(in);
            else sgd.read(in);
            epoch = in.readInt();
            nextBatch = in.readInt();
            optimizerSteps = in.readLong();
            epochLoss = in.readDouble();
            epochCorrect = in.readDouble();
            epochSamples = in.readLong();
            bestLoss = in.readDouble();
            bestEpoch = in.readInt();
            sinceBest = in.readInt();
            earlyStopped = in.readBoolean();
        }
    }

    /** One run of the training loop. */
    private final class Loop {
        private final WhiskerDataset dataset;
        private final WhiskerDataset.Samples train;
        private final WhiskerDataset.Samples validate;
        private final Objective classifier;
        private final State state;
        private final CsvLog log;
        private final Path checkpoint;
        private final String fingerprint;
        private final int batches;
        private long samples;
        private int rows;
        private double seconds;
        private double trainSeconds;
        private final CheckpointSchedule checkpoints = new CheckpointSchedule(config.checkpointEvery(), clock);

        Loop(WhiskerDataset dataset, WhiskerDataset.Samples train, WhiskerDataset.Samples validate, Objective classifier, State state,
             CsvLog log, Path checkpoint, String fingerprint, Checkpoint.TrainerState counters) {
            this.dataset = dataset;
            this.train = train;
            this.validate = validate;
            this.classifier = classifier;
            this.state = state;
            this.log = log;
            this.checkpoint = checkpoint;
            this.fingerprint = fingerprint;
            this.batches = (train.size() + classifier.batch() - 1) / classifier.batch();
            this.samples = counters.steps();
            this.rows = counters.epochs();
            this.seconds = counters.seconds();
            this.trainSeconds = counters.trainSeconds();
        }

        Result run() throws IOException {
            listener.started(config, state.model, dataset, (long) config.epochs() * train.size(), samples);
            Map<String, Double> lastRow = Map.of();
            if (rows == 0) { // row 0: the untrained model
                Map<String, Double> row = row(Double.NaN, Double.NaN);
                lastRow = append(row);
                save(true); // the start: a run always has a checkpoint to resume from
            }
            long totalSteps = (long) config.epochs() * batches;
            while (state.epoch < config.epochs() && !state.earlyStopped) {
                int[] order = WhiskerDataset.permutation(train.size(), new java.util.SplittableRandom(Seeds.derive(config.seed(), 2, state.epoch)));
                long epochStart = System.nanoTime();
                long samplesAtStart = samples;
                while (state.nextBatch < batches) {
                    if (stopRequested) {
                        seconds += (System.nanoTime() - epochStart) / 1e9;
                        trainSeconds += (System.nanoTime() - epochStart) / 1e9;
                        save(true);
                        return new Result(state.epoch, samples, true, false, lastRow);
                    }
                    int from = state.nextBatch * classifier.batch();
                    int n = Math.min(classifier.batch(), train.size() - from);
                    classifier.load(train, order, from, n, Seeds.derive(config.seed(), 3, state.epoch, state.nextBatch));
                    Objective.Batch r = classifier.forward();
                    if (!Double.isFinite(r.lossSum())) {
                        throw new IllegalStateException("training diverged in epoch " + (state.epoch + 1) + " (loss " + r.lossSum()
                                + "); try a lower learning_rate than " + config.learningRate());
                    }
                    float[] gradient = classifier.backward();
                    double lr = config.learningRate(state.optimizerSteps, totalSteps, batches);
                    state.model.parameters().update(p -> {
                        if (state.adam != null) state.adam.descend(p, gradient, lr, config.weightDecay());
                        else state.sgd.descend(p, gradient, lr);
                    });
                    state.optimizerSteps++;
                    state.nextBatch++;
                    state.epochLoss += r.lossSum();
                    state.epochCorrect += r.top1();
                    state.epochSamples += r.rows();
                    samples += r.rows();
                    listener.batch(samples);
                }
                double dt = (System.nanoTime() - epochStart) / 1e9;
                trainSeconds += dt;
                seconds += dt;
                long t1 = System.nanoTime();
                state.epoch++;
                Map<String, Double> row = row((samples - samplesAtStart) / dt,
                        config.learningRate(Math.max(0, state.optimizerSteps - 1), totalSteps, batches));
                state.nextBatch = 0;
                state.epochLoss = 0;
                state.epochCorrect = 0;
                state.epochSamples = 0;
                seconds += (System.nanoTime() - t1) / 1e9;
                double loss = row.get("validate/loss");
                if (loss < state.bestLoss) {
                    state.bestLoss = loss;
                    state.bestEpoch = state.epoch;
                    state.sinceBest = 0;
                    ModelFiles.save(state.model, runDir.resolve(BEST));
                } else {
                    state.sinceBest++;
                    if (config.patience() > 0 && state.sinceBest >= config.patience()) state.earlyStopped = true;
                }
                // The early-stopping counter, logged so that readers of log.csv (the reproduce scripts) see where the
                // run stands without repeating the rule.
                row.put("validate/epochs_since_best", (double) state.sinceBest);
                lastRow = append(row);
                save(state.epoch >= config.epochs() || state.earlyStopped);
            }
            return new Result(state.epoch, samples, false, state.earlyStopped, lastRow);
        }

        /** A log row after the current epoch: training figures of the epoch, then the validation scores. */
        private Map<String, Double> row(double samplesPerSecond, double learningRate) {
            Objective.Scores v = classifier.evaluate(validate);
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("train/steps", (double) samples);
            row.put("train/epoch", (double) state.epoch);
            row.put("train/iterations", (double) state.optimizerSteps);
            row.put("train/seconds", seconds);
            row.put("train/steps_per_second", samplesPerSecond);
            row.put("train/resident_mb", ProcessMemory.residentMb());
            row.put("train/learning_rate", learningRate);
            row.put("train/loss", state.epochSamples > 0 ? state.epochLoss / state.epochSamples : Double.NaN);
            row.put("train/top1", state.epochSamples > 0 ? state.epochCorrect / state.epochSamples : Double.NaN);
            row.put("validate/loss", v.loss());
            row.put("validate/top1", v.top1());
            row.put("validate/top5", v.top5());
            row.put("validate/epochs_since_best", (double) state.sinceBest);
            return row;
        }

        private Map<String, Double> append(Map<String, Double> row) {
            log.append(row);
            rows++;
            listener.epoch(row);
            return row;
        }

        /**
         * Writes the checkpoint and {@link #MODEL} if one is due ({@link CheckpointSchedule}).
         *
         * @param last the run's end, a stop request or its start: always
         */
        private void save(boolean last) throws IOException {
            if (!checkpoints.due(last)) return;
            Checkpoint.write(checkpoint, fingerprint, new Checkpoint.TrainerState(samples, rows, 0, seconds, trainSeconds, samples, Map.of()), state);
            ModelFiles.save(state.model, runDir.resolve(MODEL));
            checkpoints.written();
        }
    }
}
