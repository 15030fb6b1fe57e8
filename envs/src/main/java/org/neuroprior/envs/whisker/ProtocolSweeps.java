package org.neuroprior.envs.whisker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;

import org.neuroprior.envs.whisker.objects.ObjectCatalog;

/**
 * The sweeps of a dataset: {@code perClass} sweeps of each class of a catalogue, each with an object and
 * parameters drawn from a protocol. Sample i is class i / perClass, and everything about it comes from a random
 * stream seeded by (seed, i): any sample can be made alone, in any order, on any thread.
 */
public final class ProtocolSweeps implements SweepSource {
    private final SweepProtocol protocol;
    private final ObjectCatalog catalog;
    private final int perClass;
    private final long seed;
    private final WhiskerSweeper sweeper;

    /** Sweeps of the average mouse's array ({@link WhiskerSweeper#mouse}). */
    public ProtocolSweeps(SweepProtocol protocol, ObjectCatalog catalog, int perClass, long seed, WhiskerPhysics physics) {
        this(protocol, catalog, perClass, seed, WhiskerSweeper.mouse(physics));
    }

    /**
     * @param perClass sweeps per class, 1 or more
     * @throws IllegalArgumentException for fewer than one sweep per class or a catalogue without classes
     */
    public ProtocolSweeps(SweepProtocol protocol, ObjectCatalog catalog, int perClass, long seed, WhiskerSweeper sweeper) {
        if (perClass < 1) throw new IllegalArgumentException("sweeps per class = " + perClass + "; accepted: 1 or more");
        if (catalog.classNames().isEmpty()) throw new IllegalArgumentException("the object catalogue has no classes");
        this.protocol = protocol;
        this.catalog = catalog;
        this.perClass = perClass;
        this.seed = seed;
        this.sweeper = sweeper;
    }

    @Override
    public List<String> classNames() {
        return catalog.classNames();
    }

    @Override
    public int size() {
        return Math.multiplyExact(perClass, catalog.classNames().size());
    }

    /** The simulator's version and physics settings ({@link WhiskerPhysics#describe()}), and its {@link WhiskerSweeper.Mode}. */
    @Override
    public java.util.Map<String, Object> simulator() {
        var map = new LinkedHashMap<String, Object>(sweeper.physics().describe());
        map.put("simulation", sweeper.mode().name().toLowerCase(java.util.Locale.ROOT));
        return map;
    }

    public SweepProtocol protocol() {
        return protocol;
    }

    public WhiskerSweeper sweeper() {
        return sweeper;
    }

    /** The random stream of sample i: independent of every other sample's. */
    public SplittableRandom randomFor(int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }

    @Override
    public SweepSample sample(int index) {
        if (index < 0 || index >= size()) throw new IllegalArgumentException("sample " + index + " does not exist; accepted: 0.." + (size() - 1));
        int label = index / perClass;
        var rng = randomFor(index);
        var object = catalog.draw(label, rng);
        var params = protocol.draw(rng);
        WhiskerSweeper.Result result;
        try {
            result = sweeper.sweep(object, params);
        } catch (RuntimeException e) {
            throw new IllegalStateException("sweep " + index + " (" + object.className() + ", " + params + ") failed: " + e.getMessage(), e);
        }
        var meta = new LinkedHashMap<String, Object>();
        meta.put("index", index);
        meta.put("class", object.className());
        meta.putAll(params.asMap());
        object.shapeParameters().forEach((k, v) -> meta.put("shape_" + k, v));
        meta.put("simulated_whiskers", result.simulatedWhiskers());
        meta.put("glitches", result.glitches());
        meta.put("nans", result.nans());
        return new SweepSample(label, result.signals(), meta);
    }
}
