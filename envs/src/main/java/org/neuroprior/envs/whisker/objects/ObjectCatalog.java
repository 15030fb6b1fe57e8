package org.neuroprior.envs.whisker.objects;

import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;

/** What a sweep draws objects from: a list of classes (label order) and a way to draw one object of a class. */
public interface ObjectCatalog {
    /** Class names; a class's label is its index here. */
    List<String> classNames();

    /**
     * Draws an object of class {@code classIndex}, in its own frame (not yet centred or scaled); deterministic for
     * the random state.
     *
     * @throws IllegalArgumentException when the index is out of range
     */
    ObjectShape draw(int classIndex, RandomGenerator rng);

    /**
     * The given procedural classes ({@link ObjectClasses#names()}), in the given order.
     *
     * @throws IllegalArgumentException for an empty list, a duplicate, or an unknown name (listing the known ones)
     */
    static ObjectCatalog procedural(List<String> classNames) {
        return new ProceduralCatalog(classNames);
    }

    /** Every procedural class, in {@link ObjectClasses#names()} order. */
    static ObjectCatalog procedural() {
        return procedural(ObjectClasses.names());
    }

    /**
     * User meshes (OBJ or STL) listed in a label file; see {@link LabelFile} for the format. The classes are the
     * sorted distinct labels; {@code draw} loads a random mesh of the class. Every mesh is read and compiled by
     * MuJoCo here, once, so that no draw fails later.
     *
     * @throws IllegalArgumentException when the label file is missing, unreadable or empty, or listing every line and
     *                                  mesh that cannot be used (malformed line, missing file, unsupported type, a mesh
     *                                  that does not parse or that MuJoCo refuses), one per line of the message
     */
    static ObjectCatalog fromLabelFile(Path labels) {
        LabelFile file = LabelFile.read(labels);
        file.checkMeshes();
        return new LabelFileCatalog(file);
    }
}
