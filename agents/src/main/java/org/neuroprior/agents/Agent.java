package org.neuroprior.agents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A learning algorithm at work on one environment with one architecture. It learns in iterations (PPO: a segment then
 * an update; ES: a generation; DDPG and DQN: an episode), and every random draw derives from (seed, iteration), so its
 * state between iterations is what {@link #writeState} saves and a resumed run repeats an uninterrupted one exactly.
 */
public interface Agent extends AutoCloseable {

    /** The registered name: "ppo", "es", ... */
    String kind();

    /** Runs one iteration. */
    Iteration iterate();

    /** Iterations done so far. */
    long iterations();

    /** A snapshot of the current greedy policy, independent of the agent (safe on another thread); close it after use. */
    Policy<?> policy();

    /** Trainable parameters of the policy (its model, plus a learned action std); the critic is not counted. */
    long parameterCount();

    /** Writes everything needed to continue exactly where this agent is. */
    void writeState(DataOutputStream out) throws IOException;

    /**
     * Restores what {@link #writeState} wrote, for an agent built with the same configuration.
     *
     * @throws IOException if the state does not fit this agent (another architecture, size or algorithm)
     */
    void readState(DataInputStream in) throws IOException;

    @Override
    void close();
}
