package org.neuroprior.agents;

/**
 * An agent whose update can run again on its own, apart from acting, so that it can be timed: {@code neuroprior bench
 * --updates} times it against a PyTorch reference of the same update. Training never calls it; it changes the agent's
 * parameters and optimiser state as a training update does, so an agent it was called on no longer repeats a run.
 */
public interface RepeatableUpdate {

    /**
     * Runs one update exactly as training runs it, on the experience the agent already holds: DDPG one critic and one
     * actor step on a batch from its replay buffer, then the target networks' Polyak step; DQN one TD step on a batch
     * from its replay buffer (and the target copy when it is due); PPO the whole update on its last segment (running
     * statistics, advantages, the actor's and the critic's iterations).
     *
     * @param draw seeds the update's random draws (the batch)
     * @throws IllegalStateException if the agent holds no experience to learn from yet
     */
    void updateAgain(long draw);
}
