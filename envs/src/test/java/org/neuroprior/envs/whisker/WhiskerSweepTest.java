package org.neuroprior.envs.whisker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectClasses;

/** Sweeps end to end: layout, determinism, each whisker alone in its window, timestep convergence, protocol input. */
class WhiskerSweepTest {
    private static final ObjectCatalog CATALOG = ObjectCatalog.procedural(List.of("box", "torus", "cone"));

    @Test
    void aSampleIsDeterministicPaddedAndLabelledByItsIndex() {
        var sweeps = new ProtocolSweeps(SweepProtocol.high(), CATALOG, 2, 11, WhiskerPhysics.defaults());
        assertEquals(6, sweeps.size());
        var a = sweeps.sample(3);
        var b = sweeps.sample(3);
        assertEquals(1, a.label()); // index 3 with 2 per class -> the second class
        assertEquals("torus", a.parameters().get("class"));
        assertArrayEquals(a.signals(), b.signals());
        assertEquals(a.parameters(), b.parameters());
        double energy = 0;
        for (int t = 0; t < SweepSample.FRAMES; t++) {
            for (int cell = 0; cell < SweepSample.CELLS; cell++) {
                for (int c = 0; c < SweepSample.CHANNELS; c++) {
                    float v = a.signals()[(t * SweepSample.CELLS + cell) * SweepSample.CHANNELS + c];
                    assertTrue(Float.isFinite(v));
                    for (int pad : SweepSample.PADDING_CELLS) if (cell == pad) assertEquals(0f, v, "padding cell " + pad);
                    energy += v * v;
                }
            }
        }
        assertTrue(energy > 0, "a sweep past the array at 5 mm must touch whiskers");
        assertTrue((int) a.parameters().get("simulated_whiskers") > 0);
    }

    @Test
    void leavingOutWhiskersTheObjectCannotReachChangesNothing() {
        // The default leaves out the whiskers the object's swept box cannot reach; simulating all 30 for the whole
        // sweep, each in its own model, finds exactly nothing on them.
        var physics = WhiskerPhysics.defaults();
        var object = ObjectClasses.generate("box", new SplittableRandom(5));
        var p = new SweepParameters(45, 30, 20, 3, 5, 90);
        var culled = WhiskerSweeper.mouse(physics).sweep(object, p, false, null, true);
        var full = new WhiskerSweeper(WhiskerMorphology.mouseRightSide(), physics, WhiskerSweeper.Mode.ALONE).sweep(object, p, false, null, false);
        assertTrue(culled.simulatedWhiskers() < 30, "this sweep cannot reach every whisker");
        assertEquals(30, full.simulatedWhiskers());
        assertEquals(30L * (1000 * physics.stepsPerMillisecond() + 1), full.whiskerSteps());
        assertSameSignals(full.signals(), culled.signals(), 1e-4);
    }

    @Test
    void eachWhiskerAloneInItsWindowRecordsWhatTheWholeArrayRecords() {
        // Whiskers never touch each other: simulating each alone changes nothing but the solver's precision (one
        // solver for the whole array stops on a criterion over all contacts, so whiskers touched lightly beside heavily
        // loaded ones come out less precise), and simulating it only inside its contact window changes nothing beyond
        // the rest tolerance at the window's end. The first difference is not small: a sweep's signals are sensitive to
        // perturbations at the solver's precision (moving the object by 1 micrometre changes them by 5% on average and
        // up to 15%, BENCHMARKS.md, "The whisker array", version 3); this sweep differs by 8.4%.
        var object = ObjectClasses.generate("torus", new SplittableRandom(2));
        var p = new SweepParameters(40, 40, 30, 0, 5, 0);
        var physics = WhiskerPhysics.defaults();
        var array = new WhiskerSweeper(WhiskerMorphology.mouseRightSide(), physics, WhiskerSweeper.Mode.ARRAY).sweep(object, p);
        var alone = new WhiskerSweeper(WhiskerMorphology.mouseRightSide(), physics, WhiskerSweeper.Mode.ALONE).sweep(object, p);
        var windowed = new WhiskerSweeper(WhiskerMorphology.mouseRightSide(), physics, WhiskerSweeper.Mode.WINDOWED).sweep(object, p);
        double change = relativeDifference(array.signals(), alone.signals());
        assertTrue(change < 0.12, "one model for the array vs one per whisker: relative L2 difference " + change);
        assertSameSignals(alone.signals(), windowed.signals(), 1e-4);
        assertTrue(windowed.whiskerSteps() < 0.5 * alone.whiskerSteps(), "the windows should skip most of the steps: "
                + windowed.whiskerSteps() + " of " + alone.whiskerSteps());
        assertEquals(alone.whiskerSteps(), array.whiskerSteps());
    }

    /** Equal up to {@code tolerance} times the largest reading, which must be well above 0. */
    private static void assertSameSignals(float[] expected, float[] actual, double tolerance) {
        double norm = 0, maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            norm = Math.max(norm, Math.abs(expected[i]));
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(norm > 1, "the sweep must touch whiskers");
        assertTrue(maxDiff <= tolerance * norm, "signals differ by " + maxDiff + " (largest reading " + norm + ")");
    }

    @Test
    void halvingTheStepChangesTheSignalsByLessThanATenthOnAverage() {
        // The convergence study's criterion (BENCHMARKS.md) on three sweeps: single sweeps can change more (a slip off
        // an edge a step earlier or later), so the test asks for it on average.
        var physics = WhiskerPhysics.defaults();
        var coarse = new ProtocolSweeps(SweepProtocol.high(), CATALOG, 1, 7, physics);
        var fine = new ProtocolSweeps(SweepProtocol.high(), CATALOG, 1, 7, physics.withTimestep(physics.timestep() / 2));
        double change = 0;
        for (int i = 0; i < coarse.size(); i++) change += relativeDifference(coarse.sample(i).signals(), fine.sample(i).signals()) / coarse.size();
        assertTrue(change < 0.1, physics.timestep() + " s vs half of it: mean relative L2 difference " + change);
    }

    static double relativeDifference(float[] x, float[] y) {
        double diff = 0, norm = 0;
        for (int k = 0; k < x.length; k++) {
            diff += ((double) x[k] - y[k]) * ((double) x[k] - y[k]);
            norm += (double) y[k] * y[k];
        }
        assertTrue(norm > 0, "the sweep touches nothing");
        return Math.sqrt(diff / norm);
    }

    @Test
    void outOfRangeProtocolValuesAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> SweepProtocol.high().with("speed", "0:60"));
        assertTrue(e.getMessage().contains("speed = 0.0 mm/s") && e.getMessage().contains("1..500"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepProtocol.high().with("size", "big"));
        assertTrue(e.getMessage().contains("'big'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepProtocol.high().with("colour", "1"));
        assertTrue(e.getMessage().contains("'colour'") && e.getMessage().contains("speed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepProtocol.named("medium"));
        assertTrue(e.getMessage().contains("'medium'") && e.getMessage().contains("high, low"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SweepParameters(30, 40, 0, 0, 5, 400));
        assertTrue(e.getMessage().contains("direction = 400.0"), e.getMessage());
        var p = SweepProtocol.low().with("speed", "45").draw(new SplittableRandom(1));
        assertEquals(45, p.speed());
        assertEquals(40, p.size());
    }
}
