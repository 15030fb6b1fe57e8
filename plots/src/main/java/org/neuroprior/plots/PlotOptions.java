package org.neuroprior.plots;

/**
 * Options of {@link Plots#writeAll(java.util.List, java.nio.file.Path, PlotOptions)}.
 *
 * @param width chart width in pixels (PNG) / user units (SVG)
 * @param height chart height
 * @param lastEpochs how many of the last evaluations of each run are averaged into its final score
 */
public record PlotOptions(int width, int height, int lastEpochs) {

    public PlotOptions {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("Chart size too small: " + width + "x" + height);
        }
        if (lastEpochs < 1) {
            throw new IllegalArgumentException("lastEpochs must be >= 1, got " + lastEpochs);
        }
    }

    /** 900 x 560 charts, final score = mean of the last 5 evaluations. */
    public static PlotOptions defaults() {
        return new PlotOptions(900, 560, 5);
    }
}
