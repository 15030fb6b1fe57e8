package org.neuroprior.envs.whisker.objects;

import java.util.HashSet;
import java.util.List;
import java.util.random.RandomGenerator;

/** A catalog of procedural classes ({@link ObjectClasses}), in an order the caller chose. */
record ProceduralCatalog(List<String> classNames) implements ObjectCatalog {
    ProceduralCatalog {
        classNames = List.copyOf(classNames);
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("no object classes given; accepted: " + String.join(", ", ObjectClasses.names()));
        }
        List<String> known = ObjectClasses.names();
        var seen = new HashSet<String>();
        for (String name : classNames) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown object class '" + name + "'; accepted: " + String.join(", ", known));
            }
            if (!seen.add(name)) throw new IllegalArgumentException("object class '" + name + "' is listed twice in " + classNames);
        }
    }

    @Override
    public ObjectShape draw(int classIndex, RandomGenerator rng) {
        if (classIndex < 0 || classIndex >= classNames.size()) {
            throw new IllegalArgumentException("class index " + classIndex + " out of range; accepted: 0.." + (classNames.size() - 1));
        }
        return ObjectClasses.generate(classNames.get(classIndex), rng);
    }
}
