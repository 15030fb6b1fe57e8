/**
 * Figures read from run directories and drawn with JFreeChart.
 *
 * <p>Entry points: {@link org.neuroprior.plots.Plots#writeAll(java.util.List, java.nio.file.Path)} draws the
 * architecture comparisons (learning curves, final score against parameter count, zero-shot transfer,
 * ablation bars, each as PNG + SVG + summary CSV); {@link org.neuroprior.plots.SwimmerPictures#write(
 * java.nio.file.Path, java.nio.file.Path)} draws one played swimmer episode (strip PNG + animated GIF);
 * {@link org.neuroprior.plots.WhiskerPictures#write} draws one whisker sweep (the array and the object in three views,
 * heat maps of the base moments and forces) from plain records ({@link org.neuroprior.plots.WhiskerScene},
 * {@link org.neuroprior.plots.WhiskerSignals}) that the caller fills.
 *
 * <p>The module reads only the files the training runner writes ({@code config.yaml}, {@code log.csv},
 * {@code transfer.csv}, {@code trajectory.csv}); it depends on no other NeuroPrior module.
 *
 * <p>Statistics: every "std" is the population standard deviation (divisor n, numpy's default, the same
 * convention as tonic's {@code test/episode_score/std}).
 */
package org.neuroprior.plots;
