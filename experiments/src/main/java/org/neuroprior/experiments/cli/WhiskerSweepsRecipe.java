package org.neuroprior.experiments.cli;

import java.nio.file.Path;
import java.util.List;

import org.neuroprior.envs.whisker.ProtocolSweeps;
import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectClasses;
import org.neuroprior.experiments.engine.SparkShards;

/**
 * The sweeps of {@code whisker-data}, from its options: what the command simulates here and what a Spark executor
 * rebuilds there (so a label file and its meshes must be where the executors see them, at the same absolute path).
 *
 * @param protocol  protocol name (high, low)
 * @param overrides {@code PARAM=SPEC} overrides of the protocol, in order
 * @param classes   procedural classes, or null for all (ignored with {@code labels})
 * @param labels    absolute path of a label file of meshes, or null for procedural objects
 * @param perClass  sweeps per class
 * @param seed      the dataset's seed
 * @param timestep  physics step in seconds
 * @param links     links per whisker
 */
public record WhiskerSweepsRecipe(String protocol, List<String> overrides, List<String> classes, String labels, int perClass, long seed,
                                  double timestep, int links) implements SparkShards.Recipe {

    /**
     * The protocol with its overrides.
     *
     * @throws IllegalArgumentException naming a bad protocol, override or value
     */
    public SweepProtocol sweepProtocol() {
        SweepProtocol p = SweepProtocol.named(protocol);
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--set '" + o + "' must be PARAM=SPEC, e.g. speed=40");
            p = p.with(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
        }
        return p;
    }

    public WhiskerPhysics physics() {
        return WhiskerPhysics.defaults().withTimestep(timestep).withLinks(links);
    }

    /** The objects: the label file's meshes (all read and compiled first), or the procedural classes. */
    public ObjectCatalog catalog() {
        if (labels != null) return ObjectCatalog.fromLabelFile(Path.of(labels));
        return ObjectCatalog.procedural(classes == null ? ObjectClasses.names() : classes);
    }

    @Override
    public ProtocolSweeps get() {
        return create(catalog());
    }

    /** The sweeps of these settings with an already built catalogue. */
    public ProtocolSweeps create(ObjectCatalog catalog) {
        return new ProtocolSweeps(sweepProtocol(), catalog, perClass, seed, physics());
    }
}
