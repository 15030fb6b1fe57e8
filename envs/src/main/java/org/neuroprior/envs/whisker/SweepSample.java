package org.neuroprior.envs.whisker;

import java.util.Map;

/**
 * One recorded sweep: what the whisker array felt while one object moved past it.
 *
 * @param label      the object's class index (into {@link SweepSource#classNames()})
 * @param signals    {@link #FRAMES} x {@link #CELLS} x {@link #CHANNELS} floats, row-major (time, grid cell, channel):
 *                   force (Fx, Fy, Fz) and moment (Mx, My, Mz) at each whisker base, the 30 whiskers padded into a
 *                   5 x 7 grid with zeros at the flat positions {@link #PADDING_CELLS}
 * @param parameters everything that defines the sweep (class, shape parameters, speed, size, rotation, height,
 *                   distance, direction, seed), in a stable order; values are numbers, strings or booleans
 */
public record SweepSample(int label, float[] signals, Map<String, Object> parameters) {
    public static final int FRAMES = 110;
    public static final int CELLS = 35;
    public static final int CHANNELS = 6;
    public static final int SIZE = FRAMES * CELLS * CHANNELS;
    /** Grid cells (row-major in the 5 x 7 grid) that hold no whisker: rows A and B have 5, row E has 6. */
    public static final int[] PADDING_CELLS = {5, 6, 12, 13, 34};

    public SweepSample {
        if (signals.length != SIZE) {
            throw new IllegalArgumentException("a sweep has " + SIZE + " values (110 x 35 x 6), got " + signals.length);
        }
    }
}
