package org.neuroprior.envs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code reset} and {@code step} return: the observation, the reward, whether the episode terminated
 * (a terminal state of the task) or was truncated (a time limit, diverged physics), and an info map.
 *
 * <p>An environment reuses one Step and overwrites its observation array on every call, so stepping
 * allocates nothing. Keep a copy with {@link #snapshot()} if you need it later. After {@code reset} the
 * reward is 0 and both flags are false.
 */
public final class Step {
    private final double[] observation;
    private double reward;
    private boolean terminated;
    private boolean truncated;
    private final Map<String, Object> info = new LinkedHashMap<>();

    /** A step holding an observation vector of {@code observationSize} values. */
    public Step(int observationSize) {
        this.observation = new double[observationSize];
    }

    /** The observation, owned by the environment: overwritten by the next reset or step. */
    public double[] observation() {
        return observation;
    }

    public double reward() {
        return reward;
    }

    public boolean terminated() {
        return terminated;
    }

    public boolean truncated() {
        return truncated;
    }

    /** True if the episode is over, by termination or truncation. */
    public boolean done() {
        return terminated || truncated;
    }

    /** Extra information: for example {@code physics_diverged}, {@code episode}. Cleared on every call. */
    public Map<String, Object> info() {
        return info;
    }

    /** Sets the scalar fields and clears the info map; the caller writes the observation in place. */
    public Step set(double reward, boolean terminated, boolean truncated) {
        this.reward = reward;
        this.terminated = terminated;
        this.truncated = truncated;
        info.clear();
        return this;
    }

    public Step setReward(double reward) {
        this.reward = reward;
        return this;
    }

    public Step setTruncated(boolean truncated) {
        this.truncated = truncated;
        return this;
    }

    /** Copies reward, flags and info from {@code other}; the observation is left to the caller. */
    public Step copyScalarsFrom(Step other) {
        this.reward = other.reward;
        this.terminated = other.terminated;
        this.truncated = other.truncated;
        info.clear();
        info.putAll(other.info);
        return this;
    }

    /** An independent copy: its observation and info will not change when the environment steps. */
    public Step snapshot() {
        Step copy = new Step(observation.length);
        System.arraycopy(observation, 0, copy.observation, 0, observation.length);
        return copy.copyScalarsFrom(this);
    }

    @Override
    public String toString() {
        return "Step[reward=" + reward + ", terminated=" + terminated + ", truncated=" + truncated + ", info=" + info + "]";
    }
}
