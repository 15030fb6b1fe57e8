package org.neuroprior.experiments.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.neuroprior.envs.whisker.ProtocolSweeps;
import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectClasses;
import org.neuroprior.experiments.pictures.SweepPicture;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neuroprior whisker-picture}: pictures of one simulated sweep, to see what a whisker network sees. */
@Command(name = "whisker-picture", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Simulate one whisker sweep and draw the array, its moments and forces.",
        description = {"Simulate one whisker sweep and draw it: the array and the object at one moment in three views, "
                + "heat maps of the base moments and forces over the 110 frames, and their numbers as CSV.",
                "Writes OUT/whisker-array.png/.svg, OUT/whisker-moments.png/.svg, OUT/whisker-forces.png/.svg, OUT/whisker-signals.csv."})
public final class WhiskerPictureCommand implements Callable<Integer> {

    @Option(names = "--class", required = true, paramLabel = "NAME", description = "object class, one of: ${COMPLETION-CANDIDATES}",
            completionCandidates = ClassNames.class)
    String className;

    @Option(names = "--protocol", defaultValue = "high", paramLabel = "NAME", description = "sweep protocol: high or low (default ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--seed", defaultValue = "1", description = "draws the object's shape and the sweep parameters (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=SPEC", description = "override a sweep parameter (repeatable): speed, size, rotation, height, "
            + "distance or direction = a value (40), a range (30:60) or a set (0,90), e.g. --set direction=90")
    List<String> overrides;

    @Option(names = "--at", paramLabel = "SECONDS", description = "time of the array picture (default: the frame with the largest summed base moment)")
    Double at;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the files")
    Path out;

    /** Class names for the help text. */
    static final class ClassNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ObjectClasses.names().iterator();
        }
    }

    @Override
    public Integer call() {
        if (!ObjectClasses.names().contains(className)) {
            throw new IllegalArgumentException("unknown object class '" + className + "'; accepted: " + String.join(", ", ObjectClasses.names()));
        }
        SweepProtocol sweepProtocol = SweepProtocol.named(protocol);
        if (overrides != null) {
            for (var entry : KeyValueOptions.parse(overrides, "direction=90").entrySet()) sweepProtocol = sweepProtocol.with(entry.getKey(), entry.getValue());
        }
        // The same random stream as sample 0 of a one-class dataset with this seed: shape first, then parameters.
        var sweeps = new ProtocolSweeps(sweepProtocol, ObjectCatalog.procedural(List.of(className)), 1, seed, WhiskerPhysics.defaults());
        var rng = sweeps.randomFor(0);
        var object = ObjectCatalog.procedural(List.of(className)).draw(0, rng);
        var params = sweepProtocol.draw(rng);
        String title = String.format(Locale.ROOT, "A %s swept past the whiskers (%s protocol, seed %d)", className, protocol, seed);
        var picture = SweepPicture.simulate(sweeps.sweeper(), object, params, title, at == null ? Double.NaN : at);
        for (Path p : picture.write(out)) System.out.println("wrote " + p);
        System.out.printf(Locale.ROOT, "%s: %s; %d whiskers simulated; array picture at t = %.3f s%n", title, SweepPicture.describe(params),
                picture.simulatedWhiskers(),
                picture.scene().time());
        return 0;
    }
}
