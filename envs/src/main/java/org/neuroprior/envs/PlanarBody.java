package org.neuroprior.envs;

/**
 * An environment whose body is a chain of links moving in a plane, with a target: what pictures of an episode (a strip
 * of poses, an animation) need. The swimmer is one.
 */
public interface PlanarBody {

    /** Number of links, head first. */
    int links();

    /** World x, y of every link's frame, head first: {@code 2 * links()} values written from {@code offset}, metres. */
    void linkPositions(double[] out, int offset);

    /** World x of the target, metres. */
    double targetX();

    /** World y of the target, metres. */
    double targetY();
}
