package org.neuroprior.architectures.tactile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.WhiskerMorphology;
import org.neuroprior.envs.whisker.WhiskerSweeper;

/** The whisker frames become images as documented: channel 6 f + c, pixel (row, column) = grid cell 7 row + column. */
class TactileGridTest {

    @Test
    void everyValueLandsWhereTheLayoutSays() {
        int batch = 2;
        int frames = 10;
        int steps = TactileGrid.steps(new int[] {frames, 35, 6});
        assertEquals(2, steps);
        float[] values = new float[batch * frames * 35 * 6];
        for (int i = 0; i < values.length; i++) values[i] = i;      // each value is its own index
        SameDiff sd = SameDiff.create();
        INDArray out = TactileGrid.images(sd.constant(Nd4j.create(values, new long[] {batch, frames, 35, 6}, 'c')), steps).eval();
        assertArrayEquals(new long[] {steps * batch, 30, 5, 7}, out.shape());
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int f = 0; f < 5; f++) {
                    for (int c = 0; c < 6; c++) {
                        for (int r = 0; r < 5; r++) {
                            for (int w = 0; w < 7; w++) {
                                int cell = 7 * r + w;
                                float expected = ((b * frames + 5 * t + f) * 35 + cell) * 6 + c;
                                assertEquals(expected, out.getFloat(t * batch + b, 6 * f + c, r, w),
                                        "step " + t + " sample " + b + " frame " + f + " channel " + c + " cell " + cell);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theJavaImageOfAStepIsTheGraphsWithChannelsLastAndFramesInvertsIt() {
        int batch = 2;
        int frames = 15;
        int steps = TactileGrid.steps(new int[] {frames, 35, 6});
        float[] values = new float[batch * frames * 35 * 6];
        for (int i = 0; i < values.length; i++) values[i] = i;
        SameDiff sd = SameDiff.create();
        INDArray graph = TactileGrid.images(sd.constant(Nd4j.create(values, new long[] {batch, frames, 35, 6}, 'c')), steps).eval();
        float[] image = new float[2 + TactileGrid.STEP_SIZE];
        float[] back = new float[values.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int at = (b * steps + t) * TactileGrid.STEP_SIZE;
                TactileGrid.image(values, at, image, 2);
                for (int r = 0; r < 5; r++) {
                    for (int w = 0; w < 7; w++) {
                        for (int ch = 0; ch < 30; ch++) {
                            assertEquals(graph.getFloat(t * batch + b, ch, r, w), image[2 + (r * 7 + w) * 30 + ch], "step " + t + " sample " + b);
                        }
                    }
                }
                TactileGrid.frames(image, 2, back, at);
            }
        }
        assertArrayEquals(values, back);
    }

    @Test
    void theGridPlacesEveryWhiskerByRowAndColumnAndPadsTheRest() {
        boolean[] used = new boolean[35];
        for (WhiskerMorphology w : WhiskerMorphology.mouseRightSide()) {
            int cell = WhiskerSweeper.gridCell(w);
            assertEquals(w.row() - 1, cell / TactileGrid.COLUMNS, w.name());
            assertEquals(w.column(), cell % TactileGrid.COLUMNS, w.name());
            used[cell] = true;
        }
        for (int pad : SweepSample.PADDING_CELLS) assertTrue(!used[pad], "padding cell " + pad + " holds no whisker");
        int whiskers = 0;
        for (boolean u : used) if (u) whiskers++;
        assertEquals(35 - SweepSample.PADDING_CELLS.length, whiskers);
    }

    @Test
    void otherShapesAreRefusedWithTheShape() {
        for (int[] bad : new int[][] {{24}, {112, 35, 6}, {0, 35, 6}, {110, 30, 6}, {110, 35, 3}, {110, 35, 6, 1}, {2, 3, 35, 6}, {1, 2, 5, 35, 6}, {1051}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> TactileGrid.steps(bad));
            assertTrue(e.getMessage().contains(java.util.Arrays.toString(bad)) && e.getMessage().contains("multiple of 5"), e.getMessage());
        }
        assertEquals(22, TactileGrid.steps(new int[] {110, 35, 6}));
        assertEquals(1, TactileGrid.steps(new int[] {5, 35, 6}));
        assertEquals(22, TactileGrid.steps(new int[] {22, 5, 35, 6}), "a frame stack of 22 agent steps is the whole sweep");
        assertEquals(4, TactileGrid.steps(new int[] {2, 10, 35, 6}));
    }
}
