package org.neuroprior.experiments.data;

import org.neuroprior.envs.whisker.data.FileDigest;
import org.neuroprior.envs.whisker.data.Split;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A finished shard as the manifest records it: its sample count, the digests of its three files and how many samples
 * of each class it holds.
 */
public record ShardRecord(Split split, int number, int samples, FileDigest data, FileDigest labels, FileDigest sweeps,
                          List<Integer> classCounts) {
    public ShardRecord {
        classCounts = List.copyOf(classCounts);
    }

    ObjectNode toJson(ShardPlan plan) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("split", split.directory());
        node.put("number", number);
        node.put("samples", samples);
        node.put("done", true);
        file(node, "data", plan.dataFile(), data);
        file(node, "labels", plan.labelsFile(), labels);
        file(node, "sweeps", plan.sweepsFile(), sweeps);
        node.set("class_counts", Json.MAPPER.valueToTree(classCounts));
        return node;
    }

    private static void file(ObjectNode node, String key, String path, FileDigest digest) {
        ObjectNode f = node.putObject(key);
        f.put("file", path);
        f.put("bytes", digest.bytes());
        f.put("crc32", digest.crc32());
    }

    /** Reads a record written by {@link #toJson}; null for a shard not marked done. */
    static ShardRecord fromJson(JsonNode node) {
        if (!node.path("done").asBoolean(false)) return null;
        List<Integer> counts = new java.util.ArrayList<>();
        node.path("class_counts").forEach(c -> counts.add(c.asInt()));
        return new ShardRecord(Split.named(node.path("split").asText()), node.path("number").asInt(), node.path("samples").asInt(),
                digest(node.path("data")), digest(node.path("labels")), digest(node.path("sweeps")), counts);
    }

    private static FileDigest digest(JsonNode node) {
        return new FileDigest(node.path("bytes").asLong(-1), node.path("crc32").asText(""));
    }
}
