package org.neuroprior.envs.whisker.objects;

/** p -> scale * rotation(p) + translation: the only transforms an object's parts undergo (shape is kept). */
public record Similarity(double scale, Rotation rotation, Vec3 translation) {
    public Similarity {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale " + scale + " is not allowed; accepted: a finite number > 0");
        }
        if (!translation.isFinite()) throw new IllegalArgumentException("translation " + translation + " is not finite");
    }

    public static Similarity rotation(Rotation r) {
        return new Similarity(1, r, Vec3.ZERO);
    }

    public static Similarity translation(Vec3 t) {
        return new Similarity(1, Rotation.IDENTITY, t);
    }

    public Vec3 applyToPoint(Vec3 p) {
        return rotation.apply(p).times(scale).plus(translation);
    }

    /** Rotates a part's orientation; scale and translation do not affect directions. */
    public Rotation applyToOrientation(Rotation r) {
        return rotation.after(r);
    }
}
