package org.neuroprior.agents;

import java.util.List;

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
     * Plays one episode from {@code env.reset(seed)} with the greedy {@code policy} (its state reset first): the
     * one-environment case of {@link #runLockstep}. The policy must have been made for the environment's action space.
     */
    public static Result run(Env<?> environment, Policy<?> greedy, long seed) {
        return runLockstep(List.of(environment), greedy, new long[] {seed})[0];
    }

    /**
     * Plays one episode in each of the environments at once, in lockstep: episode k starts from
     * {@code environments.get(k).reset(seeds[k])} in the policy's lane k (its recurrent state cleared), and at every
     * step the observations of the episodes still running go through the model as one batch
     * ({@link Policy#act(int, double[][], int[])}). Each episode is the one {@link #run} plays alone with the same
     * environment and seed (bit for bit when the model evaluates in plain Java); episodes that end early drop out of
     * the batch.
     *
     * @param environments distinct environments, all with the action space the policy was made for
     * @param seeds        one reset seed per environment
     * @return each episode's return and length, in the environments' order
     * @throws IllegalArgumentException if there is no environment or the seeds do not match them in number
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Result[] runLockstep(List<? extends Env<?>> environments, Policy<?> greedy, long[] seeds) {
        int n = environments.size();
        if (n == 0 || seeds.length != n) {
            throw new IllegalArgumentException(n + " environments and " + seeds.length + " seeds: need one seed per environment, at least one");
        }
        Policy policy = greedy;
        double[] score = new double[n];
        int[] length = new int[n];
        Step[] steps = new Step[n];
        int[] running = new int[n];      // the lanes whose episodes go on, in order
        double[][] observations = new double[n][];
        for (int k = 0; k < n; k++) {
            policy.reset(k);
            steps[k] = environments.get(k).reset(seeds[k]);
        }
        while (true) {
            int m = 0;
            for (int k = 0; k < n; k++) {
                if (steps[k].done()) continue;
                running[m] = k;
                observations[m++] = steps[k].observation();
            }
            if (m == 0) break;
            policy.act(m, observations, running);
            for (int j = 0; j < m; j++) {
                int k = running[j];
                steps[k] = ((Env) environments.get(k)).step(policy.action(j));
                score[k] += steps[k].reward();
                length[k]++;
            }
        }
        Result[] results = new Result[n];
        for (int k = 0; k < n; k++) results[k] = new Result(score[k], length[k]);
        return results;
    }
}
