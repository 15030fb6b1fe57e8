package org.neuroprior.envs.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.check.EnvChecker;

/** The cart-pole moves as Gymnasium's CartPole-v1, passes the environment checker and is registered with v1's limit. */
class CartPoleEnvTest {

    /**
     * States of Gymnasium 1.3.0's CartPole-v1 from state (0.01, -0.02, 0.03, 0.04) under these actions, printed by
     * {@code env = gym.make("CartPole-v1").unwrapped; env.reset(seed=0); env.state = np.array([...]); env.step(a)}.
     */
    private static final int[] ACTIONS = {1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    private static final Map<Integer, double[]> GYMNASIUM = Map.of(
            1, new double[] {0.009600000000000001, 0.17467919574755525, 0.030799999999999998, -0.2430687179600081},
            10, new double[] {0.03293383706570074, -0.02379962460232901, 0.0054623041616948635, 0.12379799946559022},
            20, new double[] {0.03176157351857313, 0.7516626123864643, 0.03129451392908766, -0.9368831455020483},
            27, new double[] {0.2189586020171701, 2.1197320213762803, -0.22386964174338117, -3.0918927971685446});

    @Test
    void movesAsGymnasiumsCartPoleAndEndsWhenThePoleFalls() {
        try (CartPoleEnv env = new CartPoleEnv()) {
            env.reset(0);
            env.setState(new double[] {0.01, -0.02, 0.03, 0.04});
            for (int i = 0; i < ACTIONS.length; i++) {
                Step s = env.step(ACTIONS[i]);
                assertEquals(1.0, s.reward());
                assertEquals(i == ACTIONS.length - 1, s.terminated(), "step " + (i + 1)); // the angle passes 12 degrees at step 27
                assertFalse(s.truncated());
                double[] expected = GYMNASIUM.get(i + 1);
                if (expected != null) assertArrayEquals(expected, s.observation(), 1e-12, "step " + (i + 1));
            }
        }
    }

    /** A linear controller that keeps the pole up for 500 steps (it does on Gymnasium's CartPole-v1 from seeds 0-19). */
    private static int balance(double[] o) {
        return 0.1 * o[0] + 0.3 * o[1] + 3 * o[2] + o[3] > 0 ? 1 : 0;
    }

    @Test
    void passesTheEnvironmentChecker() {
        EnvChecker.check(CartPoleEnv::new).assertPassed();
    }

    @Test
    void isRegisteredWithVersionOnesTimeLimitAndSeededResets() {
        try (Env<Integer> env = Envs.makeDiscrete("cartpole", Map.of()); Env<Integer> other = Envs.makeDiscrete("cartpole", Map.of())) {
            double[] first = env.reset(3).observation().clone();
            assertArrayEquals(first, other.reset(3).observation());
            for (double v : first) assertTrue(v >= -0.05 && v <= 0.05, "initial state " + v);
            assertEquals(500, balancedEpisodeLength(env, 3), "truncated at CartPole-v1's limit");
        }
        try (Env<Integer> shorter = Envs.makeDiscrete("cartpole", Map.of("time_limit", 7))) {
            assertEquals(7, balancedEpisodeLength(shorter, 1));
        }
    }

    /** Steps of an episode under {@link #balance}, which must end by truncation. */
    private static int balancedEpisodeLength(Env<Integer> env, long seed) {
        Step s = env.reset(seed);
        int steps = 0;
        while (!s.done()) {
            s = env.step(balance(s.observation()));
            steps++;
        }
        assertTrue(s.truncated() && !s.terminated(), "the pole stayed up");
        return steps;
    }
}
