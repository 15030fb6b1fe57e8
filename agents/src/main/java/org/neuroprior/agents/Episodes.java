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

    /**
     * Plays one episode from {@code env.reset(seed)} with the greedy {@code policy} (its state reset first). The
     * policy must have been made for the environment's action space.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Result run(Env<?> environment, Policy<?> greedy, long seed) {
        Env env = environment;
        Policy policy = greedy;
        policy.reset();
        Step s = env.reset(seed);
        double score = 0;
        int length = 0;
        while (!s.done()) {
            s = env.step(policy.act(s.observation()));
            score += s.reward();
            length++;
        }
        return new Result(score, length);
    }
}
