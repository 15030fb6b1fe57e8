package org.neuroprior.experiments.data;

import java.util.List;

import org.neuroprior.envs.whisker.data.FileDigest;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.envs.whisker.data.WhiskerManifest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A finished shard as the manifest records it: its sample count, the digests of its three files and how many samples
 * of each class it holds.
 */
public record ShardRecord(Split split, int number, int samples, FileDigest data, FileDigest labels, FileDigest sweeps,
                          List<Integer> classCounts) implements java.io.Serializable {
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

    /** The record of a shard the manifest calls done, as {@link WhiskerManifest#read} found it. */
    static ShardRecord of(WhiskerManifest.Shard shard) {
        return new ShardRecord(shard.split(), shard.number(), shard.samples(), shard.data().digest(), shard.labels().digest(),
                shard.sweeps().digest(), shard.classCounts());
    }
}
