package org.neuroprior.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.CounterEnv;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.PointMassEnv;

/** RescaleAction, ClipAction and DiscretizeAction; the point mass's force bounds are [-2, 2] x [-0.5, 1.5]. */
class ActionWrappersTest {

    @Test
    void rescaleMapsMinusOneZeroPlusOneToLowMidHigh() {
        Recorder recorder = new Recorder(new PointMassEnv());
        RescaleAction env = new RescaleAction(recorder);
        assertEquals(Box.uniform(2, -1, 1), env.actionSpace());
        env.reset(0);
        env.step(new double[] {-1, -1});
        assertArrayEquals(new double[] {-2, -0.5}, recorder.lastAction());
        env.step(new double[] {0, 0});
        assertArrayEquals(new double[] {0, 0.5}, recorder.lastAction());
        env.step(new double[] {1, 1});
        assertArrayEquals(new double[] {2, 1.5}, recorder.lastAction());
        env.step(new double[] {0.5, -0.5});
        assertArrayEquals(new double[] {1, 0}, recorder.lastAction(), 1e-15);
    }

    @Test
    void rescaleValidatesWithItsOwnSpaceAndNeedsFiniteBounds() {
        RescaleAction env = new RescaleAction(new PointMassEnv());
        env.reset(0);
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0}));
        var e = assertThrows(IllegalArgumentException.class, () -> new RescaleAction(new ClipAction(new PointMassEnv())));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }

    @Test
    void clipClipsIntoTheInnerBoundsAndIsUnboundedOutside() {
        Recorder recorder = new Recorder(new PointMassEnv());
        ClipAction env = new ClipAction(recorder);
        Box space = (Box) env.actionSpace();
        assertEquals(Double.NEGATIVE_INFINITY, space.low(0));
        assertEquals(Double.POSITIVE_INFINITY, space.high(1));
        assertArrayEquals(new int[] {2}, space.shape());
        env.reset(0);
        env.step(new double[] {5, -7});
        assertArrayEquals(new double[] {2, -0.5}, recorder.lastAction());
        env.step(new double[] {-1.25, 1.0});
        assertArrayEquals(new double[] {-1.25, 1.0}, recorder.lastAction());
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {Double.POSITIVE_INFINITY, 0}));
        assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0, 0, 0}));
    }

    @Test
    void discretizeDecodesMixedRadixDimensionZeroFastest() {
        Recorder recorder = new Recorder(new PointMassEnv());
        DiscretizeAction env = new DiscretizeAction(recorder, 3);
        assertEquals(new Discrete(9), env.actionSpace());
        double[] x = {-2, 0, 2};
        double[] y = {-0.5, 0.5, 1.5};
        env.reset(0);
        for (int index = 0; index < 9; index++) {
            env.step(index);
            double[] expected = {x[index % 3], y[index / 3]};
            assertArrayEquals(expected, recorder.lastAction(), "index " + index);
            assertArrayEquals(expected, env.continuousAction(index));
        }
        assertArrayEquals(new double[] {2, 0.5}, env.continuousAction(5));
    }

    @Test
    void discretizeLevelsAreEvenlySpacedWithExactEnds() {
        DiscretizeAction env = new DiscretizeAction(new PointMassEnv(), 5);
        assertEquals(new Discrete(25), env.actionSpace());
        assertArrayEquals(new double[] {-2, -0.5}, env.continuousAction(0));
        assertArrayEquals(new double[] {-1, 0}, env.continuousAction(1 + 5));
        assertArrayEquals(new double[] {2, 1.5}, env.continuousAction(24));
        assertArrayEquals(new double[] {1, 1.0}, env.continuousAction(3 + 3 * 5), 1e-15);
    }

    @Test
    void discretizeRejectsBadArgumentsAndActions() {
        assertThrows(IllegalArgumentException.class, () -> new DiscretizeAction(new PointMassEnv(), 1));
        assertThrows(IllegalArgumentException.class, () -> new DiscretizeAction(new ClipAction(new PointMassEnv()), 3));
        var e = assertThrows(IllegalArgumentException.class, () -> new DiscretizeAction(new CounterEnv(5, 7), 10));
        assertTrue(e.getMessage().contains("10^7") && e.getMessage().contains("1000000"), e.getMessage());
        assertEquals(new Discrete(1_000_000), new DiscretizeAction(new CounterEnv(5, 6), 10).actionSpace());
        DiscretizeAction env = new DiscretizeAction(new PointMassEnv(), 3);
        env.reset(0);
        assertThrows(IllegalArgumentException.class, () -> env.step(9));
        assertThrows(IllegalArgumentException.class, () -> env.step(-1));
        assertThrows(IllegalArgumentException.class, () -> env.step(null));
    }
}
