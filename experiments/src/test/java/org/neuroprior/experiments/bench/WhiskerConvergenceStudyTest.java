package org.neuroprior.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.plots.CsvFiles;

/** The convergence study on a small set (one class, two protocols, coarse whiskers): its rows, tables and picture. */
class WhiskerConvergenceStudyTest {
    @TempDir
    Path tmp;

    @Test
    void theStudyComparesEveryRefinementAndWritesItsTablesAndPicture() throws Exception {
        var base = WhiskerPhysics.defaults().withLinks(4);
        List<String> lines = new ArrayList<>();
        var result = new WhiskerConvergenceStudy(base, List.of(3), List.of("box"), 2, lines::add).run(tmp);
        List<String> changes = result.rows().stream().map(WhiskerConvergenceStudy.Row::change).toList();
        assertEquals(List.of("3 -> 6 links (1 ms)", "4 -> 8 links (1 ms)", "1 ms -> 0.5 ms (3 links)", "1 ms -> 0.5 ms (4 links)"),
                changes);
        for (var row : result.rows()) {
            assertTrue(row.mean() > 0 && row.mean() <= row.worst() && Double.isFinite(row.worst()), row.toString());
            assertTrue(row.worstSweep().equals("high box") || row.worstSweep().equals("low box"), row.worstSweep());
        }
        var table = CsvFiles.read(tmp.resolve("convergence.csv"));
        assertEquals(2, table.rows().size());
        assertEquals(2 + changes.size(), table.header().size());
        for (String file : List.of("convergence-summary.csv", "base-moment.png", "base-moment.svg", "base-moment.csv")) {
            assertTrue(Files.size(tmp.resolve(file)) > 0, file);
        }
        var curves = CsvFiles.read(tmp.resolve("base-moment.csv"));
        assertEquals(List.of("time (s)", "3 links", "4 links"), curves.header());
        assertEquals(1000, curves.rows().size());
    }

    @Test
    void badSettingsAreRefusedBeforeAnyWork() {
        var base = WhiskerPhysics.defaults();
        var e = assertThrows(IllegalArgumentException.class, () -> new WhiskerConvergenceStudy(base, List.of(30), 1, s -> { }));
        assertTrue(e.getMessage().contains("links per whisker = 60"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WhiskerConvergenceStudy(base, List.of(6), List.of("blob"), 1, s -> { }));
        assertTrue(e.getMessage().contains("blob"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WhiskerConvergenceStudy(base, List.of(), 1, s -> { }));
    }
}
