package org.neuroprior.experiments.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.data.NpyHeader;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.envs.whisker.data.WhiskerManifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code dataset.json}: the dataset's settings, the layout of its arrays, and every planned shard with, once finished,
 * the digests of its files. Rewritten (atomically) after each finished shard, always after the shard's files are in
 * place: a shard the manifest calls done has its files whole, unless something damaged them later (which a resumed
 * run detects by their digests).
 */
final class DatasetManifest {
    static final List<String> CHANNELS = List.of("Fx", "Fy", "Fz", "Mx", "My", "Mz");

    private final DatasetSettings settings;
    private final List<ShardPlan> plans;
    private final String created;
    private final Map<String, ShardRecord> done = new HashMap<>();

    DatasetManifest(DatasetSettings settings, List<ShardPlan> plans) {
        this(settings, plans, Instant.now().toString());
    }

    private DatasetManifest(DatasetSettings settings, List<ShardPlan> plans, String created) {
        this.settings = settings;
        this.plans = List.copyOf(plans);
        this.created = created;
    }

    /**
     * Reads an existing manifest (through {@link WhiskerManifest#read}, the one reader of the file) for a run with
     * {@code settings}.
     *
     * @throws IllegalArgumentException if it is not a manifest of this format, or its settings differ (naming each difference)
     */
    static DatasetManifest resume(DatasetStore dir, DatasetSettings settings, List<ShardPlan> plans) throws IOException {
        WhiskerManifest stored;
        // Read through the one reader, from a local copy (the store may be another filesystem).
        Path copy = Files.createTempDirectory("neuroprior-manifest");
        try {
            try (var in = dir.open(WhiskerManifest.FILE)) {
                Files.copy(in, copy.resolve(WhiskerManifest.FILE));
            }
            stored = WhiskerManifest.read(copy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(copy.toString(), dir.location()) + "; remove it to start over", e);
        } finally {
            Files.deleteIfExists(copy.resolve(WhiskerManifest.FILE));
            Files.deleteIfExists(copy);
        }
        List<String> differences = settings.differencesFrom(stored.settings());
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("the dataset in " + dir.location() + " was made with other settings, so it cannot be "
                    + "continued with these (choose another output directory, or the same settings): " + String.join("; ", differences));
        }
        DatasetManifest manifest = new DatasetManifest(settings, plans, stored.created().isEmpty() ? Instant.now().toString() : stored.created());
        for (WhiskerManifest.Shard shard : stored.shards()) {
            if (shard.done()) manifest.done.put(key(shard.split(), shard.number()), ShardRecord.of(shard));
        }
        return manifest;
    }

    ShardRecord record(ShardPlan plan) {
        return done.get(key(plan.split(), plan.number()));
    }

    void markDone(ShardRecord record) {
        done.put(key(record.split(), record.number()), record);
    }

    void forget(ShardPlan plan) {
        done.remove(key(plan.split(), plan.number()));
    }

    boolean complete() {
        return plans.stream().allMatch(p -> record(p) != null);
    }

    int samplesDone() {
        return plans.stream().map(this::record).filter(r -> r != null).mapToInt(ShardRecord::samples).sum();
    }

    /** Writes the manifest to a temporary file and puts it into place ({@link DatasetStore#replace}), so a reader never sees half of it. */
    void write(DatasetStore dir) throws IOException {
        Path temporary = dir.temporary(WhiskerManifest.FILE, "");
        try {
            Files.writeString(temporary, Json.text(toJson()));
        } catch (IOException | RuntimeException e) {
            dir.discard(temporary);
            throw e;
        }
        dir.replace(temporary, WhiskerManifest.FILE);
    }

    ObjectNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", WhiskerManifest.FORMAT);
        root.put("format_version", WhiskerManifest.FORMAT_VERSION);
        root.put("complete", complete());
        root.put("created", created);
        root.set("settings", settings.toJson());

        ObjectNode sample = root.putObject("sample");
        sample.put("dtype", NpyHeader.FLOAT32);
        sample.set("shape", Json.MAPPER.valueToTree(List.of(SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS)));
        sample.set("axes", Json.MAPPER.valueToTree(List.of("time", "cell", "channel")));
        sample.set("channels", Json.MAPPER.valueToTree(CHANNELS));
        sample.putObject("grid").put("rows", 5).put("columns", 7);
        sample.set("padding_cells", Json.MAPPER.valueToTree(SweepSample.PADDING_CELLS));
        root.putObject("labels").put("dtype", NpyHeader.INT64);

        ObjectNode splits = root.putObject("splits");
        for (Split split : Split.values()) {
            int planned = 0, shards = 0, samplesDone = 0;
            long[] classCounts = new long[settings.classNames().size()];
            for (ShardPlan plan : plans) {
                if (plan.split() != split) continue;
                planned += plan.samples();
                shards++;
                ShardRecord record = record(plan);
                if (record == null) continue;
                samplesDone += record.samples();
                for (int c = 0; c < classCounts.length && c < record.classCounts().size(); c++) classCounts[c] += record.classCounts().get(c);
            }
            ObjectNode s = splits.putObject(split.directory());
            s.put("samples", planned);
            s.put("shards", shards);
            s.put("samples_done", samplesDone);
            s.set("class_counts", Json.MAPPER.valueToTree(classCounts));
        }

        ArrayNode shards = root.putArray("shards");
        for (ShardPlan plan : plans) {
            ShardRecord record = record(plan);
            if (record != null) {
                shards.add(record.toJson(plan));
            } else {
                ObjectNode node = shards.addObject();
                node.put("split", plan.split().directory());
                node.put("number", plan.number());
                node.put("samples", plan.samples());
                node.put("done", false);
            }
        }
        return root;
    }

    private static String key(Split split, int number) {
        return split.directory() + "/" + number;
    }
}
