package org.neuroprior.experiments.tactile;

import java.util.List;
import java.util.SplittableRandom;

import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.WhiskerSweeper;

/**
 * The tactile augmentations of SimCLR on whisker sweeps, as the EAD reference code (Chung et al. 2025) draws them:
 * a flip of the 5 x 7 grid, a rotation of the grid by a multiple of 90 degrees, and time reversal with every signal
 * negated. Each acts on one stored sweep {@code [110, 35, 6]} (frames, grid cells {@code 7 row + column}, signals),
 * which is the model's input {@code (T = 22, C = 30, H = 5, W = 7)} in another order ({@code TactileGrid}): a flip
 * and a rotation permute the grid cells of every frame alike, time reversal reverses the 110 frames (so the 22 steps
 * and, inside a step, its 5 frames: channel {@code 6 f + c} becomes {@code 6 (4 - f) + c}) and flips every sign.
 *
 * <p><b>Draws</b> ({@link #draw}), in this order from one generator:
 * <ul>
 *   <li>flip: with probability 1/2 a horizontal flip with probability 1/2, else a vertical flip with probability 1/2
 *       (so none 1/2, horizontal 1/4, vertical 1/4). Horizontal reverses the columns (caudal-rostral), vertical the
 *       rows (A-E).</li>
 *   <li>rotation: 0, 1, 2 or 3 quarter turns counter-clockwise (row 0 at the top), each with probability 1/4, about
 *       the centre cell (row 2, column 3), on the 5 x 7 canvas as the reference's rotation without expansion and
 *       nearest-neighbour sampling: 180 degrees is a permutation, 90 and 270 map the centre 5 x 5 block onto itself
 *       and leave columns 0 and 6 zero (the cells rotated off the canvas are dropped).</li>
 *   <li>time reversal with probability 1/2: frame {@code f} becomes frame {@code 109 - f}, negated.</li>
 * </ul>
 * The flip is applied first, then the rotation, then time reversal. An augmentation left out of the configured set is
 * never applied (its draws are still made, so the others' do not change).
 */
public final class TactileAugmentation {
    /** The augmentations, as config key {@code augmentations} names them. */
    public static final String FLIP = "flip", ROTATE = "rotate", REVERSE = "reverse";
    public static final List<String> ALL = List.of(FLIP, ROTATE, REVERSE);

    private static final int ROWS = WhiskerSweeper.GRID_ROWS;
    private static final int COLUMNS = WhiskerSweeper.GRID_COLUMNS;

    /** A grid flip. */
    public enum Flip { NONE, HORIZONTAL, VERTICAL }

    /**
     * One augmentation of one sweep.
     *
     * @param flip         the grid flip, applied first
     * @param quarterTurns counter-clockwise quarter turns of the grid, 0 to 3, applied second
     * @param reverse      whether time is reversed and every signal negated, applied last
     */
    public record Draw(Flip flip, int quarterTurns, boolean reverse) {
        /** @throws IllegalArgumentException if {@code quarterTurns} is outside 0..3 */
        public Draw {
            if (quarterTurns < 0 || quarterTurns > 3) throw new IllegalArgumentException("quarter turns 0..3, got " + quarterTurns);
        }

        /** No change. */
        public static final Draw IDENTITY = new Draw(Flip.NONE, 0, false);

        /**
         * For each output grid cell (7 row + column), the input cell it reads, or -1 where it is zero.
         *
         * @return 35 values
         */
        public int[] cellSources() {
            int[] sources = new int[ROWS * COLUMNS];
            int cr = ROWS / 2, cc = COLUMNS / 2;
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    int dr = r - cr, dc = c - cc; // offsets of the output cell from the centre
                    int sr, sc;                   // offsets of the flipped grid's cell it reads
                    switch (quarterTurns) {
                        case 1 -> { sr = dc; sc = -dr; }
                        case 2 -> { sr = -dr; sc = -dc; }
                        case 3 -> { sr = -dc; sc = dr; }
                        default -> { sr = dr; sc = dc; }
                    }
                    int fr = sr + cr, fc = sc + cc;
                    if (fr < 0 || fr >= ROWS || fc < 0 || fc >= COLUMNS) {
                        sources[r * COLUMNS + c] = -1;
                        continue;
                    }
                    if (flip == Flip.HORIZONTAL) fc = COLUMNS - 1 - fc;
                    if (flip == Flip.VERTICAL) fr = ROWS - 1 - fr;
                    sources[r * COLUMNS + c] = fr * COLUMNS + fc;
                }
            }
            return sources;
        }
    }

    private final boolean flip;
    private final boolean rotate;
    private final boolean reverse;

    /**
     * @param enabled the augmentations applied, a subset of {@link #ALL}
     * @throws IllegalArgumentException naming an unknown augmentation
     */
    public TactileAugmentation(List<String> enabled) {
        for (String a : enabled) {
            if (!ALL.contains(a)) throw new IllegalArgumentException("unknown augmentation '" + a + "'; accepted: " + String.join(", ", ALL));
        }
        this.flip = enabled.contains(FLIP);
        this.rotate = enabled.contains(ROTATE);
        this.reverse = enabled.contains(REVERSE);
    }

    /** One draw from {@code rng}, with the augmentations not enabled left out (their draws are still made). */
    public Draw draw(SplittableRandom rng) {
        boolean horizontalBranch = rng.nextDouble() < 0.5;
        boolean flipped = rng.nextDouble() < 0.5;
        int turns = rng.nextInt(4);
        boolean reversed = rng.nextDouble() < 0.5;
        Flip f = !flip || !flipped ? Flip.NONE : horizontalBranch ? Flip.HORIZONTAL : Flip.VERTICAL;
        return new Draw(f, rotate ? turns : 0, reverse && reversed);
    }

    /**
     * Writes the augmented sweep {@code in[from ..]} into {@code out[to ..]} ({@link SweepSample#SIZE} floats each;
     * the ranges must not overlap).
     */
    public static void apply(Draw draw, float[] in, int from, float[] out, int to) {
        int[] sources = draw.cellSources();
        int ch = SweepSample.CHANNELS, cells = SweepSample.CELLS, frames = SweepSample.FRAMES;
        float sign = draw.reverse() ? -1f : 1f;
        for (int f = 0; f < frames; f++) {
            int sf = draw.reverse() ? frames - 1 - f : f;
            for (int cell = 0; cell < cells; cell++) {
                int o = to + (f * cells + cell) * ch;
                int s = sources[cell];
                if (s < 0) {
                    for (int k = 0; k < ch; k++) out[o + k] = 0f;
                } else {
                    int i = from + (sf * cells + s) * ch;
                    for (int k = 0; k < ch; k++) out[o + k] = sign * in[i + k];
                }
            }
        }
    }
}
