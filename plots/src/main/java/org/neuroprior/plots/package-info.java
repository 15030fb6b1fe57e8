/**
 * Learning curves and comparisons read from run directories and drawn with JFreeChart. Empty so far: the
 * plots arrive with the swimmer-experiments issue.
 */
package org.neuroprior.plots;
