package org.neuroprior.envs.rl4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.deeplearning4j.gym.StepReply;
import org.deeplearning4j.rl4j.mdp.MDP;
import org.deeplearning4j.rl4j.space.ArrayObservationSpace;
import org.deeplearning4j.rl4j.space.Box;
import org.deeplearning4j.rl4j.space.DiscreteSpace;
import org.deeplearning4j.rl4j.space.ObservationSpace;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Presents a NeuroPrior {@link Env} with a {@link Discrete} action space as an RL4J (1.0.0-M1.1) {@link MDP}, so
 * RL4J's own learners ({@code QLearningDiscreteDense}, async n-step Q, A3C) can train on it.
 *
 * <pre>{@code
 * MdpAdapter mdp = new MdpAdapter(() -> Envs.makeDiscrete(id, Map.of()), 42);
 * new QLearningDiscreteDense<>(mdp, netConf, qlConf).train();
 * }</pre>
 *
 * <p><b>Observations.</b> Each observation is an RL4J {@link Box} (the {@code Encodable} that RL4J's own dense
 * MDPs return) holding a <em>copy</em> of the env's observation, because the env overwrites its array on the next
 * call while RL4J keeps observations in its replay memory. The vector is handed over flat (rank 1), which RL4J
 * turns into a {@code [1, n]} row for its dense networks; the observation space reports the env {@code Box}'s shape,
 * whose product RL4J uses as the network's input size.
 *
 * <p><b>Termination versus truncation.</b> RL4J M1.1 ends an episode when {@link #isDone()} is true, and it uses
 * {@link StepReply#isDone()} only as the transition's <em>terminal</em> flag (no bootstrapping from the next state).
 * So {@link #isDone()} is true after termination <em>or</em> truncation, while {@code StepReply.isDone()} is true
 * only on termination: a time-limited transition is still bootstrapped, exactly as RL4J treats its own
 * {@code maxEpochStep} cut-off. The info object is a {@code Map} with {@code reward}, {@code terminated},
 * {@code truncated} and {@code done} (termination or truncation), plus the env's own info entries.
 *
 * <p><b>Seeding.</b> The first {@link #reset()} calls {@code env.reset(seed)}; later ones call {@code env.reset()},
 * continuing that random stream, so a run is reproducible from one seed. {@link #newInstance()} (used by RL4J's
 * asynchronous learners, one per worker thread) builds a fresh env from the factory with a distinct seed derived
 * from this one, so workers neither share state nor replay identical episodes.
 *
 * <p>Not thread-safe: one adapter per learner thread, as RL4J uses MDPs.
 */
public final class MdpAdapter implements MDP<Box, Integer, DiscreteSpace> {

    private final Supplier<? extends Env<Integer>> factory;
    private final long seed;
    private final Env<Integer> env;
    private final DiscreteSpace actionSpace;
    private final ArrayObservationSpace<Box> observationSpace;

    private boolean seeded;        // has the first, seeded reset happened?
    private boolean episodeOver = true; // no episode runs until reset
    private boolean closed;
    private long instancesMade;    // for deriving newInstance seeds

    /**
     * Builds one env from {@code factory} and wraps it.
     *
     * @param factory makes the env; called once here and once per {@link #newInstance()}
     * @param seed    the seed of the first reset; new instances get seeds derived from it
     * @throws IllegalArgumentException if the env's action space is not {@link Discrete} (the env is closed first)
     */
    public MdpAdapter(Supplier<? extends Env<Integer>> factory, long seed) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.seed = seed;
        this.env = Objects.requireNonNull(factory.get(), "factory returned null");
        // Env<Integer> promises a Discrete space at compile time, but raw or unchecked casts can smuggle in a
        // Box-action env; fail here with the fix rather than deep inside RL4J with a ClassCastException.
        if (!(env.actionSpace() instanceof Discrete discrete)) {
            Object space = env.actionSpace();
            env.close();
            throw new IllegalArgumentException("MdpAdapter needs a Discrete action space, but the env has " + space
                    + "; wrap environments with Box actions in DiscretizeAction first");
        }
        // A seeded ND4J generator makes RL4J's random actions (DiscreteSpace.randomAction) reproducible too.
        this.actionSpace = new DiscreteSpace(discrete.n(), Nd4j.getRandomFactory().getNewRandomInstance(seed));
        this.observationSpace = new ArrayObservationSpace<>(env.observationSpace().shape());
    }

    /** The seed of this adapter's first reset. */
    public long seed() {
        return seed;
    }

    /** The wrapped env, for inspection. Stepping it directly desynchronises {@link #isDone()}. */
    public Env<Integer> env() {
        return env;
    }

    /** The env's observation shape; bounds are not carried over (RL4J's learners do not read them). */
    @Override
    public ObservationSpace<Box> getObservationSpace() {
        return observationSpace;
    }

    /** {@code Discrete(n)} as RL4J's {@link DiscreteSpace} of the same size. */
    @Override
    public DiscreteSpace getActionSpace() {
        return actionSpace;
    }

    /**
     * Starts an episode: {@code env.reset(seed)} the first time, {@code env.reset()} afterwards.
     *
     * @return a copy of the first observation
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Box reset() {
        requireOpen();
        Step s;
        if (seeded) {
            s = env.reset();
        } else {
            s = env.reset(seed);
            seeded = true;
        }
        episodeOver = s.done(); // false by the Env contract; kept honest in case an env says otherwise
        return observationOf(s);
    }

    /**
     * Advances one step.
     *
     * @return a reply whose {@code isDone()} means <em>terminated</em> (see the class comment) and whose info is a
     *         {@code Map<String, Object>} with {@code reward}, {@code terminated}, {@code truncated}, {@code done}
     * @throws IllegalStateException    before {@link #reset()}, after the episode ended, or after {@link #close()}
     * @throws IllegalArgumentException if the action is not in the action space (from the env)
     */
    @Override
    public StepReply<Box> step(Integer action) {
        requireOpen();
        if (episodeOver) {
            throw new IllegalStateException(seeded ? "episode is over: call reset() before step()" : "call reset() before step()");
        }
        Step s = env.step(action);
        episodeOver = s.done();
        Map<String, Object> info = new LinkedHashMap<>(s.info());
        info.put("reward", s.reward());
        info.put("terminated", s.terminated());
        info.put("truncated", s.truncated());
        info.put("done", s.done());
        return new StepReply<>(observationOf(s), s.reward(), s.terminated(), Collections.unmodifiableMap(info));
    }

    /** True when no episode is running: before the first reset, after termination or truncation, after close. */
    @Override
    public boolean isDone() {
        return episodeOver || closed;
    }

    /** Closes the env. Calling it again is harmless. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        env.close();
    }

    /**
     * A fresh adapter over a new env from the same factory, seeded with a value derived from this adapter's seed and
     * the number of instances made so far: deterministic, and different for each instance.
     */
    @Override
    public MdpAdapter newInstance() {
        return new MdpAdapter(factory, deriveSeed(seed, ++instancesMade));
    }

    /** SplitMix64 finaliser over (seed, index): well-spread child seeds even for adjacent parents. */
    static long deriveSeed(long seed, long index) {
        long z = seed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static Box observationOf(Step s) {
        // Box(double...) copies into an off-heap ND4J buffer already; clone() makes the copy explicit and cheap.
        return new Box(s.observation().clone());
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("MdpAdapter is closed");
    }

    @Override
    public String toString() {
        return "MdpAdapter[" + env + ", actions " + env.actionSpace() + ", seed " + seed + "]";
    }
}
