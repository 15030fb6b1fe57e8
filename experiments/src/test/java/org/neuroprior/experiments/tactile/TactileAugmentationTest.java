package org.neuroprior.experiments.tactile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.tactile.TactileGrid;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.experiments.tactile.TactileAugmentation.Draw;
import org.neuroprior.experiments.tactile.TactileAugmentation.Flip;

/**
 * The SimCLR augmentations against hand-worked examples, in the model's own view of a sweep: the (T, C, H, W) =
 * (22, 30, 5, 7) images that {@link TactileGrid#images} makes of it. Every augmentation is an exact permutation of
 * the input's values (rotations by 90 and 270 degrees with cells zero-filled), time reversal a permutation with
 * every sign flipped, and applying a flip (or a half turn, or time reversal) twice gives the input back.
 */
class TactileAugmentationTest {
    private static final int T = 22, C = 30, H = 5, W = 7;

    /** A sweep whose every value is distinct and non-zero: frame f, cell k, signal c holds 1000 f + 10 k + c + 1. */
    private static float[] sweep() {
        float[] x = new float[SweepSample.SIZE];
        for (int f = 0; f < SweepSample.FRAMES; f++)
            for (int k = 0; k < SweepSample.CELLS; k++)
                for (int c = 0; c < SweepSample.CHANNELS; c++) x[(f * SweepSample.CELLS + k) * SweepSample.CHANNELS + c] = 1000 * f + 10 * k + c + 1;
        return x;
    }

    /** The model's view of a sweep: [t][channel][row][column], through the models' own layout code. */
    private static float[][][][] images(float[] sweep) {
        SameDiff sd = SameDiff.create();
        var in = sd.constant("x", Nd4j.create(sweep, new long[] {1, SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS}, 'c'));
        float[] flat = TactileGrid.images(in, T).eval().castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[][][][] out = new float[T][C][H][W];
        for (int t = 0; t < T; t++)
            for (int c = 0; c < C; c++)
                for (int r = 0; r < H; r++)
                    for (int w = 0; w < W; w++) out[t][c][r][w] = flat[((t * C + c) * H + r) * W + w];
        return out;
    }

    private static float[] apply(Draw d, float[] x) {
        float[] out = new float[x.length];
        TactileAugmentation.apply(d, x, 0, out, 0);
        return out;
    }

    /** What each output pixel of an image holds, as a function of the input images. */
    private interface Pixel {
        float at(float[][][][] in, int t, int c, int r, int w);
    }

    private static void assertImages(Draw d, Pixel expected) {
        float[] x = sweep();
        float[][][][] in = images(x), out = images(apply(d, x));
        for (int t = 0; t < T; t++)
            for (int c = 0; c < C; c++)
                for (int r = 0; r < H; r++)
                    for (int w = 0; w < W; w++)
                        assertEquals(expected.at(in, t, c, r, w), out[t][c][r][w], 0f, d + " at t " + t + " c " + c + " (" + r + ", " + w + ")");
    }

    @Test
    void flipsReverseTheColumnsOrTheRows() {
        assertImages(new Draw(Flip.HORIZONTAL, 0, false), (in, t, c, r, w) -> in[t][c][r][W - 1 - w]);
        assertImages(new Draw(Flip.VERTICAL, 0, false), (in, t, c, r, w) -> in[t][c][H - 1 - r][w]);
        assertImages(Draw.IDENTITY, (in, t, c, r, w) -> in[t][c][r][w]);
    }

    @Test
    void timeReversalReversesStepsAndFramesWithinAStepAndFlipsSigns() {
        // channel 6 f + s of step t is signal s of frame 5 t + f; reversed, frame 109 - (5 t + f) = 5 (21 - t) + (4 - f)
        assertImages(new Draw(Flip.NONE, 0, true), (in, t, c, r, w) -> -in[T - 1 - t][6 * (4 - c / 6) + c % 6][r][w]);
    }

    @Test
    void rotationsTurnTheGridAboutItsCentreCell() {
        assertImages(new Draw(Flip.NONE, 2, false), (in, t, c, r, w) -> in[t][c][H - 1 - r][W - 1 - w]);
        // A grid holding 10 r + w, by hand: a quarter turn counter-clockwise brings the right-hand columns to the top;
        // columns 0 and 6 of the input fall off the 5 x 7 canvas and columns 0 and 6 of the output are zeros.
        float[][] quarter = {
                {0, 5, 15, 25, 35, 45, 0},
                {0, 4, 14, 24, 34, 44, 0},
                {0, 3, 13, 23, 33, 43, 0},
                {0, 2, 12, 22, 32, 42, 0},
                {0, 1, 11, 21, 31, 41, 0}};
        float[][] threeQuarters = {
                {0, 41, 31, 21, 11, 1, 0},
                {0, 42, 32, 22, 12, 2, 0},
                {0, 43, 33, 23, 13, 3, 0},
                {0, 44, 34, 24, 14, 4, 0},
                {0, 45, 35, 25, 15, 5, 0}};
        assertArrayEquals(quarter, grid(new Draw(Flip.NONE, 1, false)));
        assertArrayEquals(threeQuarters, grid(new Draw(Flip.NONE, 3, false)));
        // the same turn in every frame, channel and step of a whole sweep
        assertImages(new Draw(Flip.NONE, 1, false), (in, t, c, r, w) -> w == 0 || w == W - 1 ? 0 : in[t][c][w - 1][W - 2 - r]);
        // the flip comes first: flip the columns, then a half turn = flip the rows
        assertImages(new Draw(Flip.HORIZONTAL, 2, false), (in, t, c, r, w) -> in[t][c][H - 1 - r][w]);
    }

    /** A one-frame grid of 10 r + w (signal 0 of every frame), augmented, read back as a 5 x 7 grid of frame 0. */
    private static float[][] grid(Draw d) {
        float[] x = new float[SweepSample.SIZE];
        for (int f = 0; f < SweepSample.FRAMES; f++)
            for (int k = 0; k < SweepSample.CELLS; k++) x[(f * SweepSample.CELLS + k) * SweepSample.CHANNELS] = 10 * (k / W) + k % W;
        float[] y = apply(d, x);
        float[][] g = new float[H][W];
        for (int k = 0; k < SweepSample.CELLS; k++) g[k / W][k % W] = y[k * SweepSample.CHANNELS];
        return g;
    }

    @Test
    void everyAugmentationIsAPermutationWithSignsAndInvolutionsUndoThemselves() {
        float[] x = sweep();
        for (Flip f : Flip.values()) {
            for (int turns = 0; turns < 4; turns++) {
                for (boolean reverse : new boolean[] {false, true}) {
                    Draw d = new Draw(f, turns, reverse);
                    float[] y = apply(d, x);
                    // each output value is +-(one input value), each input value used at most once; zeros only where cells were cut
                    boolean[] used = new boolean[x.length];
                    int zeros = 0;
                    for (float v : y) {
                        if (v == 0) {
                            zeros++;
                            continue;
                        }
                        assertEquals(reverse ? -1f : 1f, Math.signum(v), d.toString());
                        float a = Math.abs(v) - 1;
                        int frame = (int) (a / 1000), cell = (int) (a % 1000) / 10, ch = (int) (a % 10);
                        int index = (frame * SweepSample.CELLS + cell) * SweepSample.CHANNELS + ch;
                        assertEquals(false, used[index], d + " reads value " + index + " twice");
                        used[index] = true;
                    }
                    assertEquals(turns % 2 == 1 ? 2 * H * SweepSample.FRAMES * SweepSample.CHANNELS : 0, zeros, d + ": the zero-filled columns");
                }
            }
        }
        for (Draw d : List.of(new Draw(Flip.HORIZONTAL, 0, false), new Draw(Flip.VERTICAL, 0, false), new Draw(Flip.NONE, 2, false),
                new Draw(Flip.NONE, 0, true), new Draw(Flip.VERTICAL, 2, true))) {
            assertArrayEquals(x, apply(d, apply(d, x)), 0f, d + " twice");
        }
    }

    /** The draws that make every output of the 24 augmentations, as the outputs on a sweep of distinct values. */
    private static java.util.Map<String, Draw> effects(float[] x) {
        java.util.Map<String, Draw> out = new java.util.LinkedHashMap<>();
        for (Flip f : Flip.values())
            for (int turns = 0; turns < 4; turns++)
                for (boolean reverse : new boolean[] {false, true}) {
                    Draw d = new Draw(f, turns, reverse);
                    out.putIfAbsent(java.util.Arrays.toString(apply(d, x)), d);
                }
        return out;
    }

    @Test
    void viewsDrawPerSampleByDefaultOrOncePerBatchAsTheReference() {
        int n = 6, batch = 8;
        float[] samples = new float[n * SweepSample.SIZE];
        float[] base = sweep();
        for (int r = 0; r < n; r++)
            for (int i = 0; i < SweepSample.SIZE; i++) samples[r * SweepSample.SIZE + i] = base[i] + 200_000 * r; // distinct across samples too
        TactileAugmentation all = new TactileAugmentation(TactileAugmentation.ALL);
        for (boolean perSample : new boolean[] {true, false}) {
            float[] into = new float[2 * batch * SweepSample.SIZE];
            java.util.Arrays.fill(into, 7f);
            Contrastive.views(all, perSample, 42, samples, n, into, batch);
            java.util.Set<String> transforms = new java.util.HashSet<>();
            for (int v = 0; v < 2; v++) {
                java.util.Set<String> inView = new java.util.HashSet<>();
                for (int r = 0; r < n; r++) {
                    float[] x = java.util.Arrays.copyOfRange(samples, r * SweepSample.SIZE, (r + 1) * SweepSample.SIZE);
                    float[] row = java.util.Arrays.copyOfRange(into, (v * batch + r) * SweepSample.SIZE, (v * batch + r + 1) * SweepSample.SIZE);
                    Draw d = effects(x).get(java.util.Arrays.toString(row));
                    assertEquals(true, d != null, "view " + v + " of sample " + r + " is one of the augmentations of that sample");
                    // name the transform by its effect on the first sample, so equal effects compare equal
                    inView.add(java.util.Arrays.toString(apply(d, base)));
                }
                for (int r = n; r < batch; r++) {
                    for (int i = 0; i < SweepSample.SIZE; i++) assertEquals(0f, into[(v * batch + r) * SweepSample.SIZE + i], "rows without a sample are zeros");
                }
                if (!perSample) assertEquals(1, inView.size(), "per batch: one draw for the whole view");
                transforms.addAll(inView);
            }
            if (perSample) assertTrue(transforms.size() > 2, "per sample: the views of the batch differ, " + transforms.size() + " transforms");
        }
    }

    @Test
    void drawsFollowTheReferenceProbabilities() {
        TactileAugmentation all = new TactileAugmentation(TactileAugmentation.ALL);
        SplittableRandom rng = new SplittableRandom(7);
        int n = 40_000;
        int[] flips = new int[3], turns = new int[4];
        int reversed = 0;
        for (int i = 0; i < n; i++) {
            Draw d = all.draw(rng);
            flips[d.flip().ordinal()]++;
            turns[d.quarterTurns()]++;
            if (d.reverse()) reversed++;
        }
        // standard errors are at most 0.0025: 4 of them is 0.01
        assertEquals(0.5, flips[0] / (double) n, 0.01, "no flip");
        assertEquals(0.25, flips[1] / (double) n, 0.01, "horizontal");
        assertEquals(0.25, flips[2] / (double) n, 0.01, "vertical");
        for (int k = 0; k < 4; k++) assertEquals(0.25, turns[k] / (double) n, 0.01, k + " quarter turns");
        assertEquals(0.5, reversed / (double) n, 0.01, "time reversal");

        TactileAugmentation onlyReverse = new TactileAugmentation(List.of(TactileAugmentation.REVERSE));
        SplittableRandom a = new SplittableRandom(9), b = new SplittableRandom(9);
        for (int i = 0; i < 1000; i++) {
            Draw d = onlyReverse.draw(a), full = all.draw(b);
            assertEquals(new Draw(Flip.NONE, 0, full.reverse()), d, "left-out augmentations are never applied, the others draw alike");
        }
        assertThrows(IllegalArgumentException.class, () -> new TactileAugmentation(List.of("crop")));
    }
}
