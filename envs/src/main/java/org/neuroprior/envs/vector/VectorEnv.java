package org.neuroprior.envs.vector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * Steps N copies of an environment as one batch, so an on-policy learner collects N transitions per policy
 * call and the copies can run on several cores.
 *
 * <p><b>Threads.</b> The sub-environments are split into {@code threads} contiguous blocks. The caller's
 * thread steps block 0 itself; blocks 1, 2, ... each belong for good to a daemon thread
 * ({@code vector-env-1}, ...), so thread-bound native state such as a rendering context stays valid as long as
 * one thread calls {@code step}. With {@code threads == 1} everything runs in the caller's thread. The block
 * tasks are built once, so a step allocates nothing. Each sub-environment does its own work
 * with its own random stream, so the results are bit-identical whatever the thread count. More threads than
 * sub-environments are not started.
 *
 * <p><b>Seeds.</b> {@link #reset(long)} resets sub-environment {@code i} with {@link #subSeed(long, int)
 * subSeed(seed, i)}, the (i+1)-th output of a SplitMix64 generator started at {@code seed}: well-mixed,
 * distinct seeds for neighbouring {@code i} and for neighbouring {@code seed}. Later automatic resets call
 * {@code reset()}, continuing each sub-environment's own stream.
 *
 * <p><b>Auto-reset.</b> As in Gymnasium 0.29: when a sub-environment's episode ends, it is reset in the same
 * {@code step} call; the batch keeps that last step's reward, flags and info entries, adds
 * {@value #FINAL_OBSERVATION} (a copy of the last observation) and, if the reset produced info,
 * {@value #RESET_INFO}; its observation row is already the next episode's first observation.
 *
 * <p><b>Failures.</b> An exception in a sub-environment reaches the caller as a
 * {@link SubEnvironmentException} naming its index; the batch is then inconsistent and {@link #reset(long)} is
 * needed before the next step. Not for use from several threads at once.
 *
 * @param <A> the action type of every sub-environment
 */
public final class VectorEnv<A> implements AutoCloseable {

    /** Info key of a finished episode's last observation (a {@code double[]} copy). */
    public static final String FINAL_OBSERVATION = "final_observation";
    /** Info key of the automatic reset's info entries (a map), present only if there were any. */
    public static final String RESET_INFO = "reset_info";

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private enum Operation { SEEDED_RESET, RESET, STEP }

    private final List<Env<A>> envs;
    private final Box observationSpace;
    private final Space<A> actionSpace;
    private final VectorStep batch;
    private final List<Runnable> blocks;
    // One worker thread for each block after the first; the caller's thread steps block 0 itself.
    private final List<BlockWorker> workers;

    // The current call's arguments, read by the block tasks (published by the executor's hand-over).
    private Operation operation;
    private long seed;
    private A[] actions;

    private boolean needsReset = true;
    private boolean closed;

    /**
     * Builds {@code numEnvs} sub-environments with {@code factory.apply(i)}, i = 0 .. numEnvs-1.
     *
     * @throws IllegalArgumentException if {@code numEnvs < 1}, {@code threads < 1}, the factory returns null,
     *                                  or the sub-environments' spaces differ (those built are closed)
     */
    public VectorEnv(int numEnvs, IntFunction<? extends Env<A>> factory, int threads) {
        if (numEnvs < 1) throw new IllegalArgumentException("numEnvs must be >= 1, got " + numEnvs);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        Objects.requireNonNull(factory, "factory");
        envs = build(numEnvs, factory);
        observationSpace = envs.get(0).observationSpace();
        actionSpace = envs.get(0).actionSpace();
        batch = new VectorStep(numEnvs, observationSpace.size());

        int count = Math.min(threads, numEnvs);
        blocks = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            int from = (int) ((long) b * numEnvs / count);
            int to = (int) ((long) (b + 1) * numEnvs / count);
            blocks.add(() -> runBlock(from, to));
        }
        List<BlockWorker> started = new ArrayList<>(count);
        for (int b = 1; b < count; b++) started.add(new BlockWorker("vector-env-" + b, blocks.get(b)));
        workers = List.copyOf(started);
    }

    /** Builds {@code numEnvs} sub-environments with {@code factory.get()}; see the main constructor. */
    public static <A> VectorEnv<A> of(int numEnvs, Supplier<? extends Env<A>> factory, int threads) {
        Objects.requireNonNull(factory, "factory");
        return new VectorEnv<>(numEnvs, i -> factory.get(), threads);
    }

    /** The seed {@link #reset(long)} gives sub-environment {@code index}: SplitMix64's (index+1)-th output. */
    public static long subSeed(long seed, int index) {
        long z = seed + (index + 1L) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private List<Env<A>> build(int numEnvs, IntFunction<? extends Env<A>> factory) {
        List<Env<A>> made = new ArrayList<>(numEnvs);
        try {
            for (int i = 0; i < numEnvs; i++) {
                Env<A> env = factory.apply(i);
                if (env == null) throw new IllegalArgumentException("factory returned null for sub-environment " + i);
                made.add(env);
                Env<A> first = made.get(0);
                if (!env.observationSpace().equals(first.observationSpace())) {
                    throw new IllegalArgumentException("sub-environment " + i + " has observation space "
                            + env.observationSpace() + ", sub-environment 0 has " + first.observationSpace());
                }
                if (!env.actionSpace().equals(first.actionSpace())) {
                    throw new IllegalArgumentException("sub-environment " + i + " has action space "
                            + env.actionSpace() + ", sub-environment 0 has " + first.actionSpace());
                }
            }
        } catch (RuntimeException | Error e) {
            for (Env<A> env : made) {
                try {
                    env.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        return List.copyOf(made);
    }

    public int numEnvs() {
        return envs.size();
    }

    /** The number of threads stepping the sub-environments (1: the caller's). */
    public int threads() {
        return blocks.size();
    }

    /** Every sub-environment's observation space. */
    public Box singleObservationSpace() {
        return observationSpace;
    }

    /** Every sub-environment's action space. */
    public Space<A> singleActionSpace() {
        return actionSpace;
    }

    /** Sub-environment {@code index}, for example to reach a wrapper's statistics. Do not step it directly. */
    public Env<A> env(int index) {
        return envs.get(index);
    }

    /** Resets every sub-environment, sub-environment {@code i} with {@link #subSeed subSeed(seed, i)}. */
    public VectorStep reset(long seed) {
        requireOpen();
        this.seed = seed;
        return run(Operation.SEEDED_RESET);
    }

    /** Resets every sub-environment with {@code reset()}, continuing their random streams. */
    public VectorStep reset() {
        requireOpen();
        return run(Operation.RESET);
    }

    /**
     * Steps sub-environment {@code i} with {@code actions[i]}, resetting those whose episode ends.
     *
     * @throws IllegalArgumentException if there is not one valid action per sub-environment (nothing is stepped)
     * @throws IllegalStateException    before the first reset, after a failure, or after close
     */
    public VectorStep step(A[] actions) {
        requireOpen();
        if (needsReset) throw new IllegalStateException("call reset(seed) before step");
        if (actions == null) throw new IllegalArgumentException("actions is null; accepted: one per sub-environment");
        if (actions.length != envs.size()) {
            throw new IllegalArgumentException("got " + actions.length + " actions for " + envs.size() + " sub-environments");
        }
        for (int i = 0; i < actions.length; i++) {
            try {
                actionSpace.requireValidAction(actions[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("actions[" + i + "]: " + e.getMessage(), e);
            }
        }
        this.actions = actions;
        try {
            return run(Operation.STEP);
        } finally {
            this.actions = null;
        }
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("this VectorEnv is closed");
    }

    private VectorStep run(Operation op) {
        operation = op;
        needsReset = true; // until this call succeeds
        if (workers.isEmpty()) {
            runBlock(0, envs.size());
        } else {
            runInPool();
        }
        needsReset = false;
        return batch;
    }

    private void runInPool() {
        for (BlockWorker worker : workers) worker.start();
        Throwable failure = null;
        try {
            blocks.get(0).run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (BlockWorker worker : workers) {
            Throwable t = worker.await(); // always wait: the workers are using the sub-environments
            if (t == null) continue;
            if (failure == null) failure = t;
            else failure.addSuppressed(t);
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException(failure);
    }

    private void runBlock(int from, int to) {
        for (int i = from; i < to; i++) {
            try {
                switch (operation) {
                    case SEEDED_RESET -> writeReset(i, envs.get(i).reset(subSeed(seed, i)));
                    case RESET -> writeReset(i, envs.get(i).reset());
                    case STEP -> step(i);
                }
            } catch (RuntimeException e) {
                throw new SubEnvironmentException(i, operation == Operation.STEP ? "step" : "reset", e);
            }
        }
    }

    private void writeReset(int i, Step s) {
        System.arraycopy(s.observation(), 0, batch.observations()[i], 0, observationSpace.size());
        batch.rewards()[i] = s.reward();
        batch.terminated()[i] = s.terminated();
        batch.truncated()[i] = s.truncated();
        Map<String, Object> info = batch.infos().get(i);
        info.clear();
        info.putAll(s.info());
    }

    private void step(int i) {
        Env<A> env = envs.get(i);
        Step s = env.step(actions[i]);
        batch.rewards()[i] = s.reward();
        batch.terminated()[i] = s.terminated();
        batch.truncated()[i] = s.truncated();
        Map<String, Object> info = batch.infos().get(i);
        info.clear();
        info.putAll(s.info());
        if (s.done()) {
            info.put(FINAL_OBSERVATION, s.observation().clone()); // before reset overwrites it
            s = env.reset();
            if (!s.info().isEmpty()) info.put(RESET_INFO, new LinkedHashMap<>(s.info()));
        }
        System.arraycopy(s.observation(), 0, batch.observations()[i], 0, observationSpace.size());
    }

    /** Closes every sub-environment and stops the threads. Calling it twice is harmless. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        RuntimeException failure = null;
        boolean interrupted = false;
        for (BlockWorker worker : workers) {
            try {
                worker.stop(10_000); // idle: the last call has returned
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        for (int i = 0; i < envs.size(); i++) {
            try {
                envs.get(i).close();
            } catch (RuntimeException e) {
                SubEnvironmentException wrapped = new SubEnvironmentException(i, "close", e);
                if (failure == null) failure = wrapped;
                else failure.addSuppressed(wrapped);
            }
        }
        if (failure != null) throw failure;
    }
}
