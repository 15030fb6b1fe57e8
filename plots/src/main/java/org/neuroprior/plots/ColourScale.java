package org.neuroprior.plots;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * A colour scale for heat maps: colours interpolated linearly between evenly spaced anchors. Values outside the
 * bounds take the end colours.
 */
record ColourScale(double lowerBound, double upperBound, Color[] anchors) implements PaintScale {

    /** White at 0 through yellow and orange to dark brown at {@code max}: untouched whiskers stay white. */
    static ColourScale magnitude(double max) {
        return new ColourScale(0, positive(max), new Color[] {
            Color.WHITE, new Color(0xfee391), new Color(0xfe9929), new Color(0xcc4c02), new Color(0x662506)});
    }

    /** Blue (negative) through white (0) to red (positive), symmetric about 0. */
    static ColourScale diverging(double maxAbs) {
        double m = positive(maxAbs);
        return new ColourScale(-m, m, new Color[] {
            new Color(0x2166ac), new Color(0x92c5de), Color.WHITE, new Color(0xf4a582), new Color(0xb2182b)});
    }

    /** A usable upper bound when nothing was felt (all zeros). */
    private static double positive(double max) {
        return max > 0 && Double.isFinite(max) ? max : 1;
    }

    @Override
    public double getLowerBound() {
        return lowerBound;
    }

    @Override
    public double getUpperBound() {
        return upperBound;
    }

    @Override
    public Paint getPaint(double value) {
        double t = (value - lowerBound) / (upperBound - lowerBound);
        if (!(t > 0)) return anchors[0];
        if (t >= 1) return anchors[anchors.length - 1];
        double x = t * (anchors.length - 1);
        int i = (int) Math.floor(x);
        double f = x - i;
        Color a = anchors[i], b = anchors[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
