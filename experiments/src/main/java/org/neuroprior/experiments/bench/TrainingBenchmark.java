package org.neuroprior.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.experiments.train.Trainer;

/**
 * Training throughput, as environment steps per second of training (test episodes not counted), for ES+NCAP,
 * PPO+MLP, PPO+NCAP and DDPG+MLP on swimmer-swim and double DQN+MLP on cartpole, each divided by the environment-only
 * rate of its environment measured in the same run; and the resident memory of the process along a long ES+NCAP run.
 *
 * <p>The ratio comes from interleaved pairs ({@link PairedRatio}): after every epoch of training, one environment-only
 * round runs (outside the training clock), and the epoch's training rate is paired with it. The figure is the median
 * pair ratio; the first epochs, slowed by JIT warm-up, fall in the spread rather than in the median.
 */
public final class TrainingBenchmark {
    /** PPO collects 4,096 steps per update; 5 updates per epoch give 5 pairs over the default 102,400 steps. */
    static final long PPO_EPOCH_STEPS = 5 * 4096;
    /** ES+NCAP logs (and pairs) every 100,000 steps: 10 pairs over the default 1,000,000. */
    static final long ES_EPOCH_STEPS = 100_000;
    /** Control steps of one environment-only round (about a second on swimmer-swim). */
    static final int ENV_ROUND_STEPS = 20_000;
    /** DDPG logs (and pairs) every 4,000 steps: 5 pairs over the default 20,000. */
    static final long DDPG_EPOCH_STEPS = 4_000;
    /** DQN logs (and pairs) every 10,000 steps: 5 pairs over the default 50,000. */
    static final long DQN_EPOCH_STEPS = 10_000;
    /**
     * DDPG and DQN start updating after 1,000 steps instead of their defaults (10,000), so that a short run measures
     * the steady state (DDPG: one update per step; DQN: one every 10); DDPG's uniformly random actions also stop there.
     */
    static final int OFF_POLICY_WARM_UP = 1_000;

    /**
     * One training configuration's figures.
     *
     * @param stepsPerSecond all its training steps over all its training time
     * @param ratio          the median of its epochs' training rate / the environment-only round after that epoch
     */
    public record Throughput(String name, double stepsPerSecond, PairedRatio.Result ratio, String goal) {
    }

    /** Resident memory (MB) after each logged epoch of the long run. */
    public record Memory(List<Double> steps, List<Double> residentMb) {
    }

    private final long esSteps;
    private final long ppoSteps;
    private final long ddpgSteps;
    private final long dqnSteps;
    private final EnvBenchmark.PrintStreamLog log;
    private Memory memory;

    /**
     * @param esSteps   ES+NCAP training steps (at least {@link #ES_EPOCH_STEPS}, for one pair)
     * @param ppoSteps  PPO training steps, for each of PPO+MLP and PPO+NCAP (at least {@link #PPO_EPOCH_STEPS})
     * @param ddpgSteps DDPG training steps (at least {@link #DDPG_EPOCH_STEPS}); 0 leaves DDPG out
     * @param dqnSteps  DQN training steps (at least {@link #DQN_EPOCH_STEPS}); 0 leaves DQN out
     * @throws IllegalArgumentException if a budget is too small to give one pair
     */
    public TrainingBenchmark(long esSteps, long ppoSteps, long ddpgSteps, long dqnSteps, EnvBenchmark.PrintStreamLog log) {
        if (esSteps < ES_EPOCH_STEPS) throw new IllegalArgumentException("--es-steps = " + esSteps + "; accepted: " + ES_EPOCH_STEPS + " or more");
        if (ppoSteps < PPO_EPOCH_STEPS) {
            throw new IllegalArgumentException("--ppo-steps = " + ppoSteps + "; accepted: " + PPO_EPOCH_STEPS + " or more");
        }
        if (ddpgSteps != 0 && ddpgSteps < DDPG_EPOCH_STEPS) {
            throw new IllegalArgumentException("--ddpg-steps = " + ddpgSteps + "; accepted: 0 (none) or " + DDPG_EPOCH_STEPS + " or more");
        }
        if (dqnSteps != 0 && dqnSteps < DQN_EPOCH_STEPS) {
            throw new IllegalArgumentException("--dqn-steps = " + dqnSteps + "; accepted: 0 (none) or " + DQN_EPOCH_STEPS + " or more");
        }
        this.esSteps = esSteps;
        this.ppoSteps = ppoSteps;
        this.ddpgSteps = ddpgSteps;
        this.dqnSteps = dqnSteps;
        this.log = log;
    }

    /** The memory of the ES+NCAP run, after {@link #run()}. */
    public Memory memory() {
        return memory;
    }

    public List<Throughput> run() throws IOException {
        log.line(String.format("environment only (swimmer-swim, 1 thread), warm-up: %.0f steps/s", envOnlyRate(SWIMMER)));
        List<Throughput> out = new ArrayList<>();
        Path tmp = Files.createTempDirectory("neuroprior-bench-");
        try {
            out.add(measure("ES + NCAP", SWIMMER, "es", "ncap", Map.of(), Map.of(), esSteps, ES_EPOCH_STEPS, ">= 0.8", tmp.resolve("es-ncap")));
            out.add(measure("PPO + MLP (64, 64) tanh", SWIMMER, "ppo", "mlp", Map.of(), Map.of(), ppoSteps, PPO_EPOCH_STEPS,
                    ">= 0.3 (goal 0.5)", tmp.resolve("ppo-mlp")));
            out.add(measure("PPO + NCAP", SWIMMER, "ppo", "ncap", Map.of(), Map.of(), ppoSteps, PPO_EPOCH_STEPS, ">= 0.3 (goal 0.5)",
                    tmp.resolve("ppo-ncap")));
            if (ddpgSteps > 0) {
                out.add(measure("DDPG + MLP (256, 256) relu", SWIMMER, "ddpg", "mlp", Map.of("hidden", List.of(256, 256), "activation", "relu"),
                        Map.of("update_after", OFF_POLICY_WARM_UP, "random_steps", OFF_POLICY_WARM_UP), ddpgSteps, DDPG_EPOCH_STEPS, "",
                        tmp.resolve("ddpg-mlp")));
            }
            if (dqnSteps > 0) {
                log.line(String.format("environment only (cartpole, 1 thread), warm-up: %.0f steps/s", envOnlyRate(CARTPOLE)));
                out.add(measure("double DQN + MLP (64, 64) tanh", CARTPOLE, "dqn", "mlp", Map.of(),
                        Map.of("learning_starts", OFF_POLICY_WARM_UP), dqnSteps, DQN_EPOCH_STEPS, "", tmp.resolve("dqn-mlp")));
            }
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return out;
    }

    private Throughput measure(String name, String env, String agent, String arch, Map<String, Object> archOptions,
                               Map<String, Object> agentOptions, long steps, long epochSteps, String goal, Path dir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", env);
        m.put("agent", agent);
        m.put("arch", arch);
        m.put(TrainConfig.ARCH_OPTIONS, archOptions);
        m.put(TrainConfig.AGENT_OPTIONS, agentOptions);
        m.put("steps", steps);
        m.put("epoch_steps", epochSteps);
        m.put("test_episodes", 1);
        List<PairedRatio.Pair> pairs = new ArrayList<>();
        List<Double> loggedSteps = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        double[] trainSeconds = {0};
        double[] previousSteps = {0};
        Trainer trainer = new Trainer(TrainConfig.resolve(m), dir, new Trainer.Listener() {
            @Override
            public void epoch(Map<String, Double> row) {
                double done = row.get("train/steps");
                double rate = row.get("train/steps_per_second");
                loggedSteps.add(done);
                rss.add(row.get("train/resident_mb"));
                if (Double.isNaN(rate)) return; // row 0: the untrained policy, no training yet
                trainSeconds[0] += (done - previousSteps[0]) / rate;
                previousSteps[0] = done;
                // Outside the training clock: the Trainer times only the agent's iterations.
                PairedRatio.Pair pair = new PairedRatio.Pair(rate, envOnlyRate(env));
                pairs.add(pair);
                log.line(String.format("%s: %,.0f steps, %.0f steps/s of training, then environment only %.0f (%.3f), %.0f MB resident",
                        name, done, pair.a(), pair.b(), pair.ratio(), row.get("train/resident_mb")));
            }
        });
        long t0 = System.nanoTime();
        trainer.run(false);
        if (agent.equals("es")) memory = new Memory(loggedSteps, rss);
        double rate = previousSteps[0] / trainSeconds[0];
        PairedRatio.Result ratio = new PairedRatio.Result(pairs);
        log.line(String.format("%s: %.0f steps/s of training (%.0f s wall including tests and environment-only rounds), ratio %s",
                name, rate, (System.nanoTime() - t0) / 1e9, ratio.summary()));
        return new Throughput(name + " (" + env + ")", rate, ratio, goal);
    }

    private static final String SWIMMER = "swimmer-swim";
    private static final String CARTPOLE = "cartpole";

    /**
     * Steps per second of the environment alone on one thread, one round: swimmer-swim (with its time feature, as
     * training has it) with a fixed action pattern, the foundation figure; cartpole with alternating pushes.
     */
    private static double envOnlyRate(String id) {
        if (id.equals(CARTPOLE)) {
            try (Env<Integer> env = Envs.makeDiscrete(CARTPOLE, Map.of())) {
                int rounds = 10 * ENV_ROUND_STEPS; // a cart-pole step takes well under a microsecond
                Step s = env.reset(7);
                long t0 = System.nanoTime();
                for (int t = 0; t < rounds; t++) {
                    s = env.step((t / 3) % 2);
                    if (s.done()) s = env.reset();
                }
                return rounds / ((System.nanoTime() - t0) / 1e9);
            }
        }
        try (Env<double[]> env = Envs.makeContinuous(id, Map.of("time_feature", true))) {
            double[] action = new double[env.actionSpace() instanceof org.neuroprior.envs.Box b ? b.size() : 0];
            Step s = env.reset(7);
            long t0 = System.nanoTime();
            for (int t = 0; t < ENV_ROUND_STEPS; t++) {
                for (int i = 0; i < action.length; i++) action[i] = Math.sin(0.1 * t + i);
                s = env.step(action);
                if (s.done()) s = env.reset();
            }
            return ENV_ROUND_STEPS / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
