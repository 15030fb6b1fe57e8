package org.neuroprior.envs.whisker.tasks;

import java.util.random.RandomGenerator;

import org.neuroprior.envs.whisker.objects.ObjectShape;

/**
 * Where {@code whisker-active} puts its object: beside the whisker field, just out of reach.
 *
 * <p>The object is scaled to a bounding-box diagonal uniform in [{@value #MIN_SIZE}, {@value #MAX_SIZE}] mm, rotated
 * about the vertical axis by a uniform angle, and placed so that its nearest face (bounding box) is
 * {@value #CLEARANCE} mm plus a gap uniform in [0, {@value #MAX_GAP}] mm beyond the outermost whisker point at rest,
 * with its centre within {@value #MAX_OFFSET} mm of the field's centre in y and z. So every reset starts with no
 * contact, and moving the head laterally (+x) far enough always reaches the object.
 *
 * @param shape    the object as placed: centred, scaled and rotated, in the object body's frame
 * @param position the object body's position in the world (head frame at the start), mm
 */
public record ObjectPlacement(ObjectShape shape, double[] position) {
    public static final double MIN_SIZE = 20;
    public static final double MAX_SIZE = 40;
    public static final double CLEARANCE = 1;
    public static final double MAX_GAP = 10;
    public static final double MAX_OFFSET = 5;

    public ObjectPlacement {
        position = position.clone();
    }

    @Override
    public double[] position() {
        return position.clone();
    }

    /** Scales, turns and places {@code object} (in its own frame) with draws from {@code rng}. */
    public static ObjectPlacement draw(ObjectShape object, RestField field, RandomGenerator rng) {
        double size = rng.nextDouble(MIN_SIZE, MAX_SIZE);
        double rotation = rng.nextDouble(0, 2 * Math.PI);
        double gap = rng.nextDouble(0, MAX_GAP);
        double dy = rng.nextDouble(-MAX_OFFSET, MAX_OFFSET);
        double dz = rng.nextDouble(-MAX_OFFSET, MAX_OFFSET);
        ObjectShape shape = object.centeredAndScaledToDiagonal(size).rotatedAboutZ(rotation);
        double nearX = field.maxX() + CLEARANCE + gap;
        return new ObjectPlacement(shape, new double[] {nearX - shape.boundsMin()[0], field.centreY() + dy, field.centreZ() + dz});
    }

    /** The world x of the object's nearest face (its bounding box's lower x). */
    public double nearX() {
        return position[0] + shape.boundsMin()[0];
    }
}
