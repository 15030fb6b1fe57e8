package org.neuroprior.envs.whisker;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neuroprior.envs.whisker.objects.ObjectClasses;
import org.neuroprior.envs.whisker.objects.Vec3;

class WhiskerPosesTest {
    private static WhiskerSweeper sweeper;
    private static WhiskerSweeper.Result watched;
    private static WhiskerPoses poses;
    private static WhiskerSweeper.Result unwatched;

    /** One sweep of a box through the middle of the field, watched and not. */
    @BeforeAll
    static void sweep() {
        sweeper = WhiskerSweeper.mouse(WhiskerPhysics.defaults());
        var box = ObjectClasses.generate("box", new SplittableRandom(3));
        var p = new SweepParameters(50, 40, 20, 0, 5, 0);
        poses = WhiskerPoses.of(sweeper);
        watched = sweeper.sweep(box, p, false, poses);
        unwatched = sweeper.sweep(box, p, false);
    }

    @Test
    void watchingDoesNotChangeTheSignals() {
        assertArrayEquals(unwatched.signals(), watched.signals());
    }

    @Test
    void beforeContactEveryWhiskerIsAtRestTipIncluded() {
        assertTrue(watched.simulatedWhiskers() > 0);
        for (int w = 0; w < sweeper.whiskers().size(); w++) {
            double[][] rest = poses.rest(w), now = poses.at(0, w);
            assertEquals(sweeper.whiskers().get(w).links() + 1, now.length);
            for (int i = 0; i < rest.length; i++) {
                for (int k = 0; k < 3; k++) assertEquals(rest[i][k], now[i][k], 1e-6, "whisker " + w + " point " + i);
            }
        }
    }

    @Test
    void touchedWhiskersBendAndKeepTheirLinkLengths() {
        double largest = 0;
        for (int f = 0; f < poses.frameCount(); f++) {
            for (int w = 0; w < sweeper.whiskers().size(); w++) {
                double[][] rest = poses.rest(w), now = poses.at(f, w);
                var chain = sweeper.whiskers().get(w);
                for (int i = 0; i < now.length; i++) {
                    largest = Math.max(largest, Vec3.of(rest[i]).minus(Vec3.of(now[i])).norm());
                    if (i > 0) assertEquals(chain.chordLength(i - 1), Vec3.of(now[i]).minus(Vec3.of(now[i - 1])).norm(), 1e-3);
                }
                assertArrayEquals(rest[0], now[0], 1e-9, "a base is fixed to the head");
            }
        }
        assertTrue(largest > 0.5, "the box should deflect some whisker by more than 0.5 mm; largest " + largest);
    }
}
