package org.neuroprior.experiments.tactile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.experiments.train.CheckpointSchedule;
import org.neuroprior.experiments.train.RunFacts;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Problems;
import org.neuroprior.registry.Resolved;

/**
 * Everything that defines a tactile run ({@code neuroprior tactile-train}), every value resolved: the dataset, the
 * model (a spec such as {@code convrnn:timedecay+gpt+linear}, {@link Architectures#spec}) with all its options, the
 * objective (supervised cross-entropy or SimCLR with its temperature, projection and augmentations), the optimiser
 * and its schedule, early stopping and the thread settings. Its YAML form ({@link #toMap()})
 * is the run's {@code config.yaml}; {@link #resolve} reads it back, so a run is reproduced from its config alone.
 *
 * <p>Schedules (per optimiser step, the epoch's fraction counted in steps): {@code cosine}: linear warmup from 0 over
 * {@code warmup} of the steps, then half a cosine down to 0 (the reference's AdamW runs); {@code step}: the rate times
 * {@code step_gamma} every {@code step_epochs} epochs (the reference's SGD runs, StepLR); {@code constant}.
 * {@code schedule: auto} picks cosine for AdamW and step for SGD and is recorded resolved.
 *
 * <p><b>SimCLR</b> ({@code objective: simclr}): the model is built with {@code projection_dim} outputs and the
 * architecture's projection head (option {@code projection}; left empty it becomes {@link #DEFAULT_PROJECTION}, 4x the
 * small models' 64-wide latent as the reference's 2048 is 4x its 512), recorded resolved in {@code arch_options}. An
 * architecture without that option is refused.
 *
 * @param dataset        the folder of a {@code whisker-data} dataset
 * @param model          the model spec as given
 * @param arch           the registered architecture the spec names
 * @param archOptions    every option of the architecture (the spec's words, then {@code arch_options}, then defaults)
 * @param seed           every random draw (initialisation, batch order) derives from it
 * @param epochs         most epochs (early stopping may end sooner)
 * @param batchSize      samples per optimiser step
 * @param optimizer      {@code adamw} or {@code sgd}
 * @param learningRate   peak learning rate
 * @param weightDecay    AdamW's decoupled, SGD's L2 weight decay
 * @param momentum       SGD's momentum
 * @param schedule       {@code cosine}, {@code step} or {@code constant} (resolved from {@code auto})
 * @param warmup         cosine: fraction of all steps spent warming up
 * @param stepEpochs     step: epochs between decays
 * @param stepGamma      step: factor per decay
 * @param patience       stop after this many epochs without a lower validation loss; 0 = never
 * @param intraOpThreads ND4J's threads inside one operation (must equal OMP_NUM_THREADS)
 * @param label          legend label in plots; empty = the model spec
 * @param objective      {@code supervised} (cross-entropy on the labels) or {@code simclr} (InfoNCE on two views)
 * @param temperature    simclr: InfoNCE's temperature
 * @param projectionDim  simclr: the projection's size (the model's outputs)
 * @param augmentations  simclr: the augmentations applied, a subset of {@code flip, rotate, reverse}
 * @param augmentDraws   simclr: {@code per_sample} or {@code per_batch} (the reference's)
 * @param checkpointEvery seconds of wall time between checkpoints ({@link CheckpointSchedule}); a resumed run may change it
 */
public record TactileConfig(String dataset, String model, String arch, Map<String, Object> archOptions, long seed, int epochs,
                            int batchSize, String optimizer, double learningRate, double weightDecay, double momentum,
                            String schedule, double warmup, int stepEpochs, double stepGamma, int patience, int intraOpThreads,
                            String label, String objective, double temperature, int projectionDim, List<String> augmentations,
                            String augmentDraws, double checkpointEvery) {

    public static final String AUTO = "auto";
    /** Values of {@code objective}. */
    public static final String SUPERVISED = "supervised", SIMCLR = "simclr";
    /** The projection head's hidden widths when a simclr run's architecture option {@code projection} is empty. */
    public static final List<Integer> DEFAULT_PROJECTION = List.of(256);
    /** The architecture option of the projection head ({@code EadArchitecture}'s). */
    public static final String PROJECTION = "projection";

    /** The run's keys with their defaults and accepted ranges (the defaults the help shows). */
    public static final Options KEYS = Options.of(
            Option.text("dataset", "", "folder of a whisker-data dataset (required)"),
            Option.text("model", "convrnn", "model spec NAME[:WORD[+WORD]...], e.g. convrnn:timedecay+gpt+linear (neuroprior arch list)"),
            Option.longInteger("seed", 1, -9_000_000_000_000_000L, 9_000_000_000_000_000L, "every random draw (initialisation, batch order) derives from it"),
            Option.integer("epochs", 30, 1, 1_000_000, "most epochs (early stopping may end sooner)"),
            Option.integer("batch_size", 32, 1, 100_000, "samples per optimiser step"),
            Option.choice("optimizer", "adamw", List.of("adamw", "sgd"), "adamw (decoupled weight decay) or sgd (momentum, L2 weight decay)"),
            Option.number("learning_rate", 1e-3, 1e-9, 10, "peak learning rate"),
            Option.number("weight_decay", 1e-4, 0, 10, "weight decay (AdamW: decoupled; SGD: L2)"),
            Option.number("momentum", 0.9, 0, 0.999, "SGD momentum"),
            Option.choice("schedule", AUTO, List.of(AUTO, "cosine", "step", "constant"),
                    "learning-rate schedule: cosine with warmup, step decay, constant; auto: cosine for adamw, step for sgd"),
            Option.number("warmup", 0.25, 0, 1, "cosine: fraction of all steps of linear warmup (the reference: a quarter)"),
            Option.integer("step_epochs", 30, 1, 1_000_000, "step: epochs between two decays (the reference: 30)"),
            Option.number("step_gamma", 0.1, 1e-9, 1, "step: factor of each decay"),
            Option.integer("patience", 5, 0, 1_000_000, "early stopping: epochs without a lower validation loss before stopping; 0 = off"),
            Option.integer("intra_op_threads", 1, 1, 4096, "ND4J's threads inside one operation; must equal OMP_NUM_THREADS (the launcher sets 1)"),
            Option.text("label", "", "legend label in plots (default: the model spec; for simclr runs followed by ' simclr')"),
            Option.choice("objective", SUPERVISED, List.of(SUPERVISED, SIMCLR),
                    "supervised (cross-entropy on the classes) or simclr (InfoNCE between two augmented views, no labels)"),
            Option.number("temperature", 0.1, 1e-6, 100, "simclr: InfoNCE temperature (the reference: 0.1)"),
            Option.integer("projection_dim", 128, 1, 100_000, "simclr: size of the projection, the model's outputs (the reference: 128)"),
            Option.subset("augmentations", TactileAugmentation.ALL, "simclr: augmentations applied (flip, rotate, reverse), e.g. flip,reverse"),
            Option.choice("augment_draws", Contrastive.PER_SAMPLE, Contrastive.DRAWS,
                    "simclr: per_sample (each view of each sample its own draw) or per_batch (one draw per view for the batch, the reference)"),
            CheckpointSchedule.OPTION);

    /** The option map of the architecture, as in {@code train}'s configs. */
    public static final String ARCH_OPTIONS = "arch_options";
    /** Written by runs beside the keys, not settings: the architecture's name and the model's parameter count. */
    public static final String ARCH = "arch";
    public static final String PARAMETER_COUNT = "parameter_count";

    public TactileConfig {
        archOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(archOptions));
        augmentations = List.copyOf(augmentations);
    }

    /**
     * A complete config from a YAML-shaped map (a config file, command-line values, or both merged). What runs write
     * beside the keys ({@code arch}, {@code parameter_count}, the facts of {@link RunFacts#KEYS}) is ignored.
     *
     * @throws IllegalArgumentException naming every unknown key, bad value, spec that does not parse, a missing dataset,
     *                                  one line each (joined by '\n'), and what is accepted
     */
    public static TactileConfig resolve(Map<String, ?> given) {
        Problems problems = new Problems();
        TactileConfig config = resolve(given, problems);
        problems.throwIfAny();
        return config;
    }

    /**
     * As {@link #resolve(Map)}, but every problem is recorded in {@code problems} (one line each) instead of thrown, so
     * that a caller can go on to check what depends on the config (the dataset, the model) and report every problem
     * at once. A bad value is replaced by its key's default ({@link org.neuroprior.registry.Options#resolve(String, Map,
     * Problems)}): when {@code problems} gained lines, the config is for further checks only, never for a run.
     *
     * @return the config, or null when the model spec names no architecture or its options do not resolve (nothing
     *         model-dependent can be checked then)
     */
    public static TactileConfig resolve(Map<String, ?> given, Problems problems) {
        Map<String, Object> top = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            String key = e.getKey();
            if (key.equals(ARCH_OPTIONS) || key.equals(ARCH) || key.equals(PARAMETER_COUNT) || RunFacts.isKey(key)) continue;
            if (KEYS.get(key) == null) {
                List<String> accepted = new java.util.ArrayList<>(KEYS.list().stream().map(Option::name).toList());
                accepted.add(ARCH_OPTIONS);
                problems.add("unknown config key '" + key + "'; accepted: " + String.join(", ", accepted));
                continue;
            }
            if (e.getValue() != null) top.put(key, e.getValue());
        }
        Resolved run = KEYS.resolve("the tactile run", top, problems);
        if (run.choice("dataset").isBlank()) {
            problems.add("no dataset: give --dataset DIR, a folder written by neuroprior whisker-data");
        }
        String family = run.choice("model").split(":", 2)[0].strip();
        Architectures.Spec spec;
        if (!Architectures.registry().contains(family)) {
            // The registry would list every architecture; name only those tactile-train can train.
            problems.add("unknown model '" + family + "' in spec '" + run.choice("model") + "'; accepted: "
                    + String.join(", ", TactileTrainer.trainable(new ModelIO(TactileTrainer.sampleShape(), 2, ModelIO.Output.LINEAR))));
            spec = null;
        } else {
            spec = problems.check(() -> Architectures.spec(run.choice("model")));
        }
        Architecture architecture = spec == null ? null : spec.architecture();
        Object namedArch = given.get(ARCH);
        if (architecture != null && namedArch != null && !String.valueOf(namedArch).equals(architecture.name())) {
            problems.add("config key 'arch' = " + namedArch + " disagrees with model spec '" + spec.text()
                    + "', which names " + architecture.name());
        }
        Map<String, Object> options = new LinkedHashMap<>(spec == null ? Map.of() : spec.options());
        Object extra = given.get(ARCH_OPTIONS);
        if (extra instanceof Map<?, ?> m) m.forEach((k, v) -> options.put(String.valueOf(k), v));
        else if (extra != null) problems.add("config key 'arch_options' = " + extra + " is not valid; accepted: a map of option: value");
        Resolved arch = architecture == null ? null : problems.check(() -> architecture.resolve(options, Map.of()));
        String objective = run.choice("objective");
        if (objective.equals(SIMCLR) && architecture != null) {
            if (architecture.options().get(PROJECTION) == null) {
                problems.add("objective simclr needs a model with a projection head (architecture option '" + PROJECTION
                        + "': convrnn, resnet, s4), not " + architecture.name());
            } else if (arch != null && arch.integers(PROJECTION).isEmpty()) {
                options.put(PROJECTION, DEFAULT_PROJECTION);
                arch = architecture.resolve(options, Map.of());
            }
        }
        if (spec == null || arch == null) return null;
        String optimizer = run.choice("optimizer");
        String schedule = run.choice("schedule");
        if (schedule.equals(AUTO)) schedule = optimizer.equals("adamw") ? "cosine" : "step";
        return new TactileConfig(run.choice("dataset"), spec.text(), architecture.name(), arch.values(), run.longInteger("seed"),
                run.integer("epochs"), run.integer("batch_size"), optimizer, run.number("learning_rate"), run.number("weight_decay"),
                run.number("momentum"), schedule, run.number("warmup"), run.integer("step_epochs"), run.number("step_gamma"),
                run.integer("patience"), run.integer("intra_op_threads"), run.choice("label"), objective, run.number("temperature"),
                run.integer("projection_dim"), run.subset("augmentations"), run.choice("augment_draws"), run.number(CheckpointSchedule.KEY));
    }

    /**
     * The label for plots: {@link #label()} if set, else the model spec, followed by {@code " simclr"} for a SimCLR run
     * (plots group runs by label: a supervised and a SimCLR run of one spec are not seeds of one group).
     */
    public String displayLabel() {
        if (!label.isEmpty()) return label;
        return objective.equals(SIMCLR) ? model + " simclr" : model;
    }

    /** This config with another epoch budget (what a resumed run may change). */
    public TactileConfig withEpochs(int newEpochs) {
        return new TactileConfig(dataset, model, arch, archOptions, seed, newEpochs, batchSize, optimizer, learningRate, weightDecay,
                momentum, schedule, warmup, stepEpochs, stepGamma, patience, intraOpThreads, label, objective, temperature, projectionDim,
                augmentations, augmentDraws, checkpointEvery);
    }

    /**
     * The learning rate of optimiser step {@code step} (0-based) of a run of {@code totalSteps} steps with
     * {@code stepsPerEpoch} steps an epoch.
     */
    public double learningRate(long step, long totalSteps, long stepsPerEpoch) {
        return learningRate(schedule, learningRate, warmup, stepEpochs, stepGamma, step, totalSteps, stepsPerEpoch);
    }

    /**
     * The learning rate of optimiser step {@code step} (0-based) under a schedule (this class's documentation), for
     * whoever trains with one (runs, the linear probe).
     *
     * @param schedule {@code cosine}, {@code step} or {@code constant}
     * @param peak     the peak (initial) rate
     */
    public static double learningRate(String schedule, double peak, double warmup, int stepEpochs, double stepGamma, long step,
                                      long totalSteps, long stepsPerEpoch) {
        double learningRate = peak;
        return switch (schedule) {
            case "cosine" -> {
                long warmupSteps = Math.round(warmup * totalSteps);
                if (step < warmupSteps) yield learningRate * (step + 1) / warmupSteps;
                double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
                yield learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
            }
            case "step" -> learningRate * Math.pow(stepGamma, Math.floorDiv(step / Math.max(1, stepsPerEpoch), stepEpochs));
            default -> learningRate;
        };
    }

    /** The YAML form: every key, in a fixed order, with {@code arch} and {@code arch_options} after the model. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("model", model);
        m.put(ARCH, arch);
        m.put(ARCH_OPTIONS, new LinkedHashMap<>(archOptions));
        m.put("seed", seed);
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("optimizer", optimizer);
        m.put("learning_rate", learningRate);
        m.put("weight_decay", weightDecay);
        m.put("momentum", momentum);
        m.put("schedule", schedule);
        m.put("warmup", warmup);
        m.put("step_epochs", stepEpochs);
        m.put("step_gamma", stepGamma);
        m.put("patience", patience);
        m.put("intra_op_threads", intraOpThreads);
        m.put("label", displayLabel()); // resolved: plots group runs by it
        m.put("objective", objective);
        m.put("temperature", temperature);
        m.put("projection_dim", projectionDim);
        m.put("augmentations", augmentations);
        m.put("augment_draws", augmentDraws);
        m.put(CheckpointSchedule.KEY, checkpointEvery);
        return m;
    }
}
