package org.neuroprior.experiments.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.neuroprior.agents.Agent;
import org.neuroprior.experiments.train.Experiment;
import org.neuroprior.experiments.train.TrainConfig;

/**
 * Double DQN training speed on the shuffled gridworld with the conv encoder (latent 5) under the reference protocol
 * ({@code protocol: auxrl}: one update of a 64-transition batch per environment step), with and without the
 * predictive heads (prediction weight 0.01 at horizon 0 and both negative terms at 0.01, the paper's "prediction +
 * negatives" model). Each side is one agent on one thread; after a warm-up (the first updates, JIT), rounds of
 * {@code roundSteps} training steps are timed, alternating heads / model-free ({@link PairedRatio}). Greedy test
 * episodes are not run, so a round's rate is training steps per second, which with one update per step is the
 * update rate including acting and the environment. Rates are given per second of the thread's CPU time (everything,
 * ND4J's native code included, runs on the calling thread with one intra-op thread), which a loaded machine changes
 * little, and per second of wall time.
 */
public final class PredictiveBenchmark {
    private final int pairs;
    private final int roundSteps;
    private final Consumer<String> progress;

    /**
     * The measurements.
     *
     * @param cpu  steps per CPU second, paired (A = heads, B = model-free)
     * @param wall steps per wall-clock second, paired the same way
     */
    public record Result(PairedRatio.Result cpu, PairedRatio.Result wall) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final List<Double> wallRates = new ArrayList<>();

    /**
     * @param pairs      interleaved pairs of rounds
     * @param roundSteps training steps per round
     * @param progress   receives a line per pair
     */
    public PredictiveBenchmark(int pairs, int roundSteps, Consumer<String> progress) {
        if (pairs < 1 || roundSteps < 150) {
            throw new IllegalArgumentException("pairs = " + pairs + ", round steps = " + roundSteps + "; accepted: >= 1 and >= 150");
        }
        this.pairs = pairs;
        this.roundSteps = roundSteps;
        this.progress = progress;
    }

    /** The config of one side: the shuffled room, conv latent 5, the reference protocol, one thread. */
    static TrainConfig config(boolean heads) {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("protocol", "auxrl");
        if (heads) {
            agent.put("predictive_weight", 0.01);
            agent.put("negative_random_weight", 0.01);
            agent.put("negative_consecutive_weight", 0.01);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", "gridworld");
        m.put("env_options", Map.of("shuffle", true, "layout_seed", 1));
        m.put("arch", "conv");
        m.put("arch_options", Map.of("latent", 5));
        m.put("agent", "dqn");
        m.put("agent_options", agent);
        m.put("seed", 1);
        m.put("threads", 1);
        return TrainConfig.resolve(m);
    }

    /** Trains both sides through the warm-up, then measures. */
    public Result run() throws Exception {
        try (Agent withHeads = Experiment.agent(config(true)); Agent modelFree = Experiment.agent(config(false))) {
            train(withHeads, 2 * roundSteps);
            train(modelFree, 2 * roundSteps);
            wallRates.clear();
            PairedRatio.Result cpu = PairedRatio.measure(pairs, () -> rate(withHeads), () -> rate(modelFree),
                    (p, i) -> progress.accept(String.format(java.util.Locale.ROOT,
                            "pair %d: heads %.1f, model-free %.1f steps per CPU second (wall: %.1f, %.1f), ratio %.3f",
                            i + 1, p.a(), p.b(), wallRates.get(2 * i), wallRates.get(2 * i + 1), p.ratio())));
            List<PairedRatio.Pair> wall = new ArrayList<>();
            for (int i = 0; i < pairs; i++) wall.add(new PairedRatio.Pair(wallRates.get(2 * i), wallRates.get(2 * i + 1)));
            return new Result(cpu, new PairedRatio.Result(wall));
        }
    }

    private long train(Agent agent, long steps) {
        long done = 0;
        while (done < steps) done += agent.iterate().steps();
        return done;
    }

    /** Steps per CPU second of one round; its wall rate goes to {@link #wallRates}. */
    private double rate(Agent agent) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long done = train(agent, roundSteps);
        wallRates.add(done / ((System.nanoTime() - t0) / 1e9));
        return done / ((THREADS.getCurrentThreadCpuTime() - c0) / 1e9);
    }
}
