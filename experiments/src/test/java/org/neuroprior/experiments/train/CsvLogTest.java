package org.neuroprior.experiments.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.plots.CsvTable;

class CsvLogTest {
    @TempDir
    Path dir;

    private static Map<String, Double> row(Object... keysAndValues) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], ((Number) keysAndValues[i + 1]).doubleValue());
        return m;
    }

    @Test
    void aColumnThatFirstAppearsAfterRowZeroIsKeptAndEarlierRowsAreEmptyThere() throws java.io.IOException {
        Path file = dir.resolve("log.csv");
        CsvLog log = new CsvLog(file);
        log.append(row("train/steps", 0, "test/score", 800.5));
        log.append(row("train/steps", 100, "test/score", 810, "actor/kl", 0.01));
        log.append(row("train/steps", 200, "actor/kl", 0.02, "test/score", Double.NaN, "critic/loss", 3));
        List<Map<String, String>> rows = log.read();
        assertEquals(List.of("train/steps", "test/score", "actor/kl", "critic/loss"), List.copyOf(rows.get(0).keySet()));
        assertEquals(Map.of("train/steps", "0", "test/score", "800.500", "actor/kl", "", "critic/loss", ""), rows.get(0));
        assertEquals("0.0100000", rows.get(1).get("actor/kl"));
        assertEquals("", rows.get(2).get("test/score"));
        assertEquals("3", rows.get(2).get("critic/loss"));
        CsvTable table = CsvTable.read(file);
        assertEquals(3, table.rows());
        assertArrayEquals(new double[] {Double.NaN, 0.01, 0.02}, table.column("actor/kl"), 1e-12);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void resumeTruncatesToTheCheckpointsRowsAndGoesOnWithTheWidenedHeader() {
        Path file = dir.resolve("log.csv");
        CsvLog first = new CsvLog(file);
        first.append(row("train/steps", 0));
        first.append(row("train/steps", 100, "es/gradient_norm", 1.5));
        first.append(row("train/steps", 200, "es/gradient_norm", 1.25)); // a row the resumed run will redo

        CsvLog resumed = new CsvLog(file); // a new process
        resumed.truncate(2);
        assertEquals(2, resumed.read().size());
        resumed.append(row("train/steps", 200, "es/gradient_norm", 1.25, "es/sigma", 0.02));
        List<Map<String, String>> rows = new CsvLog(file).read();
        assertEquals(3, rows.size());
        assertEquals(List.of("train/steps", "es/gradient_norm", "es/sigma"), List.copyOf(rows.get(2).keySet()));
        assertEquals("", rows.get(1).get("es/sigma"));
        assertEquals("0.0200000", rows.get(2).get("es/sigma"));

        var tooFew = assertThrows(IllegalStateException.class, () -> new CsvLog(file).truncate(4));
        assertTrue(tooFew.getMessage().contains("has 3 rows but the checkpoint expects 4"), tooFew.getMessage());
        var missing = assertThrows(IllegalStateException.class, () -> new CsvLog(dir.resolve("none.csv")).truncate(1));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    }
}
