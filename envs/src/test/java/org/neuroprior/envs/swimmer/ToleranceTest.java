package org.neuroprior.envs.swimmer;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.swimmer.Tolerance.Sigmoid;

class ToleranceTest {
    @Test
    void linearSwimRewardIsSpeedOverTargetClampedToZeroOne() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(1.0, Tolerance.tolerance(0.25, 0.1, inf, 0.1, Sigmoid.LINEAR, 0), 1e-15);
        assertEquals(1.0, Tolerance.tolerance(0.1, 0.1, inf, 0.1, Sigmoid.LINEAR, 0), 1e-15);
        assertEquals(0.5, Tolerance.tolerance(0.05, 0.1, inf, 0.1, Sigmoid.LINEAR, 0), 1e-12);
        assertEquals(0.0, Tolerance.tolerance(0.0, 0.1, inf, 0.1, Sigmoid.LINEAR, 0), 1e-15);
        assertEquals(0.0, Tolerance.tolerance(-0.3, 0.1, inf, 0.1, Sigmoid.LINEAR, 0), 1e-15);
    }

    @Test
    void longTailEqualsValueAtMarginAtTheMargin() {
        assertEquals(1.0, Tolerance.tolerance(0.05, 0, 0.1, 0.5, Sigmoid.LONG_TAIL, 0.1));
        assertEquals(0.1, Tolerance.tolerance(0.6, 0, 0.1, 0.5, Sigmoid.LONG_TAIL, 0.1), 1e-12);
        // 1 / ((d s)^2 + 1) with d = 0.5 / 0.5... here d = (0.35 - 0.1) / 0.5 = 0.5, s^2 = 9
        assertEquals(1 / (0.25 * 9 + 1), Tolerance.tolerance(0.35, 0, 0.1, 0.5, Sigmoid.LONG_TAIL, 0.1), 1e-12);
        assertEquals(0.1, Tolerance.tolerance(2, 0, 1, 1, Sigmoid.GAUSSIAN, 0.1), 1e-12);
    }

    @Test
    void rejectsInvertedBoundsAndNegativeMargin() {
        assertThrows(IllegalArgumentException.class, () -> Tolerance.tolerance(0, 1, 0, 1, Sigmoid.LINEAR, 0));
        assertThrows(IllegalArgumentException.class, () -> Tolerance.tolerance(0, 0, 1, -1, Sigmoid.LINEAR, 0));
    }
}
