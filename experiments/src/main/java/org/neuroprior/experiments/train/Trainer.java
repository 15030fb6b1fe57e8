package org.neuroprior.experiments.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.neuroprior.agents.Agent;
import org.neuroprior.agents.Episodes;
import org.neuroprior.agents.Iteration;
import org.neuroprior.agents.Policy;
import org.neuroprior.agents.Seeds;
import org.neuroprior.architectures.ModelFiles;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Nonstationary;

/**
 * The training loop (tonic's Trainer): iterate the agent; every {@code epoch_steps} training steps (or, with
 * {@code epoch_iterations}, after every so many iterations) play {@code test_episodes} deterministic test episodes,
 * append a row to {@code log.csv} (with {@code train/episodes}, the training episodes so far, for an agent that
 * trains episode by episode on one environment: {@link Agent#trainingEpisodes()}); at an epoch's end once
 * {@code checkpoint_every} seconds have passed since the last one, at the run's end and on a stop request, write a
 * checkpoint and {@link #POLICY} ({@link CheckpointSchedule}: a crash loses at most that long plus one epoch; the run
 * resumes from the checkpoint's epoch, {@code log.csv} truncated to it, and repeats the epochs after it exactly). The test episodes are played in lockstep, one copy of the environment each, their
 * observations through the policy as one batch ({@link Episodes#runLockstep}: each episode is the one the policy would
 * play alone from the same seed). A task that changes with its episodes ({@link Nonstationary}) is tested as the
 * agent's latest training episode saw it: the test environments' clocks are set from {@link Agent#trainingEpisodes()}.
 *
 * <p>A stop request ({@link #requestStop()}, e.g. from Ctrl-C) ends the run after the current iteration with a
 * checkpoint. Since every random draw derives from (seed, iteration), a resumed run logs exactly what an
 * uninterrupted one would have, given the same facts ({@link RunFacts}: OpenBLAS's kernel set, ND4J's binary, the
 * commit), which {@code config.yaml} records; a run resumed under other facts goes on, with one warning
 * ({@link Listener#warning}) and the facts' history in {@code config.yaml}.
 */
public final class Trainer {
    public static final String CONFIG = "config.yaml";
    public static final String LOG = "log.csv";
    public static final String CHECKPOINT = "checkpoint.bin";
    /**
     * The trained policy model alone, with its observation statistics ({@code ModelFiles.load} reads it), refreshed
     * with every checkpoint.
     */
    public static final String POLICY = "policy.model";

    /** What the trainer reports as it goes. */
    public interface Listener {
        default void started(TrainConfig config, long parameterCount, long stepsDone) {
        }

        default void iteration(long steps, double seconds) {
        }

        default void epoch(Map<String, Double> row) {
        }

        /**
         * A checkpoint of {@code steps} steps is in the run directory (at an epoch's end with the policy and log
         * beside it, or on a stop request).
         */
        default void checkpointed(long steps) {
        }

        /** Something the user should know before the run goes on (one line). */
        default void warning(String message) {
        }
    }

    /** How a run ended. */
    public record Result(long steps, int epochs, boolean stopped, Map<String, Double> lastRow) {
    }

    private final TrainConfig config;
    private final Path runDir;
    private final Listener listener;
    private final LongSupplier clock;
    private volatile boolean stopRequested;

    /** @param config the run's resolved config ({@link TrainConfig#resolve}) */
    public Trainer(TrainConfig config, Path runDir, Listener listener) {
        this(config, runDir, listener, System::nanoTime);
    }

    /**
     * As {@link #Trainer(TrainConfig, Path, Listener)}, with the clock that times the checkpoints ({@code
     * checkpoint_every}): monotonic nanoseconds, {@code System::nanoTime} by default; tests pass their own to place the
     * checkpoints.
     */
    public Trainer(TrainConfig config, Path runDir, Listener listener, LongSupplier checkpointClock) {
        this.config = config;
        this.runDir = runDir;
        this.listener = listener;
        this.clock = checkpointClock;
    }

    public TrainConfig config() {
        return config;
    }

    /** Asks the run to stop after the current iteration, writing a checkpoint first. Safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains, from scratch or from the run directory's checkpoint.
     *
     * @throws IllegalArgumentException if a fresh run would overwrite an existing run, or a resume finds none
     * @throws IOException              if the checkpoint cannot be read (corrupt, another config) or files cannot be written
     */
    public Result run(boolean resume) throws IOException {
        if (stopRequested) return new Result(0, 0, true, Map.of()); // stopped before it started: leave no trace
        Path checkpoint = runDir.resolve(CHECKPOINT);
        CsvLog log = new CsvLog(runDir.resolve(LOG));
        if (!resume && (Files.exists(checkpoint) || Files.exists(log.file()))) {
            throw new IllegalArgumentException("run directory " + runDir + " already holds a run; continue it with --resume "
                    + "or choose another --out");
        }
        String fingerprint = ConfigFiles.fingerprint(config);
        try (Agent agent = Experiment.agent(config); TestEnvironments testEnvs = new TestEnvironments()) {
            Env<?> testEnv = testEnvs.get(0);
            Files.createDirectories(runDir); // only once the config has proved valid
            Checkpoint.TrainerState state = new Checkpoint.TrainerState(0, 0, config.epochSteps(), 0, 0, 0, Map.of());
            if (resume) {
                state = Checkpoint.read(checkpoint, fingerprint, agent);
                log.truncate(state.epochs());
            }
            // What the process that trains it records beside the config; a resumed run's changes are a warning.
            RunFacts facts = RunFacts.forRun(runDir.resolve(CONFIG), resume, RunFacts.current(), listener::warning);
            ConfigFiles.write(runDir.resolve(CONFIG), config, agent.parameterCount(), facts);
            try (Policy<?> policy = agent.policy()) {
                if (testEnv.unwrapped() instanceof Nonstationary && agent.trainingEpisodes() < 0) {
                    listener.warning(config.env() + " changes with its episodes, but " + config.agent() + " does not train episode by "
                            + "episode on one environment: the test environment follows its own episodes");
                }
                if (Envs.spec(config.env()).needsMemory() && !policy.model().isRecurrent() && config.frameStack() == 1) {
                    listener.warning(config.env() + " needs memory (one observation does not show what to do), but " + config.arch()
                            + " is stateless: use a recurrent architecture (--arch gru) or stacked frames (--frame-stack N)");
                }
            }
            listener.started(config, agent.parameterCount(), state.steps());
            return loop(agent, testEnvs, log, checkpoint, fingerprint, state);
        }
    }

    /** The copies of the environment the test episodes are played in, made as they are first needed. */
    private final class TestEnvironments implements AutoCloseable {
        private final List<Env<?>> envs = new ArrayList<>();

        /** The first {@code n} copies. */
        List<Env<?>> first(int n) {
            while (envs.size() < n) envs.add(Experiment.environments(config).get());
            return envs.subList(0, n);
        }

        Env<?> get(int i) {
            return first(i + 1).get(i);
        }

        @Override
        public void close() {
            for (Env<?> env : envs) env.close();
        }
    }

    private Result loop(Agent agent, TestEnvironments testEnvs, CsvLog log, Path checkpoint, String fingerprint,
                        Checkpoint.TrainerState start) throws IOException {
        long steps = start.steps();
        int epochs = start.epochs();
        long nextTestAt = start.nextTestAt();
        double seconds = start.seconds();
        double trainSeconds = start.trainSeconds();
        long epochStartSteps = start.epochStartSteps();
        double epochTrainSeconds = 0;
        Map<String, double[]> agentStats = new LinkedHashMap<>(); // sum and count per key, since the last row
        start.pendingStats().forEach((k, v) -> agentStats.put(k, v.clone()));
        Map<String, Double> lastRow = Map.of();
        boolean stopped = false;
        CheckpointSchedule checkpoints = new CheckpointSchedule(config.checkpointEvery(), clock);
        long epochSpeedFrom = steps; // steps/s counts only iterations timed in this process
        if (epochs == 0) { // epochs counts log rows, this one included
            // Row 0: the untrained policy, so curves show initial performance (one of NCAP's claims).
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("train/steps", 0.0);
            row.put("train/epoch", 0.0);
            row.put("train/iterations", 0.0);
            if (agent.trainingEpisodes() >= 0) row.put("train/episodes", (double) agent.trainingEpisodes());
            row.put("train/seconds", 0.0);
            row.put("train/steps_per_second", Double.NaN);
            row.put("train/resident_mb", ProcessMemory.residentMb());
            test(agent, testEnvs, 0, row);
            log.append(row);
            lastRow = row;
            epochs = 1;
            listener.epoch(row);
        }
        while (!budgetSpent(agent, steps)) {
            if (stopRequested) {
                stopped = true;
                break;
            }
            long t0 = System.nanoTime();
            if (epochTrainSeconds == 0) epochSpeedFrom = steps;
            Iteration it = agent.iterate();
            double dt = (System.nanoTime() - t0) / 1e9;
            steps += it.steps();
            trainSeconds += dt;
            epochTrainSeconds += dt;
            seconds += dt;
            it.stats().forEach((k, v) -> {
                double[] acc = agentStats.computeIfAbsent(k, key -> new double[2]);
                if (!Double.isNaN(v)) {
                    acc[0] += v;
                    acc[1]++;
                }
            });
            listener.iteration(steps, seconds);
            boolean finished = budgetSpent(agent, steps);
            while (epochDue(agent, steps, nextTestAt, epochs) || (finished && epochStartSteps < steps)) {
                long t1 = System.nanoTime();
                Map<String, Double> row = new LinkedHashMap<>();
                row.put("train/steps", (double) steps);
                row.put("train/epoch", (double) epochs);
                row.put("train/iterations", (double) agent.iterations());
                if (agent.trainingEpisodes() >= 0) row.put("train/episodes", (double) agent.trainingEpisodes());
                row.put("train/seconds", seconds);
                row.put("train/steps_per_second", epochTrainSeconds > 0 ? (steps - epochSpeedFrom) / epochTrainSeconds : Double.NaN);
                row.put("train/resident_mb", ProcessMemory.residentMb());
                test(agent, testEnvs, epochs, row);
                agentStats.forEach((k, acc) -> row.put(k, acc[1] > 0 ? acc[0] / acc[1] : Double.NaN));
                log.append(row);
                lastRow = row;
                epochs++;
                agentStats.clear();
                epochStartSteps = steps;
                epochTrainSeconds = 0;
                seconds += (System.nanoTime() - t1) / 1e9;
                while (nextTestAt <= steps) nextTestAt += config.epochSteps();
                listener.epoch(row);
            }
            if (epochStartSteps == steps && checkpoints.due(finished)) { // an epoch just ended, and a checkpoint is due
                save(agent, checkpoint, fingerprint,
                        new Checkpoint.TrainerState(steps, epochs, nextTestAt, seconds, trainSeconds, epochStartSteps, agentStats));
                checkpoints.written();
                listener.checkpointed(steps);
            }
        }
        if (stopped) {
            save(agent, checkpoint, fingerprint,
                    new Checkpoint.TrainerState(steps, epochs, nextTestAt, seconds, trainSeconds, epochStartSteps, agentStats));
            listener.checkpointed(steps);
        }
        return new Result(steps, epochs, stopped, lastRow);
    }

    /** Writes the checkpoint and {@link #POLICY}. */
    private void save(Agent agent, Path checkpoint, String fingerprint, Checkpoint.TrainerState state) throws IOException {
        Checkpoint.write(checkpoint, fingerprint, state, agent);
        try (Policy<?> policy = agent.policy()) {
            ModelFiles.save(policy.model(), runDir.resolve(POLICY));
        }
    }

    /** Whether the run's budget is spent: its steps, or its iterations if it has a number of them. */
    private boolean budgetSpent(Agent agent, long steps) {
        return steps >= config.steps() || (config.iterations() > 0 && agent.iterations() >= config.iterations());
    }

    /** Whether a test and a log row are due: by steps, or by iterations with {@code epoch_iterations}. */
    private boolean epochDue(Agent agent, long steps, long nextTestAt, int epochs) {
        long every = config.epochIterations();
        return every > 0 ? agent.iterations() >= epochs * every : steps >= nextTestAt;
    }

    /**
     * Deterministic test episodes of the agent's current policy, episode i seeded from (seed, epoch, i), all played
     * at once, each in its own copy of the environment.
     */
    private void test(Agent agent, TestEnvironments testEnvs, int epoch, Map<String, Double> row) {
        int n = config.testEpisodes();
        long trainingEpisodes = agent.trainingEpisodes();
        List<Env<?>> envs = testEnvs.first(n);
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = Seeds.derive(config.seed(), 7, epoch, i);
            if (trainingEpisodes >= 0 && envs.get(i).unwrapped() instanceof Nonstationary task) {
                task.setEpisodes(Math.max(0, trainingEpisodes - 1)); // the latest training episode's task
            }
        }
        Episodes.Result[] results;
        try (Policy<?> policy = agent.policy()) {
            results = Episodes.runLockstep(envs, policy, seeds);
        }
        double sum = 0;
        double sumSq = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double lengths = 0;
        for (Episodes.Result r : results) {
            sum += r.score();
            sumSq += r.score() * r.score();
            min = Math.min(min, r.score());
            max = Math.max(max, r.score());
            lengths += r.length();
        }
        double mean = sum / n;
        row.put("test/episode_score/mean", mean);
        row.put("test/episode_score/std", Math.sqrt(Math.max(0, sumSq / n - mean * mean)));
        row.put("test/episode_score/min", min);
        row.put("test/episode_score/max", max);
        row.put("test/episode_length/mean", lengths / n);
    }
}
