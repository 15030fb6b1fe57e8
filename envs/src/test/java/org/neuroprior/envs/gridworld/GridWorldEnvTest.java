package org.neuroprior.envs.gridworld;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.deeplearning4j.gym.StepReply;
import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Nonstationary;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.check.EnvChecker;
import org.neuroprior.envs.rl4j.MdpAdapter;
import org.neuroprior.envs.vector.VectorEnv;

/** The gridworld is the reference room (Fang and Stachenfeld 2024's code), with its shuffled and transfer variants. */
class GridWorldEnvTest {

    private static Env<Integer> make(Map<String, Object> options) {
        return Envs.makeDiscrete("gridworld", options);
    }

    private static GridWorldEnv grid(Env<Integer> env) {
        return (GridWorldEnv) env.unwrapped();
    }

    /** The agent's pixel in a plain observation (the one +1). */
    private static int agentPixel(double[] o) {
        int found = -1;
        for (int i = 0; i < o.length; i++) {
            if (o[i] == 1) {
                assertEquals(-1, found, "one agent pixel");
                found = i;
            }
        }
        assertTrue(found >= 0, "an agent pixel");
        return found;
    }

    @Test
    void isTheReferenceRoomAnImageWithWallsTheAgentAndAHiddenGoal() {
        try (Env<Integer> env = make(Map.of("layout_seed", 3))) {
            assertArrayEquals(new int[] {1, 10, 10}, env.observationSpace().shape());
            assertEquals(4, ((org.neuroprior.envs.Discrete) env.actionSpace()).n());
            double[] o = env.reset(1).observation();
            int agent = agentPixel(o);
            for (int r = 0; r < 10; r++) {
                for (int c = 0; c < 10; c++) {
                    int p = r * 10 + c;
                    boolean wall = r == 0 || c == 0 || r == 9 || c == 9;
                    double expected = wall ? -1 : p == agent ? 1 : 0;
                    assertEquals(expected, o[p], "pixel " + r + "," + c);   // the goal is not drawn
                }
            }
            assertNotEquals(grid(env).goal(), agent, "never starts on the goal");
        }
    }

    @Test
    void actionsMoveInTheReferenceOrderWallsBlockAndTheGoalEndsTheEpisode() {
        int[] delta = {-10, 10, -1, 1};   // 0 row - 1, 1 row + 1, 2 column - 1, 3 column + 1
        SplittableRandom rng = new SplittableRandom(4);
        int goals = 0;
        int blocked = 0;
        try (Env<Integer> env = make(Map.of("layout_seed", 5))) {
            int goal = grid(env).goal();
            for (int episode = 0; episode < 40; episode++) {
                Step s = env.reset(episode);
                int steps = 0;
                while (!s.done()) {
                    int before = agentPixel(s.observation());
                    int a = rng.nextInt(4);
                    s = env.step(a);
                    steps++;
                    int after = agentPixel(s.observation());
                    int target = before + delta[a];
                    boolean wall = target / 10 == 0 || target / 10 == 9 || target % 10 == 0 || target % 10 == 9;
                    assertEquals(wall ? before : target, after, "action " + a + " from " + before);
                    if (wall) blocked++;
                    assertEquals(after == goal ? 1.0 : 0.0, s.reward());
                    assertEquals(after == goal, s.terminated());
                    assertEquals(!s.terminated() && steps == 150, s.truncated(), "the 150-step limit truncates");
                }
                if (s.terminated()) {
                    goals++;
                    assertThrows(IllegalStateException.class, () -> env.step(0), "a terminated episode needs a reset");
                }
            }
        }
        assertTrue(goals > 0 && blocked > 0, goals + " goals, " + blocked + " blocked moves");
    }

    @Test
    void startsAreRedrawnAtEveryResetFromAllCellsButTheGoal() {
        try (Env<Integer> env = make(Map.of("size", 4, "layout_seed", 2))) {
            Set<Integer> starts = new HashSet<>();
            env.reset(9);
            for (int i = 0; i < 400; i++) starts.add(agentPixel(env.reset().observation()));
            assertEquals(15, starts.size(), "every inside cell of a 4 x 4 room but the goal");
            assertFalse(starts.contains(grid(env).goal()));
            assertEquals(agentPixel(env.reset(9).observation()), agentPixel(make(Map.of("size", 4, "layout_seed", 2)).reset(9).observation()),
                    "the same reset seed starts in the same cell");
        }
    }

    @Test
    void theLayoutSeedFixesTheGoalAndThePermutationForEveryCopy() {
        GridLayout a = GridLayout.draw(8, 7);
        GridLayout b = GridLayout.draw(8, 7);
        assertEquals(a.goal(), b.goal());
        assertArrayEquals(a.permutation(), b.permutation());
        Set<Integer> goals = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) goals.add(GridLayout.draw(8, seed).goal());
        assertTrue(goals.size() > 10, "seeds give different goals: " + goals);
        try (VectorEnv<Integer> vector = new VectorEnv<>(3, i -> make(Map.of("layout_seed", 7)), 1)) {
            vector.reset(11);
            for (int i = 0; i < 3; i++) assertEquals(a.goal(), grid(vector.env(i)).goal(), "copy " + i);
        }
    }

    @Test
    void theShuffledRoomShowsThePlainImageThroughOneFixedPermutation() {
        Map<String, Object> plainOptions = Map.of("layout_seed", 4);
        Map<String, Object> shuffledOptions = Map.of("layout_seed", 4, "shuffle", true);
        int[] permutation = GridLayout.draw(8, 4).permutation();
        Set<Integer> moved = new HashSet<>();
        for (int i = 0; i < permutation.length; i++) if (permutation[i] != i) moved.add(i);
        assertTrue(moved.size() > 80, "a real shuffle of walls and floor alike");
        try (Env<Integer> plain = make(plainOptions); Env<Integer> shuffled = make(shuffledOptions)) {
            assertEquals(grid(plain).goal(), grid(shuffled).goal(), "same seed, same hidden goal");
            SplittableRandom rng = new SplittableRandom(8);
            for (int episode = 0; episode < 5; episode++) {
                Step p = plain.reset(episode);
                Step s = shuffled.reset(episode);
                while (true) {
                    for (int i = 0; i < permutation.length; i++) assertEquals(p.observation()[permutation[i]], s.observation()[i]);
                    assertEquals(p.reward(), s.reward());
                    assertEquals(p.done(), s.done());
                    if (p.done()) break;
                    int a = rng.nextInt(4);
                    p = plain.step(a);
                    s = shuffled.step(a);
                }
            }
        }
    }

    @Test
    void theGoalMovesFarAfterTransferAfterEpisodesOfThisInstance() {
        Map<String, Object> options = new LinkedHashMap<>(Map.of("layout_seed", 12, "transfer", "goal", "transfer_after", 3));
        try (Env<Integer> env = make(options)) {
            GridWorldEnv g = grid(env);
            int first = g.layout().goal();
            int moved = g.layout().movedGoal();
            int distance = Math.max(Math.abs(first / 10 - moved / 10), Math.abs(first % 10 - moved % 10));
            assertTrue(distance > 3, "moved by " + distance + " cells, more than 3");
            for (int episode = 0; episode < 6; episode++) {
                env.reset(episode);
                assertEquals(episode >= 3 ? moved : first, g.goal(), "episode " + episode);
                assertEquals(episode >= 3, g.transferred());
                assertEquals(episode + 1, ((Nonstationary) g).episodes());
            }
            g.setEpisodes(1);
            env.reset(0);
            assertEquals(first, g.goal(), "the clock was set back");
            assertThrows(IllegalArgumentException.class, () -> g.setEpisodes(-1));
        }
    }

    @Test
    void aPermutationTransferShowsTheRoomThroughTheSecondPermutation() {
        int[] second = GridLayout.draw(8, 6).secondPermutation();
        assertFalse(java.util.Arrays.equals(second, GridLayout.draw(8, 6).permutation()));
        try (Env<Integer> plain = make(Map.of("layout_seed", 6));
             Env<Integer> changing = make(Map.of("layout_seed", 6, "shuffle", true, "transfer", "permutation", "transfer_after", 1))) {
            changing.reset(0);
            double[] p = plain.reset(5).observation().clone();
            double[] c = changing.reset(5).observation();
            for (int i = 0; i < p.length; i++) assertEquals(p[second[i]], c[i]);
            assertEquals(grid(plain).goal(), grid(changing).goal(), "the goal stays");
        }
    }

    @Test
    void smallRoomsMoveTheGoalToTheFarthestCells() {
        for (long seed = 0; seed < 20; seed++) {
            GridLayout l = GridLayout.draw(2, seed);
            int d = Math.max(Math.abs(l.goal() / 4 - l.movedGoal() / 4), Math.abs(l.goal() % 4 - l.movedGoal() % 4));
            assertEquals(1, d, "the farthest cell of a 2 x 2 room is one away");
        }
        assertThrows(IllegalArgumentException.class, () -> GridLayout.draw(1, 0));
    }

    @Test
    void passesTheEnvironmentChecker() {
        EnvChecker.checkAny(() -> Envs.make("gridworld", Map.of()), EnvChecker.DEFAULT_MAX_STEPS).assertPassed();
        EnvChecker.checkAny(() -> Envs.make("gridworld", Map.of("shuffle", true, "layout_seed", 3)), EnvChecker.DEFAULT_MAX_STEPS).assertPassed();
        EnvChecker.checkAny(() -> Envs.make("gridworld", Map.of("size", 3, "transfer", "goal")), EnvChecker.DEFAULT_MAX_STEPS).assertPassed();
    }

    @Test
    void badOptionsAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Envs.make("gridworld", Map.of("transfer", "walls")));
        assertTrue(e.getMessage().contains("walls") && e.getMessage().contains("permutation"), e.getMessage());
        var size = assertThrows(IllegalArgumentException.class, () -> Envs.make("gridworld", Map.of("size", 1)));
        assertTrue(size.getMessage().contains("size"), size.getMessage());
    }

    /** RL4J's view: 100-pixel images of shape (1, 10, 10), rewards 0 or 1, the goal ends an episode. */
    @Test
    void runsThroughTheRl4jAdapter() {
        MdpAdapter mdp = new MdpAdapter(() -> make(Map.of("layout_seed", 1)), 3);
        assertEquals(4, mdp.getActionSpace().getSize());
        assertArrayEquals(new int[] {1, 10, 10}, mdp.getObservationSpace().getShape());
        SplittableRandom rng = new SplittableRandom(2);
        int successes = 0;
        for (int episode = 0; episode < 20; episode++) {
            mdp.reset();
            StepReply<org.deeplearning4j.rl4j.space.Box> r = null;
            int steps = 0;
            while (!mdp.isDone()) {
                r = mdp.step(rng.nextInt(4));
                steps++;
                assertEquals(100, r.getObservation().toArray().length);
                assertTrue(r.getReward() == 0 || r.getReward() == 1, "reward " + r.getReward());
            }
            assertTrue(steps <= 150);
            if (r.getReward() == 1) successes++;
        }
        assertTrue(successes > 0, "a random walk finds the goal sometimes");
        mdp.close();
    }
}
