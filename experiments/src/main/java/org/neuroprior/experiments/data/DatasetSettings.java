package org.neuroprior.experiments.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.neuroprior.envs.whisker.data.Split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything that decides a dataset's content: two runs with equal settings write identical shards, so a run may
 * resume a dataset only when the settings stored with it equal its own. (Thread count is not a setting: it changes
 * nothing in the files.)
 *
 * @param source      the caller's description of the sweep source (protocol, classes, per-class count, seed...)
 * @param simulator   the simulator's version and settings ({@link org.neuroprior.envs.whisker.SweepSource#simulator()}):
 *                    a dataset is never resumed or extended by another simulator, whose sweeps would differ
 * @param size        how many samples the source defines
 * @param classNames  the class names in label order
 * @param seed        the seed of the split assignment
 * @param shardSize   samples per shard (the last shard of a split may hold fewer)
 * @param fractions   the split fractions
 * @param stratified  whether the classes of the indices were known up front, so that each class was split on its own
 */
public record DatasetSettings(Map<String, Object> source, Map<String, Object> simulator, int size, List<String> classNames,
                              long seed, int shardSize, SplitFractions fractions, boolean stratified) {
    public DatasetSettings {
        source = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(source));
        simulator = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(simulator));
        classNames = List.copyOf(classNames);
    }

    /** The manifest's {@code settings} object (README, "Whisker datasets on disk"). */
    public ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.set("source", Json.MAPPER.valueToTree(source));
        node.set("simulator", Json.MAPPER.valueToTree(simulator));
        node.put("size", size);
        node.set("class_names", Json.MAPPER.valueToTree(classNames));
        node.put("seed", seed);
        node.put("shard_size", shardSize);
        ObjectNode f = node.putObject("split_fractions");
        for (Split s : Split.values()) f.put(s.directory(), fractions.of(s));
        node.put("stratified", stratified);
        return node;
    }

    /**
     * How these settings differ from those stored with an existing dataset, one readable line per difference (empty
     * when they agree), each naming the setting (e.g. {@code simulator.simulator_version: dataset has 1, this run has 2}).
     * A dataset that records no simulator was made before datasets recorded it (simulator version 1). Values are
     * compared as JSON, so 1 and 1L, or a map's key order, do not count as differences.
     */
    List<String> differencesFrom(JsonNode stored) {
        JsonNode mine = Json.normalized(toJson());
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>();
        mine.fieldNames().forEachRemaining(keys::add);
        stored.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JsonNode a = stored.get(key), b = mine.get(key);
            if ((key.equals("source") || key.equals("simulator")) && a != null && a.isObject() && b != null && b.isObject()) {
                differences.addAll(objectDifferences(key + ".", a, b));
            } else if (key.equals("simulator") && a == null) {
                differences.add("simulator: the dataset records none (it was made by simulator version 1, before datasets "
                        + "recorded their simulator), this run is " + b);
            } else if (a == null || !a.equals(b)) {
                differences.add(key + ": dataset has " + a + ", this run has " + b);
            }
        }
        return differences;
    }

    private static List<String> objectDifferences(String prefix, JsonNode stored, JsonNode mine) {
        TreeSet<String> keys = new TreeSet<>();
        for (Iterator<String> it = stored.fieldNames(); it.hasNext(); ) keys.add(it.next());
        for (Iterator<String> it = mine.fieldNames(); it.hasNext(); ) keys.add(it.next());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            JsonNode a = stored.get(key), b = mine.get(key);
            if (a == null || !a.equals(b)) differences.add(prefix + key + ": dataset has " + a + ", this run has " + b);
        }
        return differences;
    }
}
