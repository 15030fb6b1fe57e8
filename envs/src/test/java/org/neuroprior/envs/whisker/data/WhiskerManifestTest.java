package org.neuroprior.envs.whisker.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link WhiskerManifest#dataDifference}: the one test of "the same dataset" on two small manifests. */
class WhiskerManifestTest {
    @TempDir
    Path tmp;

    /** A manifest of one finished train shard, in the writer's layout (README, "Whisker datasets on disk"). */
    private static String manifest(String created, String dataCrc, long seed) {
        return """
                {
                  "format" : "neuroprior-whisker-dataset",
                  "format_version" : 1,
                  "complete" : true,
                  "created" : "%s",
                  "settings" : {
                    "source" : { "protocol" : "high", "per_class" : 2, "seed" : %d },
                    "simulator" : { "simulator_version" : 2, "timestep" : 0.0005 },
                    "size" : 2, "class_names" : [ "box" ], "seed" : %d, "shard_size" : 2,
                    "split_fractions" : { "train" : 1.0, "validate" : 0.0, "test" : 0.0 }, "stratified" : true
                  },
                  "sample" : { "dtype" : "<f4", "shape" : [ 110, 35, 6 ] },
                  "splits" : { "train" : { "samples" : 2, "shards" : 1, "samples_done" : 2, "class_counts" : [ 2 ] } },
                  "shards" : [ {
                    "split" : "train", "number" : 0, "samples" : 2, "done" : true, "class_counts" : [ 2 ],
                    "data" : { "file" : "train/data-00000.npy", "bytes" : 184928, "crc32" : "%s" },
                    "labels" : { "file" : "train/labels-00000.npy", "bytes" : 144, "crc32" : "00c0ffee" },
                    "sweeps" : { "file" : "train/sweeps-00000.jsonl", "bytes" : 300, "crc32" : "12345678" }
                  } ]
                }
                """.formatted(created, seed, seed, dataCrc);
    }

    private Path write(String name, String text) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theSameDataMadeAtAnotherTimeIsTheSameDataset() throws Exception {
        Path committed = write("committed.json", manifest("2026-12-01T10:00:00Z", "0a1b2c3d", 1));
        // Another machine's run: another start time and its own indentation and number spelling (1.0 vs 1).
        String again = new ObjectMapper().readTree(manifest("2026-12-02T15:00:00Z", "0a1b2c3d", 1)).toString()
                .replace("\"train\":1.0", "\"train\":1");
        Path regenerated = write("regenerated.json", again);
        assertEquals(Optional.empty(), WhiskerManifest.dataDifference(committed, regenerated));
    }

    @Test
    void oneOtherCrcIsAnotherDatasetAndTheLineNamesIt() throws Exception {
        Path committed = write("committed.json", manifest("2026-12-01T10:00:00Z", "0a1b2c3d", 1));
        Path regenerated = write("regenerated.json", manifest("2026-12-01T10:00:00Z", "99887766", 1));
        String line = WhiskerManifest.dataDifference(committed, regenerated).orElseThrow();
        assertEquals("shards[0].data.crc32: " + committed + " has \"0a1b2c3d\", " + regenerated + " has \"99887766\"", line);
    }

    @Test
    void theFirstDifferenceInTheFileIsNamedAndAMissingFieldIsNothing() throws Exception {
        Path committed = write("committed.json", manifest("t", "0a1b2c3d", 1));
        Path otherSeed = write("seed2.json", manifest("t", "99887766", 2));
        assertTrue(WhiskerManifest.dataDifference(committed, otherSeed).orElseThrow().startsWith("settings.source.seed: "),
                "settings come before the shards in the file");
        Path extra = write("extra.json", manifest("t", "0a1b2c3d", 1).replace("\"stratified\" : true", "\"stratified\" : true, \"extra\" : 1"));
        assertEquals("settings.extra: " + committed + " has nothing, " + extra + " has 1",
                WhiskerManifest.dataDifference(committed, extra).orElseThrow());
    }

    @Test
    void settingsAreComparedBeforeSimulating() throws Exception {
        Path committed = write("committed.json", manifest("t", "0a1b2c3d", 1));
        var mapper = new ObjectMapper();
        var settings = mapper.readTree(manifest("t", "0a1b2c3d", 1)).get("settings");
        assertEquals(Optional.empty(), WhiskerManifest.settingsDifference(committed, settings));
        ((com.fasterxml.jackson.databind.node.ObjectNode) settings.get("simulator")).put("simulator_version", 3);
        assertEquals("settings.simulator.simulator_version: " + committed + " has 2, this run has 3",
                WhiskerManifest.settingsDifference(committed, settings).orElseThrow());
    }

    @Test
    void aFileThatIsNoManifestIsRefusedWithItsName() throws Exception {
        Path committed = write("committed.json", manifest("t", "0a1b2c3d", 1));
        Path notManifest = write("other.json", "{\"format\": \"something else\"}");
        var e = assertThrows(IllegalArgumentException.class, () -> WhiskerManifest.dataDifference(committed, notManifest));
        assertTrue(e.getMessage().contains(notManifest.toString()), e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> WhiskerManifest.dataDifference(committed, tmp.resolve("none.json")));
        assertTrue(missing.getMessage().contains("none.json"), missing.getMessage());
    }
}
