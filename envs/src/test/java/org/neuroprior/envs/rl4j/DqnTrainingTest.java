package org.neuroprior.envs.rl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.deeplearning4j.rl4j.learning.configuration.QLearningConfiguration;
import org.deeplearning4j.rl4j.learning.sync.qlearning.discrete.QLearningDiscreteDense;
import org.deeplearning4j.rl4j.network.configuration.DQNDenseNetworkConfiguration;
import org.deeplearning4j.rl4j.space.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Trains RL4J's own double DQN ({@link QLearningDiscreteDense}) on the {@link Corridor} through {@link MdpAdapter}.
 *
 * <p>The learning assertion is safe: with these settings the greedy policy went right from every cell for seeds
 * 1-8 at 3,000 steps and for seeds 1-6 at only 1,500 steps. Runs in about 10-20 s on 2 cores with
 * {@code OMP_NUM_THREADS=1} (set by surefire in the pom).
 */
class DqnTrainingTest {

    static final int MAX_STEP = 3000;
    static final int MAX_EPOCH_STEP = 20; // equals the corridor's time limit, so the env's truncation ends episodes

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void doubleDqnLearnsToWalkRight() {
        MdpAdapter mdp = new MdpAdapter(Corridor::new, 1);
        QLearningConfiguration ql = QLearningConfiguration.builder()
                .seed(1L)
                .maxEpochStep(MAX_EPOCH_STEP)
                .maxStep(MAX_STEP)
                .expRepMaxSize(MAX_STEP)
                .batchSize(32)
                .targetDqnUpdateFreq(100)
                .updateStart(10)
                .rewardFactor(1)
                .gamma(0.95)
                .errorClamp(1.0)
                .minEpsilon(0.05)
                .epsilonNbStep(MAX_STEP / 2)
                .doubleDQN(true)
                .build();
        DQNDenseNetworkConfiguration net = DQNDenseNetworkConfiguration.builder()
                .updater(new Adam(1e-3))
                .numLayers(1)
                .numHiddenNodes(32)
                .build();
        QLearningDiscreteDense<Box> dql = new QLearningDiscreteDense<>(mdp, net, ql);

        dql.train();

        // RL4J checks maxStep only between episodes, so the last episode may run past it.
        int steps = dql.getStepCount();
        assertTrue(steps >= MAX_STEP && steps < MAX_STEP + MAX_EPOCH_STEP, "steps " + steps);
        assertTrue(dql.getEpochCount() > MAX_STEP / MAX_EPOCH_STEP, "episodes " + dql.getEpochCount());

        // Q-values of every cell (one-hot rows) are finite, and the greedy action is "right" everywhere.
        INDArray q = dql.getQNetwork().output(Nd4j.eye(8).castTo(DataType.FLOAT)).get("Q");
        assertEquals(8, q.rows());
        assertEquals(2, q.columns());
        for (int p = 0; p < 8; p++) {
            for (int a = 0; a < 2; a++) assertTrue(Double.isFinite(q.getDouble(p, a)), "Q not finite:\n" + q);
        }
        for (int p = 0; p < 7; p++) {
            assertTrue(q.getDouble(p, 1) > q.getDouble(p, 0), "greedy action at cell " + p + " is not right:\n" + q);
        }

        // Playing the greedy policy through a fresh adapter reaches the goal every time.
        MdpAdapter eval = new MdpAdapter(Corridor::new, 99);
        for (int episode = 0; episode < 5; episode++) {
            double ret = dql.getPolicy().play(eval);
            assertTrue(ret > 0.9, "greedy return " + ret + " in episode " + episode);
        }
        eval.close();
        mdp.close();
    }

    /**
     * RL4J's DQN on a shipped MuJoCo environment: the 3-link swimmer with each of its 2 torques discretised into
     * 3 levels (9 actions). A few thousand steps cannot teach it to swim; this checks that the whole path
     * (MuJoCo, wrappers, adapter, RL4J) runs for that long and keeps the Q-network finite.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void doubleDqnRunsOnTheSwimmerThroughDiscretizeAction() {
        int maxStep = 2000;
        java.util.function.Supplier<org.neuroprior.envs.Env<Integer>> swimmer = () -> new org.neuroprior.envs.wrappers.DiscretizeAction(
                org.neuroprior.envs.Envs.makeContinuous("swimmer-swim", java.util.Map.of("bodies", 3, "time_limit", 200)), 3);
        MdpAdapter mdp = new MdpAdapter(swimmer, 7);
        assertEquals(9, mdp.getActionSpace().getSize());
        QLearningConfiguration ql = QLearningConfiguration.builder()
                .seed(7L).maxEpochStep(200).maxStep(maxStep).expRepMaxSize(maxStep).batchSize(32)
                .targetDqnUpdateFreq(200).updateStart(100).rewardFactor(1).gamma(0.99).errorClamp(1.0)
                .minEpsilon(0.1).epsilonNbStep(maxStep).doubleDQN(true).build();
        DQNDenseNetworkConfiguration net = DQNDenseNetworkConfiguration.builder()
                .updater(new Adam(1e-3)).numLayers(2).numHiddenNodes(32).build();
        QLearningDiscreteDense<Box> dql = new QLearningDiscreteDense<>(mdp, net, ql);

        dql.train();

        assertTrue(dql.getStepCount() >= maxStep, "steps " + dql.getStepCount());
        assertEquals(maxStep / 200, dql.getEpochCount(), "episodes of 200 steps, each ended by the time limit");
        INDArray q = dql.getQNetwork().output(Nd4j.rand(DataType.FLOAT, 4, 11)).get("Q");
        assertEquals(9, q.columns());
        for (int r = 0; r < q.rows(); r++) {
            for (int a = 0; a < 9; a++) assertTrue(Double.isFinite(q.getDouble(r, a)), "Q not finite:\n" + q);
        }
        mdp.close();
    }
}
