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
        var result = new WhiskerConvergenceStudy(base, List.of(3), List.of(3), List.of("box"), 2, lines::add).run(tmp);
        List<String> changes = result.rows().stream().map(WhiskerConvergenceStudy.Row::change).toList();
        assertEquals(List.of("3 -> 6 links (0.5 ms)", "4 -> 8 links (0.5 ms)", "0.5 ms -> 0.25 ms (3 links)", "0.5 ms -> 0.25 ms (4 links)"),
                changes);
        for (var row : result.rows()) {
            assertTrue(row.mean() > 0 && row.mean() <= row.worst() && Double.isFinite(row.worst()), row.toString());
            assertEquals(WhiskerConvergenceStudy.AVERAGING_MS.size(), row.averaged().size());
            for (double v : row.averaged()) assertTrue(v > 0 && Double.isFinite(v), row.toString());
            assertTrue(row.worstSweep().equals("high box") || row.worstSweep().equals("low box"), row.worstSweep());
        }
        var table = CsvFiles.read(tmp.resolve("convergence.csv"));
        assertEquals(2, table.rows().size());
        assertEquals(2 + changes.size(), table.header().size());
        assertEquals(List.of("refinement", "mean", "worst", "worst_sweep", "mean_averaged_9ms", "mean_averaged_45ms"),
                CsvFiles.read(tmp.resolve("convergence-summary.csv")).header());
        for (String file : List.of("convergence-summary.csv", "base-moment.png", "base-moment.svg", "base-moment.csv")) {
            assertTrue(Files.size(tmp.resolve(file)) > 0, file);
        }
        var curves = CsvFiles.read(tmp.resolve("base-moment.csv"));
        assertEquals(List.of("time (s)", "3 links", "4 links"), curves.header());
        assertEquals(1000, curves.rows().size());
    }

    @Test
    void averagingAFrameTakesTheMeanOfTheSamplesAroundIt() {
        int frameSize = org.neuroprior.envs.whisker.SweepSample.CELLS * org.neuroprior.envs.whisker.SweepSample.CHANNELS;
        float[] raw = new float[1000 * frameSize];
        for (int f = 0; f < 1000; f++) raw[f * frameSize + 7] = f; // one channel rising 1 per sample
        float[] averaged = WhiskerConvergenceStudy.averagedFrames(raw, 9);
        assertEquals(0 + 4 / 2.0, averaged[7], 1e-6); // the first frame (sample 0): samples 0..4 only
        assertEquals(9, averaged[frameSize + 7], 1e-6); // frame 1 is sample round(999 / 109) = 9: mean of 5..13
        assertEquals((995 + 999) / 2.0, averaged[109 * frameSize + 7], 1e-6); // the last: samples 995..999
        assertEquals(0, averaged[8], 0);
    }

    @Test
    void badSettingsAreRefusedBeforeAnyWork() {
        var base = WhiskerPhysics.defaults();
        var e = assertThrows(IllegalArgumentException.class, () -> new WhiskerConvergenceStudy(base, List.of(30), List.of(), 1, s -> { }));
        assertTrue(e.getMessage().contains("links per whisker = 60"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new WhiskerConvergenceStudy(base, List.of(6), List.of(), List.of("blob"), 1, s -> { }));
        assertTrue(e.getMessage().contains("blob"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WhiskerConvergenceStudy(base, List.of(), List.of(), 1, s -> { }));
    }
}
