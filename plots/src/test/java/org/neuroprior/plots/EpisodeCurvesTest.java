package org.neuroprior.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Curves against training episodes, as the gridworld's results are drawn: the x column, 5-episode bins, the band as
 * the standard error of the mean across seeds, and only the evaluations up to an x (the scores before a transfer).
 */
class EpisodeCurvesTest {
    @TempDir
    Path tmp;

    /** A run whose test score at episode e is {@code score(e)}; steps are 100 per episode. */
    private Path run(String name, int seed, java.util.function.IntToDoubleFunction score) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("config.yaml"), "env: gridworld\nenv_options: {shuffle: true, layout_seed: " + seed
                + "}\narch: conv\nagent: dqn\nlabel: heads\nseed: " + seed + "\n");
        StringBuilder log = new StringBuilder("train/steps,train/episodes,test/episode_score/mean,test/episode_score/std\n");
        for (int e = 0; e <= 20; e++) log.append(100 * e).append(',').append(e).append(',').append(score.applyAsDouble(e)).append(",0\n");
        Files.writeString(dir.resolve("log.csv"), log.toString());
        return dir;
    }

    private static List<String[]> rows(Path csv) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) out.add(line.split(","));
        return out;
    }

    @Test
    void binnedEpisodeCurvesWithStandardErrorBands() throws IOException {
        List<Path> runs = List.of(run("a", 1, e -> 0.0), run("b", 2, e -> e < 10 ? 0.5 : 1.0), run("c", 3, e -> 1.0));
        Path out = tmp.resolve("out");
        PlotOptions o = PlotOptions.defaults().withReps(200).withX(PlotOptions.EPISODES).withCurves(PlotOptions.Band.SEM, 5,
                Double.POSITIVE_INFINITY);
        Plots.writeAll(runs, out, o);
        List<String[]> curve = rows(out.resolve("learning_curves.csv"));
        assertEquals(List.of("label", "runs", "episodes", "mean", "sem", "sem_over"), List.of(curve.get(0)));
        // Bins [0, 5), [5, 10), [10, 15), [15, 20), [20, 25): at mean episodes 2, 7, 12, 17, 20.
        assertEquals(6, curve.size());
        assertEquals(2.0, Double.parseDouble(curve.get(1)[2]));
        assertEquals(20.0, Double.parseDouble(curve.get(5)[2]));
        // First bin: runs score 0, 0.5, 1: mean 0.5, sample std 0.5, standard error 0.5 / sqrt(3).
        assertEquals(0.5, Double.parseDouble(curve.get(1)[3]), 1e-9);
        assertEquals(0.5 / Math.sqrt(3), Double.parseDouble(curve.get(1)[4]), 1e-4);
        // Later bins: 0, 1, 1: mean 2/3, sample std sqrt(1/3), standard error 1/3.
        assertEquals(1.0 / 3, Double.parseDouble(curve.get(3)[4]), 1e-4);
    }

    @Test
    void scoresUpToAnEpisode() throws IOException {
        List<Path> runs = List.of(run("a", 1, e -> e <= 10 ? 1.0 : 0.0), run("b", 2, e -> e <= 10 ? 0.8 : 0.2));
        Path before = tmp.resolve("before");
        Path after = tmp.resolve("after");
        PlotOptions o = PlotOptions.defaults().withReps(200).withX(PlotOptions.EPISODES);
        Plots.writeAll(runs, before, o.withCurves(PlotOptions.Band.SEM, 0, 10));
        Plots.writeAll(runs, after, o);
        // final_iqm.csv: the mean of each run's last 5 evaluations: before the change 1 and 0.8, after it 0 and 0.2.
        Map<String, String> b = row(before.resolve("final_iqm.csv"));
        Map<String, String> a = row(after.resolve("final_iqm.csv"));
        assertEquals("1 0.8", b.get("run_scores"));
        assertEquals("0 0.2", a.get("run_scores"));
        assertEquals(0.9, Double.parseDouble(b.get("iqm")), 1e-9);
        assertEquals("1", b.get("tasks"), "a layout_seed per run is no task of its own: the bootstrap resamples the runs together");
        assertTrue(Double.parseDouble(b.get("ci_low")) >= 0.8 && Double.parseDouble(b.get("ci_high")) <= 1.0);
        assertTrue(Double.parseDouble(b.get("ci_low")) < Double.parseDouble(b.get("ci_high")), "resampling two runs varies the IQM");
        assertEquals("10", rows(before.resolve("learning_curves.csv")).get(11)[2]);
    }

    @Test
    void aMissingXColumnIsNamed() throws IOException {
        Path a = run("a", 1, e -> 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.writeAll(List.of(a), tmp.resolve("x"), PlotOptions.defaults().withX("train/nothing")));
        assertTrue(e.getMessage().contains("train/nothing"), e.getMessage());
        IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
                () -> Plots.writeAll(List.of(a), tmp.resolve("y"), PlotOptions.defaults().withX(PlotOptions.EPISODES)
                        .withCurves(PlotOptions.Band.STD, 0, -1)));
        assertTrue(early.getMessage().contains("no evaluation at x <= -1"), early.getMessage());
    }

    private static Map<String, String> row(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] h = lines.get(0).split(",");
        String[] v = lines.get(1).split(",");
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < h.length; i++) m.put(h[i], v[i]);
        return m;
    }
}
