package org.neuroprior.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;

/**
 * Episodes played in lockstep ({@link Episodes#runLockstep}, the trainer's test episodes) are the episodes the policy
 * plays alone: each episode's return and length equal those of the plain loop (reset, then act and step until done)
 * with the same environment seed, for a stateless conv Q network on the gridworld (episodes of many lengths), a
 * recurrent policy (each lane keeps its own state) and Box actions (each lane its own action buffer).
 */
class EpisodesTest {

    /** The definition: one episode, one observation at a time. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Episodes.Result alone(Env<?> environment, Policy<?> greedy, long seed) {
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
        return new Episodes.Result(score, length);
    }

    /** Plays {@code n} episodes in lockstep and one by one with the same seeds; returns the lockstep results. */
    private static Episodes.Result[] compare(Agent agent, Supplier<? extends Env<?>> envs, int n) {
        List<Env<?>> copies = new ArrayList<>();
        for (int i = 0; i < n; i++) copies.add(envs.get());
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) seeds[i] = Seeds.derive(5, 7, 3, i);
        try (Policy<?> batched = agent.policy(); Policy<?> single = agent.policy(); Env<?> env = envs.get()) {
            Episodes.Result[] lockstep = Episodes.runLockstep(copies, batched, seeds);
            Episodes.Result[] again = Episodes.runLockstep(copies, batched, seeds);
            for (int i = 0; i < n; i++) {
                Episodes.Result expected = alone(env, single, seeds[i]);
                assertEquals(expected, lockstep[i], "episode " + i);
                assertEquals(expected, again[i], "episode " + i + ", played again by the same policy");
                assertEquals(expected, Episodes.run(env, batched, seeds[i]), "episode " + i + " through run");
            }
            return lockstep;
        } finally {
            copies.forEach(Env::close);
        }
    }

    @Test
    void lockstepGridworldEpisodesAreThoseOfTheQNetworkAlone() {
        Map<String, Object> room = Map.of("size", 5, "shuffle", true, "layout_seed", 3);
        Supplier<Env<?>> envs = () -> Envs.make("gridworld", room);
        try (Agent agent = AgentsTest.agent("dqn", envs, "conv", Map.of("latent", 5),
                Map.of("protocol", "auxrl", "predictive_weight", 0.01, "negative_random_weight", 0.01,
                        "negative_consecutive_weight", 0.01), 4, 1)) {
            for (int e = 0; e < 4; e++) agent.iterate(); // a few hundred updates: a policy that reaches the goal from some starts
            Episodes.Result[] r = compare(agent, envs, 15);
            Set<Integer> lengths = new HashSet<>();
            for (Episodes.Result x : r) lengths.add(x.length());
            assertTrue(lengths.size() >= 2, "episodes of several lengths drop out of the batch at different steps: " + lengths);
        }
    }

    @Test
    void eachLaneKeepsItsOwnRecurrentState() {
        // Box actions are the GRU's clipped outputs, so a lane reading another lane's state changes the returns.
        Supplier<Env<?>> envs = ReachTarget::new;
        try (Agent agent = AgentsTest.agent("ppo", envs, "gru", Map.of("encoder", List.of(8), "size", 6), Map.of(), 2, 1)) {
            compare(agent, envs, 9);
        }
    }

    @Test
    void boxActionsHaveABufferPerLane() {
        Supplier<Env<?>> envs = ReachTarget::new;
        try (Agent agent = AgentsTest.agent("ppo", envs, "mlp", Map.of("hidden", List.of(8)), Map.of(), 3, 1)) {
            compare(agent, envs, 6);
        }
    }

    @Test
    void refusesSeedsThatDoNotMatchTheEnvironments() {
        try (Env<?> env = new RecallCue(2); Agent agent = AgentsTest.agent("ppo", () -> new RecallCue(2), "mlp",
                Map.of("hidden", List.of(4)), Map.of(), 1, 1); Policy<?> policy = agent.policy()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Episodes.runLockstep(List.of(env), policy, new long[] {1, 2}));
            assertTrue(e.getMessage().contains("one seed per environment"), e.getMessage());
        }
    }
}
