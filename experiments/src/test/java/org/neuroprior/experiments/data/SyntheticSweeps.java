package org.neuroprior.experiments.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.SweepSource;

/**
 * A test sweep source: pseudo-signals computed from the index, label {@code index % classes}; it counts its calls and
 * can be told to throw at one index.
 */
final class SyntheticSweeps implements SweepSource {
    private final int size;
    private final List<String> classNames;
    private final int failAt;
    private final Map<String, Object> simulator;
    final AtomicInteger calls = new AtomicInteger();

    SyntheticSweeps(int size, int classes, int failAt, Map<String, Object> simulator) {
        this.size = size;
        this.classNames = IntStream.range(0, classes).mapToObj(c -> "shape" + c).toList();
        this.failAt = failAt;
        this.simulator = simulator;
    }

    SyntheticSweeps(int size, int classes, int failAt) {
        this(size, classes, failAt, Map.of("simulator_version", 2, "links_per_whisker", 12));
    }

    SyntheticSweeps(int size, int classes) {
        this(size, classes, -1);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public Map<String, Object> simulator() {
        return simulator;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public SweepSample sample(int index) {
        calls.incrementAndGet();
        if (index == failAt) throw new IllegalStateException("simulation diverged");
        return new SweepSample(index % classNames.size(), signals(index), parameters(index));
    }

    static float[] signals(int index) {
        float[] s = new float[SweepSample.SIZE];
        for (int k = 0; k < s.length; k++) s[k] = (float) Math.sin(index * 0.37 + k * 0.011) * (1 + k % 13) + index;
        return s;
    }

    static Map<String, Object> parameters(int index) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("speed", 30.0 + index % 7 * 4.5);
        p.put("height", index % 3 - 1);
        p.put("mesh", "shape-" + index);
        p.put("mirrored", index % 2 == 0);
        return p;
    }
}
