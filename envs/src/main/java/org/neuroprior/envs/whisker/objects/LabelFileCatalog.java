package org.neuroprior.envs.whisker.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * User meshes from a {@link LabelFile}: classes are the sorted distinct labels, and drawing loads one mesh of the
 * class chosen uniformly. Meshes are read at each draw rather than cached: a ShapeNet-sized set does not fit in
 * memory, and parsing one mesh costs far less than simulating its sweep.
 *
 * <p>Each mesh becomes one {@link MeshPart}; MuJoCo collides it through its convex hull, so concave features of
 * user meshes (a mug's opening, a chair's gap under the seat) are invisible to the whiskers.
 */
final class LabelFileCatalog implements ObjectCatalog {
    private final LabelFile labels;
    private final List<String> classNames;
    private final List<List<LabelFile.Entry>> entriesByClass;

    LabelFileCatalog(LabelFile labels) {
        this.labels = labels;
        Map<String, List<LabelFile.Entry>> byLabel = new TreeMap<>();
        for (LabelFile.Entry entry : labels.entries()) byLabel.computeIfAbsent(entry.label(), k -> new ArrayList<>()).add(entry);
        this.classNames = List.copyOf(byLabel.keySet());
        this.entriesByClass = byLabel.values().stream().map(List::copyOf).toList();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** The meshes listed for a class, in label-file order. */
    public List<LabelFile.Entry> meshes(int classIndex) {
        return entriesByClass.get(checkIndex(classIndex));
    }

    @Override
    public ObjectShape draw(int classIndex, RandomGenerator rng) {
        List<LabelFile.Entry> entries = meshes(classIndex);
        int index = rng.nextInt(entries.size());
        LabelFile.Entry entry = entries.get(index);
        MeshPart mesh;
        try {
            mesh = MeshFiles.read(entry.mesh());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LabelFile.where(labels.file(), entry.line()) + ": " + e.getMessage(), e);
        }
        return new ObjectShape(entry.label(), List.of(mesh), Map.of("meshIndex", (double) index));
    }

    private int checkIndex(int classIndex) {
        if (classIndex < 0 || classIndex >= classNames.size()) {
            throw new IllegalArgumentException("class index " + classIndex + " out of range; accepted: 0.." + (classNames.size() - 1)
                    + " for classes " + classNames);
        }
        return classIndex;
    }
}
