package org.neuroprior.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.neuroprior.experiments.data.ProgressBars;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.experiments.train.Trainer;

import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neuroprior train}: one training run into a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an architecture with an agent on an environment; writes config.yaml, log.csv and a checkpoint.",
                "Values come from the defaults, then --config FILE, then the options given here."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config: any of the keys that config.yaml holds "
            + "(env, env_options, arch, arch_options, agent, agent_options, seed, steps, ...); what a run records beside them "
            + "(parameter_count, openblas_coretype, nd4j_binary, commit) is ignored, with a warning if the kernel set, binary or commit differ")
    Path configFile;

    @Option(names = "--env", paramLabel = "ID", completionCandidates = Candidates.Environments.class,
            description = "environment: ${COMPLETION-CANDIDATES} (default ${sys:neuroprior.default.env})")
    String env;

    @Option(names = "--env-option", paramLabel = "KEY=VALUE", description = "environment option, e.g. bodies=6 (repeatable; 'neuroprior env list')")
    List<String> envOptions;

    @Option(names = "--arch", paramLabel = "NAME", completionCandidates = Candidates.Architectures.class,
            description = "architecture: ${COMPLETION-CANDIDATES} (default ${sys:neuroprior.default.arch})")
    String arch;

    @Option(names = "--arch-option", paramLabel = "KEY=VALUE", description = "architecture option, e.g. sign_constraints=false ('neuroprior arch list')")
    List<String> archOptions;

    @Option(names = "--agent", paramLabel = "NAME", completionCandidates = Candidates.Agents.class,
            description = "agent: ${COMPLETION-CANDIDATES} (default ${sys:neuroprior.default.agent})")
    String agent;

    @Option(names = "--agent-option", paramLabel = "KEY=VALUE", description = "agent option, e.g. segment=4096 ('neuroprior agent list')")
    List<String> agentOptions;

    @Option(names = "--seed", description = "seed (default ${sys:neuroprior.default.seed})")
    String seed;

    @Option(names = "--steps", description = "training budget in environment steps, e.g. 1e6 (default ${sys:neuroprior.default.steps})")
    String steps;

    @Option(names = "--iterations", description = "if > 0, also stop after this many agent iterations, e.g. DQN episodes (default ${sys:neuroprior.default.iterations})")
    String iterations;

    @Option(names = "--epoch-steps", description = "test and log every this many steps (default ${sys:neuroprior.default.epoch_steps})")
    String epochSteps;

    @Option(names = "--epoch-iterations", description = "if > 0, test and log after every this many agent iterations instead (default ${sys:neuroprior.default.epoch_iterations})")
    String epochIterations;

    @Option(names = "--test-episodes", description = "test episodes per epoch (default ${sys:neuroprior.default.test_episodes})")
    String testEpisodes;

    @Option(names = "--frame-stack", paramLabel = "N", description = "observe the last N observations at once (default ${sys:neuroprior.default.frame_stack})")
    String frameStack;

    @Option(names = "--threads", description = "threads for environments and workers, 0 = all cores (default ${sys:neuroprior.default.threads})")
    String threads;

    @Option(names = "--label", description = "legend label in plots (default: the architecture)")
    String label;

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS", description = "seconds between checkpoints, written at an epoch's "
            + "end (always at the end and on Ctrl-C); 0 = every epoch; may change on --resume (default ${sys:neuroprior.default.checkpoint_every})")
    String checkpointEvery;

    @Option(names = "--out", paramLabel = "DIR", description = "run directory (default runs/<env>/<arch>-<agent>/seed<seed>)")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its checkpoint (only --steps, --threads and --checkpoint-every may change)")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        TrainConfig config;
        if (resume) {
            if (out == null) throw new IllegalArgumentException("--resume needs --out DIR, the run to continue");
            if (configFile != null || env != null || arch != null || agent != null || seed != null || epochSteps != null
                    || epochIterations != null || iterations != null
                    || testEpisodes != null || frameStack != null || label != null || envOptions != null || archOptions != null || agentOptions != null) {
                throw new IllegalArgumentException("--resume continues the run as configured in " + out.resolve(Trainer.CONFIG)
                        + "; only --steps, --threads and --checkpoint-every may change");
            }
            config = new ConfigMerge(out.resolve(Trainer.CONFIG)).put("steps", steps).put("threads", threads).put("checkpoint_every", checkpointEvery).resolve();
        } else {
            ConfigMerge merge = ConfigMerge.fromConfigOption(configFile).put("env", env).put("arch", arch).put("agent", agent).put("seed", seed)
                    .put("steps", steps).put("iterations", iterations).put("epoch_steps", epochSteps)
                    .put("epoch_iterations", epochIterations).put("test_episodes", testEpisodes).put("frame_stack", frameStack).put("threads", threads)
                    .put("label", label).put("checkpoint_every", checkpointEvery);
            Map<String, Object> named = merge.map(); // the architecture and agent whose options the examples name
            config = merge.options(TrainConfig.ENV_OPTIONS, envOptions, KeyValueOptions.ENV_EXAMPLE)
                    .options(TrainConfig.ARCH_OPTIONS, archOptions, KeyValueOptions.archExample(named.get("arch")))
                    .options(TrainConfig.AGENT_OPTIONS, agentOptions, KeyValueOptions.agentExample(named.get("agent")))
                    .resolve();
        }
        Path dir = out != null ? out
                : Path.of("runs", config.env(), config.arch() + "-" + config.agent(), "seed" + config.seed());
        Trainer trainer = new Trainer(config, dir, new ConsoleReport());
        return runWithCtrlC(trainer, dir, resume);
    }

    /** Runs the trainer; Ctrl-C asks it to stop after the current iteration and waits for its checkpoint. */
    static int runWithCtrlC(Trainer trainer, Path dir, boolean resume) throws Exception {
        return StopOnCtrlC.run(trainer::requestStop, 120, () -> {
            Trainer.Result result = trainer.run(resume);
            if (result.stopped()) {
                System.out.printf("stopped at %,d steps; checkpoint written. Continue with: neuroprior train --resume --out %s%n",
                        result.steps(), dir);
            } else {
                System.out.printf("done: %s, %s; run directory %s%n", Words.count(result.steps(), "step"), Words.count(result.epochs() - 1, "epoch"), dir);
            }
            return 0;
        });
    }

    /** Progress on the terminal: a bar when interactive, one line per epoch always. */
    private static final class ConsoleReport implements Trainer.Listener {
        private ProgressBar bar;

        @Override
        public void started(TrainConfig config, long parameterCount, long stepsDone) {
            // The label, not the bare architecture: it names the variant (e.g. convrnn:carry_state=true).
            System.out.printf("%s %s with %s on %s (%,d parameters), seed %d, %,d steps%n",
                    stepsDone > 0 ? String.format(Locale.ROOT, "resuming at %,d steps:", stepsDone) : "training",
                    config.displayLabel(), config.agent(), config.env(), parameterCount, config.seed(), config.steps());
            bar = ProgressBars.start(ProgressBars.terminal(), "train", config.steps(), stepsDone, " steps");
        }

        @Override
        public void warning(String message) {
            System.err.println("warning: " + message);
        }

        @Override
        public void iteration(long steps, double seconds) {
            if (bar != null) bar.stepTo(steps);
        }

        @Override
        public void epoch(Map<String, Double> row) {
            String line = String.format(Locale.ROOT, "epoch %3.0f  steps %,10.0f  test score %7.1f +- %5.1f",
                    row.get("train/epoch"), row.get("train/steps"), row.get("test/episode_score/mean"),
                    row.get("test/episode_score/std"));
            // Epoch 0 (the untrained model's test) and a resumed run's first row have no timed steps yet.
            Double speed = row.get("train/steps_per_second");
            if (speed != null && Double.isFinite(speed)) line += String.format(Locale.ROOT, "  %,6.0f steps/s", speed);
            if (bar != null) {
                bar.setExtraMessage(String.format(Locale.ROOT, " score %.1f", row.get("test/episode_score/mean")));
                System.out.println(); // off the bar's line
            }
            System.out.println(line);
        }
    }
}
