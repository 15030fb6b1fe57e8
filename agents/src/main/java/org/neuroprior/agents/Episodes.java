package org.neuroprior.agents;

import org.neuroprior.envs.Env;
import org.neuroprior.envs.Step;

/** Runs whole episodes of a policy. */
public final class Episodes {
    private Episodes() {
    }

    /** Return and length of one episode. */
    public record Result(double score, int length) {
    }

    /** Plays one episode from {@code env.reset(seed)} with the deterministic {@code policy}. */
    public static Result run(Env<double[]> env, Policy policy, long seed) {
        double[] action = new double[policy.network().outputSize()];
        Step s = env.reset(seed);
        double score = 0;
        int length = 0;
        while (!s.done()) {
            policy.act(s.observation(), action);
            s = env.step(action);
            score += s.reward();
            length++;
        }
        return new Result(score, length);
    }
}
