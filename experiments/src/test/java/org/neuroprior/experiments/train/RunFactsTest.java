package org.neuroprior.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.experiments.tactile.TactileConfig;

/**
 * The facts a run records beside its config (OpenBLAS's kernel set, ND4J's binary, the commit): when a resume or a
 * repeated config warns, what a resumed run records, and that config files with or without them read the same.
 */
class RunFactsTest {
    private static final String SHA = "85e2c047f52a83b02c23af08a95677bf37f6fe9b";
    private static final String ONEDNN = "linux-x86_64-onednn-avx2";
    private static final RunFacts NOW = new RunFacts("Haswell", ONEDNN, SHA);

    @TempDir
    Path dir;

    @Test
    void aResumeUnderAnotherKernelSetWarnsInOneLine() {
        Optional<String> w = RunFacts.resumeWarning(new RunFacts("SkylakeX", ONEDNN, SHA), NOW);
        assertTrue(w.isPresent());
        String line = w.get();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.contains("openblas_coretype SkylakeX (now Haswell)"), line);
        assertTrue(line.contains("an uninterrupted run's in the last bits"), line);
        assertFalse(line.contains("commit"), "only what differs: " + line);
        // The same facts (kernel sets compared as OpenBLAS reads them, case-insensitively): no warning.
        assertEquals(Optional.empty(), RunFacts.resumeWarning(new RunFacts("haswell", ONEDNN, SHA), NOW));
        // Another binary is the same kind of difference.
        assertTrue(RunFacts.resumeWarning(new RunFacts("Haswell", "linux-x86_64", SHA), NOW).orElseThrow().contains("in the last bits"));
    }

    @Test
    void aResumeWithOtherCodeWarnsThatResultsMayDiffer() {
        String line = RunFacts.resumeWarning(new RunFacts("Haswell", ONEDNN, "0123abc-dirty"), NOW).orElseThrow();
        assertTrue(line.contains("commit 0123abc-dirty (now " + SHA + ")"), line);
        assertTrue(line.contains("may differ from an uninterrupted run's"), line);
        String both = RunFacts.resumeWarning(new RunFacts("SkylakeX", ONEDNN, "0123abc"), NOW).orElseThrow();
        assertTrue(both.contains("openblas_coretype SkylakeX") && both.contains("commit 0123abc") && both.contains("in the last bits (float rounding), and more if the code"), both);
    }

    @Test
    void whatIsNotKnownIsNotCompared() {
        assertEquals(Optional.empty(), RunFacts.resumeWarning(RunFacts.NONE, NOW), "a config written before runs recorded facts");
        assertEquals(Optional.empty(), RunFacts.resumeWarning(new RunFacts("Haswell", ONEDNN, RunFacts.UNKNOWN), NOW));
        assertEquals(Optional.empty(), RunFacts.resumeWarning(new RunFacts("Haswell", ONEDNN, SHA), new RunFacts("Haswell", ONEDNN, RunFacts.UNKNOWN)));
        // OpenBLAS's own choice is a kernel set like any other.
        assertTrue(RunFacts.resumeWarning(new RunFacts(RunFacts.AUTO, ONEDNN, SHA), NOW).isPresent());
    }

    @Test
    void aResumedRunRecordsTheHistoryAndComparesItsLastPart() {
        RunFacts mixed = new RunFacts("SkylakeX", ONEDNN, SHA).then(NOW);
        assertEquals(new RunFacts("SkylakeX then Haswell", ONEDNN, SHA), mixed);
        assertEquals(mixed, mixed.then(NOW), "resumed again under the same facts: nothing new");
        assertEquals(Optional.empty(), RunFacts.resumeWarning(mixed, NOW), "warned once, when they changed");
        assertEquals(new RunFacts("unknown then Haswell", "unknown then " + ONEDNN, "unknown then " + SHA), RunFacts.NONE.then(NOW));
        // A repeated config compares the whole history: that run was not made with one kernel set.
        assertTrue(RunFacts.repeatWarning(Path.of("c.yaml"), mixed, NOW).orElseThrow().contains("no single kernel set"));
    }

    @Test
    void aRepeatedConfigSaysTheFactsAreNotSettingsAndHowToMatchThem() {
        String line = RunFacts.repeatWarning(Path.of("run/config.yaml"), new RunFacts("SkylakeX", "linux-x86_64", SHA + "-dirty"), NOW).orElseThrow();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("run/config.yaml records a run made with openblas_coretype SkylakeX (now Haswell)"), line);
        assertTrue(line.contains("results will differ from that run's in the last bits"), line);
        assertTrue(line.contains("recorded facts, not settings"), line);
        assertTrue(line.contains("OPENBLAS_CORETYPE=SkylakeX") && line.contains("ND4J_CLASSIFIER=linux-x86_64;")
                && line.contains("a checkout of " + SHA + " with the same changes"), line);
        assertEquals(Optional.empty(), RunFacts.repeatWarning(Path.of("c.yaml"), NOW, NOW));
        assertEquals(Optional.empty(), RunFacts.repeatWarning(Path.of("c.yaml"), RunFacts.NONE, NOW));
    }

    @Test
    void trainConfigsReadTheSameWithAndWithoutTheFacts() throws Exception {
        Map<String, Object> given = new LinkedHashMap<>(Map.of("arch", "mlp", "agent", "es", "seed", 4));
        TrainConfig config = TrainConfig.resolve(given);
        Path file = dir.resolve("config.yaml");
        ConfigFiles.write(file, config, 123, NOW);
        Map<String, Object> written = ConfigFiles.readMap(file);
        assertEquals(NOW, RunFacts.recorded(written));
        assertEquals(List.of("parameter_count", "openblas_coretype", "nd4j_binary", "commit"),
                List.copyOf(written.keySet()).subList(written.size() - 4, written.size()), "after the settings");
        assertEquals(config, ConfigFiles.read(file), "the facts are not settings");
        Path old = dir.resolve("old.yaml"); // as runs wrote it before they recorded facts
        ConfigFiles.writeMap(old, config.toMap());
        assertEquals(config, ConfigFiles.read(old));
        assertEquals(RunFacts.NONE, RunFacts.recorded(ConfigFiles.readMap(old)));
        // Another run's facts given with the settings change nothing, even hand-written ones.
        Map<String, Object> handWritten = new LinkedHashMap<>(given);
        handWritten.put(RunFacts.OPENBLAS_CORETYPE, "Prescott");
        handWritten.put(RunFacts.COMMIT, 42);
        assertEquals(config, TrainConfig.resolve(handWritten));
    }

    @Test
    void tactileConfigsReadTheSameWithAndWithoutTheFacts() {
        Map<String, Object> given = new LinkedHashMap<>(Map.of("dataset", "data/x", "model", "convrnn:timedecay", "epochs", 2));
        Map<String, Object> old = TactileConfig.resolve(given).toMap(); // config.yaml without the facts
        Map<String, Object> yaml = new LinkedHashMap<>(old);
        NOW.putInto(yaml);
        yaml.put(TactileConfig.PARAMETER_COUNT, 1234);
        assertEquals(TactileConfig.resolve(old), TactileConfig.resolve(yaml));
        given.put(RunFacts.OPENBLAS_CORETYPE, "Prescott");
        assertEquals(TactileConfig.resolve(old), TactileConfig.resolve(TactileConfig.resolve(given).toMap()), "not kept as settings");
    }

    @Test
    void aFreshRunRecordsTheCurrentFactsAndAResumeWarnsThroughTheListenerOnce() throws Exception {
        Path file = dir.resolve("config.yaml");
        Map<String, Object> yaml = TrainConfig.resolve(Map.of()).toMap();
        new RunFacts("SkylakeX", ONEDNN, SHA).putInto(yaml);
        ConfigFiles.writeMap(file, yaml);
        List<String> warnings = new java.util.ArrayList<>();
        assertEquals(NOW, RunFacts.forRun(file, false, NOW, warnings::add), "a fresh run: its own facts");
        assertEquals(List.of(), warnings);
        assertEquals(new RunFacts("SkylakeX then Haswell", ONEDNN, SHA), RunFacts.forRun(file, true, NOW, warnings::add));
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals(NOW, RunFacts.forRun(dir.resolve("absent.yaml"), true, NOW, warnings::add));
    }
}
