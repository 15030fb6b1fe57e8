package org.neuroprior.envs.whisker.tasks;

import java.util.List;

import org.neuroprior.envs.whisker.WhiskerChain;

/**
 * Where the whiskers are at rest, in the head frame (mm; x lateral, y rostral, z dorsal): how far out the outermost
 * base and the outermost point of any whisker lie, and the y-z extent of the whole field. An object placed beyond
 * {@code maxX} touches nothing until the head moves.
 */
public record RestField(double maxBaseX, double maxX, double minY, double maxY, double minZ, double maxZ) {

    public static RestField of(List<WhiskerChain> whiskers) {
        double maxBaseX = Double.NEGATIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        double minZ = Double.POSITIVE_INFINITY, maxZ = Double.NEGATIVE_INFINITY;
        for (WhiskerChain chain : whiskers) {
            var w = chain.whisker();
            maxBaseX = Math.max(maxBaseX, w.baseX());
            double[][] frame = w.baseFrame();
            for (int i = 0; i <= chain.links(); i++) {
                double[] p = chain.point(i); // in the base frame; z is 0
                double x = w.baseX() + frame[0][0] * p[0] + frame[0][1] * p[1];
                double y = w.baseY() + frame[1][0] * p[0] + frame[1][1] * p[1];
                double z = w.baseZ() + frame[2][0] * p[0] + frame[2][1] * p[1];
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                minZ = Math.min(minZ, z);
                maxZ = Math.max(maxZ, z);
            }
        }
        return new RestField(maxBaseX, maxX, minY, maxY, minZ, maxZ);
    }

    public double centreY() {
        return (minY + maxY) / 2;
    }

    public double centreZ() {
        return (minZ + maxZ) / 2;
    }
}
