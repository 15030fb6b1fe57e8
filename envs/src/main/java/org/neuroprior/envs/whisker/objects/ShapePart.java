package org.neuroprior.envs.whisker.objects;

/** One rigid piece of an object, in the object's frame (mm): a MuJoCo primitive or a mesh. */
public sealed interface ShapePart permits Primitive, MeshPart {
    /** Lower corner of the part's axis-aligned bounding box (exact). */
    Vec3 lowerCorner();

    /** Upper corner of the part's axis-aligned bounding box (exact). */
    Vec3 upperCorner();

    /** The same part moved, rotated and uniformly scaled. */
    ShapePart transformed(Similarity transform);
}
