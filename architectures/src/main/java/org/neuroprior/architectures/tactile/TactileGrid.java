package org.neuroprior.architectures.tactile;

import java.util.Arrays;

import org.nd4j.autodiff.samediff.SDVariable;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.WhiskerSweeper;

/**
 * The whisker array's signals as a sequence of images, the input of every tactile encoder: {@code F} frames of the
 * 35 grid cells x 6 channels become {@code T = F / 5} images of 30 channels on the 5 x 7 grid (Chung et al. 2025:
 * a (110, 35, 6) sweep becomes (T = 22, C = 30, H = 5, W = 7)).
 *
 * <p><b>Layout.</b> A frame is what {@link SweepSample} stores: cell-major, then channel (Fx, Fy, Fz, Mx, My, Mz at
 * each whisker base). Cell {@code (row - 1) * 7 + column} holds the whisker of that row (A = 1 to E = 5) and column
 * (0 = most caudal), as {@link WhiskerSweeper#gridCell} places it: row A (5 whiskers) fills cells 0-4, B 7-11,
 * C 14-20, D 21-27, E (6 whiskers) 28-33, and the cells {@link SweepSample#PADDING_CELLS} (5, 6, 12, 13, 34) are
 * zeros. Step {@code t} stacks frames {@code 5t .. 5t + 4}; its channel {@code 6 f + c} is channel {@code c} of frame
 * {@code 5t + f} (frame-major, as the reference code orders them); its pixel {@code (r, w)} is grid cell
 * {@code 7 r + w} (row-major). Nothing is normalised.
 *
 * <p>The same function serves a whole sweep ({@code F = 110}, 22 steps) and an agent on {@code whisker-sweep} with
 * {@code obs_type=frames} and {@code frames_per_step=5} ({@code F = 5}, one image per agent step). The encoders carry
 * no state from one observation to the next: their recurrence runs over the images of one observation only, so an
 * agent that should remember earlier steps stacks them ({@code --frame-stack N}: {@code [N, 5, 35, 6]}, N images).
 */
public final class TactileGrid {
    /** Frames stacked into one image. */
    public static final int FRAMES_PER_STEP = 5;
    /** Rows of the grid (whisker rows A to E). */
    public static final int ROWS = WhiskerSweeper.GRID_ROWS;
    /** Columns of the grid (arc positions, caudal to rostral). */
    public static final int COLUMNS = WhiskerSweeper.GRID_COLUMNS;
    /** Signals per whisker and frame. */
    public static final int FEATURES = SweepSample.CHANNELS;
    /** Channels of one image: {@value #FRAMES_PER_STEP} frames x {@value #FEATURES} signals. */
    public static final int CHANNELS = FRAMES_PER_STEP * FEATURES;
    /** Cells of the grid, the pixels of an image. */
    public static final int CELLS = ROWS * COLUMNS;
    /** Floats of one step's frames ({@value #FRAMES_PER_STEP} frames of 35 cells x 6 signals), and of its image. */
    public static final int STEP_SIZE = FRAMES_PER_STEP * CELLS * FEATURES;

    private TactileGrid() {
    }

    /**
     * The number of images (time steps) made from one sample of {@code inputShape}.
     *
     * @param inputShape {@code [F, 35, 6]} with {@code F} a positive multiple of 5, or a stack of {@code N} such
     *                   observations oldest first, {@code [N, F, 35, 6]} (Gymnasium's FrameStack, {@code --frame-stack
     *                   N}), read as the {@code N F} frames in order
     * @throws IllegalArgumentException naming the shape and what is accepted otherwise
     */
    public static int steps(int[] inputShape) {
        int n = inputShape.length;
        if (n < 3 || n > 4 || inputShape[n - 2] != ROWS * COLUMNS || inputShape[n - 1] != FEATURES
                || inputShape[n - 3] % FRAMES_PER_STEP != 0 || inputShape[n - 3] == 0) {
            throw new IllegalArgumentException("tactile models read whisker frames [F, " + ROWS * COLUMNS + ", " + FEATURES
                    + "] with F a multiple of " + FRAMES_PER_STEP + " (a sweep is [110, 35, 6]) or a frame stack [N, F, 35, 6] of them, not "
                    + Arrays.toString(inputShape) + "; on whisker-sweep, --env-option obs_type=frames --env-option frames_per_step=5 observes [5, 35, 6]");
        }
        return (n == 4 ? inputShape[0] : 1) * inputShape[n - 3] / FRAMES_PER_STEP;
    }

    /**
     * The images of a batch of samples, time-major, in 3 graph ops (reshape, permute, reshape).
     *
     * @param frames [batch, F, 35, 6] (or anything of that size that reshapes to it), F = 5 {@code steps}
     * @param steps  {@code F / 5}, from {@link #steps}
     * @return [steps * batch, 30, 5, 7]: row {@code t * batch + b} is step {@code t} of sample {@code b}
     */
    public static SDVariable images(SDVariable frames, int steps) {
        SDVariable split = frames.reshape(-1, steps, FRAMES_PER_STEP, ROWS, COLUMNS, FEATURES); // [B, T, f, r, w, c]
        SDVariable ordered = split.permute(1, 0, 2, 5, 3, 4);                                 // [T, B, f, c, r, w]
        return ordered.reshape(-1, CHANNELS, ROWS, COLUMNS);
    }

    /**
     * The image of one step in plain Java, channels last, for the encoders' fused passes: the same values as
     * {@link #images} gives for that step, with the channels moved last ({@code [5, 7, 30]}: pixel
     * {@code (r, w)} = grid cell {@code 7 r + w}, channel {@code 6 f + c} = signal {@code c} of frame {@code f}).
     *
     * @param frames   the step's {@value #FRAMES_PER_STEP} frames {@code [5][35][6]} from {@code framesAt} (step
     *                 {@code t} of sample {@code b} of a batch {@code [B, F, 35, 6]} starts at
     *                 {@code (b F / 5 + t) * STEP_SIZE})
     * @param image    receives {@code [5][7][30]} ({@value #STEP_SIZE} floats) from {@code imageAt}
     * @throws IndexOutOfBoundsException if an array is too short
     */
    public static void image(float[] frames, int framesAt, float[] image, int imageAt) {
        for (int f = 0; f < FRAMES_PER_STEP; f++) {
            for (int cell = 0; cell < CELLS; cell++) {
                System.arraycopy(frames, framesAt + (f * CELLS + cell) * FEATURES, image, imageAt + cell * CHANNELS + f * FEATURES, FEATURES);
            }
        }
    }

    /**
     * The inverse of {@link #image}: an image-shaped array (e.g. dL/d image) back in the frames' layout, which is
     * dL/d frames since the mapping only moves values.
     *
     * @param image  {@code [5][7][30]} from {@code imageAt}
     * @param frames receives {@code [5][35][6]} from {@code framesAt}
     * @throws IndexOutOfBoundsException if an array is too short
     */
    public static void frames(float[] image, int imageAt, float[] frames, int framesAt) {
        for (int f = 0; f < FRAMES_PER_STEP; f++) {
            for (int cell = 0; cell < CELLS; cell++) {
                System.arraycopy(image, imageAt + cell * CHANNELS + f * FEATURES, frames, framesAt + (f * CELLS + cell) * FEATURES, FEATURES);
            }
        }
    }
}
