package org.neuroprior.envs.whisker.tasks;

import java.util.List;

import org.neuroprior.envs.whisker.WhiskerChain;
import org.neuroprior.envs.whisker.objects.Rotation;
import org.neuroprior.envs.whisker.objects.Vec3;

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
            Rotation frame = w.baseFrame();
            for (int i = 0; i <= chain.links(); i++) {
                Vec3 p = w.base().plus(frame.apply(Vec3.of(chain.point(i)))); // chain points are in the base frame
                double x = p.x(), y = p.y(), z = p.z();
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
