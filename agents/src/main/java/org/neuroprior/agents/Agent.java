package org.neuroprior.agents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A learning algorithm at work on one environment and one architecture. It learns in iterations over whole
 * episodes (PPO: a segment then an update; ES: a generation), so its state between iterations is only its
 * parameters, optimiser and normaliser statistics and the iteration count, which {@link #writeState} saves.
 */
public interface Agent extends AutoCloseable {

    /** "ppo", "es", ... */
    String kind();

    /** Runs one iteration. */
    Iteration iterate();

    /** Iterations done so far. */
    long iterations();

    /** A snapshot of the current deterministic policy, independent of the agent (safe on another thread). */
    Policy policy();

    /** Trainable parameters of the policy (the critic, if any, is not counted). */
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
