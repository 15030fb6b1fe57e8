package org.neuroprior.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the figures say about themselves: who trained the runs, what a dot and a bar are, and that all of it is drawn. */
class FigureWordsTest {

    @TempDir
    Path tmp;

    private static final String NCAP_OPTIONS = "{sign_constraints: true, init: constant, sharing: true}";

    private List<Path> runs(String agent, int seeds, String... archs) throws Exception {
        List<Path> dirs = new ArrayList<>();
        for (String arch : archs) {
            for (int seed = 1; seed <= seeds; seed++) {
                dirs.add(Fixtures.run(tmp, arch + "-" + agent + "/seed" + seed,
                        Fixtures.config(arch, agent, seed, arch.equals("ncap") ? 4 : 6090, null,
                                arch.equals("ncap") ? NCAP_OPTIONS : "{hidden: [64, 64]}"),
                        arch.equals("ncap") ? 850 : 600, 40000, 0, 200000, seed, false).dir());
            }
        }
        return dirs;
    }

    @Test
    void everyTitleNamesTheAgentAndTheStepsTheRunsShare() throws Exception {
        Path out = tmp.resolve("es-plots");
        Plots.writeAll(runs("es", 2, "mlp", "ncap"), out, PlotOptions.defaults().withReps(200));
        for (String figure : List.of("learning_curves.svg", "final_score_vs_parameters.svg", "final_iqm.svg")) {
            String text = PlotsTest.svgText(out.resolve(figure));
            assertTrue(text.contains("swimmer-swim, agent es, 200k steps"), figure + ": " + text);
        }
    }

    @Test
    void mixedAgentsAreListedAndDifferentBudgetsNamedByGroup() throws Exception {
        List<Path> dirs = new ArrayList<>(runs("ppo", 1, "mlp"));
        dirs.addAll(runs("es", 1, "ncap"));
        Path longer = dirs.get(1).resolve("config.yaml");
        Files.writeString(longer, Files.readString(longer).replace("steps: 200000", "steps: 2000000"));
        List<RunGroup> groups = Plots.load(dirs);
        assertEquals("swimmer-swim, agents ppo, es, 200k steps (ncap: 2M steps)", Plots.about(groups));
        Path out = tmp.resolve("mixed");
        Plots.writeAll(dirs, out, PlotOptions.defaults().withReps(200));
        assertTrue(PlotsTest.svgText(out.resolve("learning_curves.svg")).contains("agents ppo, es, 200k steps (ncap: 2M steps)"));
        // A group whose own runs differ: no budget is named.
        Path other = Fixtures.run(tmp, "mlp-ppo/seed2", Fixtures.config("mlp", "ppo", 2, 6090, null, "{hidden: [64, 64]}"),
                600, 40000, 0, 200000, 2, false).dir();
        Path config = other.resolve("config.yaml");
        Files.writeString(config, Files.readString(config).replace("steps: 200000", "steps: 400000"));
        dirs.add(other);
        assertEquals("swimmer-swim, agents ppo, es", Plots.about(Plots.load(dirs)));
    }

    @Test
    void tactileRunsNameTheirObjectiveAndEpochs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tactile"));
        Files.writeString(dir.resolve("config.yaml"), "dataset: data/x\nmodel: convrnn\narch: convrnn\nseed: 1\nepochs: 30\n"
                + "patience: 5\nobjective: simclr\nlabel: convrnn simclr\n");
        Files.writeString(dir.resolve("log.csv"), "train/steps,validate/top1\n0,0.1\n18,0.3\n");
        RunData run = RunData.load(dir);
        assertEquals("objective", run.learnerKey());
        assertEquals("simclr", run.learner());
        assertEquals("up to 30 epochs", run.budget());
        assertEquals("objective simclr, up to 30 epochs", Plots.about(Plots.load(List.of(dir))));
        assertNull(Plots.about(List.of()));
    }

    @Test
    void finalIqmSaysMeanAndRangeForTwoSeeds() throws Exception {
        Path out = tmp.resolve("two-seeds");
        Plots.writeAll(runs("ppo", 2, "mlp", "ncap"), out, PlotOptions.defaults().withReps(200));
        String text = PlotsTest.svgText(out.resolve("final_iqm.svg"));
        assertTrue(text.contains("Final score: mean and range of 2 seeds"), text);
        assertTrue(text.contains("the range of the 2 seeds"), text);
        assertFalse(text.contains("interquartile") || text.contains("bootstrap"), text);

        assertEquals("Final score: interquartile mean", StatisticsFigures.iqmTitle(new int[] {5, 2}));
        assertEquals("Final score: mean", StatisticsFigures.iqmTitle(new int[] {3, 3}));
        assertEquals("Final score of each run", StatisticsFigures.iqmTitle(new int[] {1}));
        String mixed = StatisticsFigures.iqmLegend(new int[] {5, 2, 1}, 1000);
        assertTrue(mixed.contains("interquartile mean") && mixed.contains("of 2 runs: their range")
                && mixed.contains("one run: none"), mixed);
    }

    @Test
    void aGroupTrainedOnEachLengthHasNoTrainedLineAndSaysSo(@TempDir Path root) throws IOException {
        List<RunData> perLength = new ArrayList<>();
        for (int bodies : new int[] {3, 5}) {
            for (int seed = 1; seed <= 2; seed++) {
                Path dir = Fixtures.run(root, "mlp-b" + bodies + "-s" + seed, Fixtures.config("mlp", "ppo", seed, 100, "mlp", "{}")
                        .replace("bodies: 6", "bodies: " + bodies), 900, 5e4, 0, 50000, seed, true).dir();
                perLength.add(RunData.load(dir));
            }
        }
        RunGroup g = new RunGroup("mlp", perLength);
        assertEquals(Map.of(3, 2, 5, 2), Figures.trainedLengths(g));
        assertEquals("mlp \u2014 trained on each length, 2 seeds each", Figures.transferLegend(g));
        RunGroup zeroShot = new RunGroup("mlp", perLength.subList(0, 2));
        assertEquals("mlp \u2014 2 seeds", Figures.transferLegend(zeroShot));

        // with a zero-shot group beside it, the per-length group is drawn in transfer.png and nowhere else
        List<Path> dirs = new ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            dirs.add(Fixtures.run(root, "ncap-s" + seed, Fixtures.config("ncap", "ppo", seed, 4, "ncap", "{}"), 800, 5e4, 0,
                    50000, seed, true).dir());
        }
        perLength.forEach(run -> dirs.add(run.dir()));
        Path out = root.resolve("plots");
        Plots.writeAll(dirs, out);
        assertTrue(Files.readString(out.resolve("transfer_scores.csv")).contains("\nmlp,"));
        String curves = Files.readString(out.resolve("learning_curves.csv"));
        assertTrue(curves.contains("ncap") && !curves.contains("mlp"), curves.lines().limit(3).toList().toString());
        assertFalse(Files.readString(out.resolve("final_iqm.csv")).contains("mlp"));
    }

    /** compare's runs: NCAP evaluated on other lengths (transfer.csv), the MLP not (its input layer fixes the length). */
    private List<Path> compareRuns() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            dirs.add(Fixtures.run(tmp, "ncap-ppo/seed" + seed, Fixtures.config("ncap", "ppo", seed, 4, null, NCAP_OPTIONS),
                    850, 40000, 0, 200000, seed, true).dir());
            dirs.add(Fixtures.run(tmp, "mlp-64-64-tanh-ppo/seed" + seed, Fixtures.config("mlp", "ppo", seed, 6090,
                    "mlp (64, 64) tanh", "{hidden: [64, 64]}"), 600, 40000, 0, 200000, seed, false).dir());
        }
        return dirs;
    }

    @Test
    void figuresCountTheSwimmersLinksAsTheReadmeDoes() throws Exception {
        Path out = tmp.resolve("links");
        Plots.writeAll(compareRuns(), out, PlotOptions.defaults().withReps(200));
        String transfer = PlotsTest.svgText(out.resolve("transfer.svg"));
        assertTrue(transfer.contains("Number of links of the evaluated swimmer") && transfer.contains("trained with 6 links")
                && transfer.contains("other numbers of links"), transfer);
        for (String figure : List.of("transfer.svg", "learning_curves.svg", "final_score_vs_parameters.svg", "final_iqm.svg")) {
            String words = PlotsTest.svgText(out.resolve(figure));
            assertFalse(words.contains("bodies"), figure + " says bodies, the README says links: " + words);
        }
        assertEquals("6 links", SwimmerPictures.links(6)); // the strip's title and the GIF's caption
    }

    @Test
    void theTransferFigureSaysWhyAGroupBoundToItsLengthIsAbsent() throws Exception {
        List<Path> dirs = compareRuns();
        PlotOptions options = PlotOptions.defaults().withReps(200);
        Path bound = tmp.resolve("bound");
        Plots.writeAll(dirs, bound, options.withLengthBound(run -> run.arch().equals("mlp")));
        String text = PlotsTest.svgText(bound.resolve("transfer.svg"));
        assertTrue(text.contains("Not shown: mlp (64, 64) tanh, whose parameters fix the body length."), text);
        assertTrue(text.contains("Point: mean over seeds"), "the note's line leaves the others drawn: " + text);
        // without that knowledge (a group simply not evaluated, or PlotOptions' default), the figure claims no reason
        Path unknown = tmp.resolve("unknown");
        Plots.writeAll(dirs, unknown, options);
        assertFalse(PlotsTest.svgText(unknown.resolve("transfer.svg")).contains("Not shown"));

        assertEquals("", Figures.notShown(List.of()));
        assertEquals("\nNot shown: mlp, mlp (256, 256) relu, whose parameters fix the body length.",
                Figures.notShown(List.of("mlp", "mlp (256, 256) relu")));
    }

    @Test
    void transferLegendSaysWhenTheBarsHideInTheDots() {
        // results/swimmer-swim/transfer_scores.csv: std across seeds 0.6 to 4.4 on an axis of about 700
        assertEquals(", at most 4.40: within the dots", Figures.hiddenBars(0.57, 4.4, 700, 560));
        assertTrue(Figures.hiddenBars(2, 40, 700, 560).startsWith("; a bar under 9.87"), Figures.hiddenBars(2, 40, 700, 560));
        assertEquals("", Figures.hiddenBars(20, 40, 700, 560));
        assertEquals("", Figures.hiddenBars(Double.POSITIVE_INFINITY, 0, 700, 560)); // no spread drawn at all
    }

    private static StatisticsFigures.Row row(String name, double estimate, double low, double high, double... dots) {
        return new StatisticsFigures.Row(name, Color.BLUE, new ScoreStatistics.Interval(estimate, low, high),
                dots.length == 0 ? null : dots);
    }

    @Test
    void aSingleValueIntervalIsRingedAndScoresAtZeroAreWhole() {
        JFreeChart poi = StatisticsFigures.intervalFigure(List.of(row("P(a > b)", 1, 1, 1), row("P(a > c)", 0.4, 0, 0.8),
                row("P(a > d)", 0, 0, 0)), "t", "s.", "Probability of improvement", new double[] {0, 1}, false);
        XYDataset rings = poi.getXYPlot().getDataset(2);
        assertEquals(1, rings.getItemCount(0), "[1, 1] has a ring");
        assertEquals(1.0, rings.getYValue(0, 0));
        assertEquals(0, rings.getItemCount(1), "[0, 0.8] has a bar, no ring");
        assertEquals(1, rings.getItemCount(2), "[0, 0] has a ring");
        assertTrue(((TextTitle) poi.getSubtitle(0)).getText().contains("Ring: the interval is a single value"));

        JFreeChart scores = StatisticsFigures.intervalFigure(List.of(row("ncap", 86, 0, 130, 0, 0, 128, 130, 127),
                row("mlp", 893, 698, 939, 611, 903, 906, 956, 871)), "t", "s.", "Final test score", null, false);
        XYPlot plot = scores.getXYPlot();
        NumberAxis values = (NumberAxis) plot.getRangeAxis();
        assertTrue(values.getLowerBound() < 0, "a margin below a score of 0: " + values.getRange());
        assertTrue(values.getUpperBound() > 956, values.getRange().toString());
        assertNull(values.getNumberFormatOverride(), "scores are plain numbers");
        assertFalse(values.getTickUnit().valueToString(1000).endsWith("k"), values.getTickUnit().valueToString(1000));
        assertEquals(0, plot.getDataset(2).getItemCount(0) + plot.getDataset(2).getItemCount(1));

        JFreeChart steps = StatisticsFigures.intervalFigure(List.of(row("ncap", 2e5, 1e5, 3e5)), "t", "s.", "Steps", null, true);
        assertTrue(((NumberAxis) steps.getXYPlot().getRangeAxis()).getNumberFormatOverride() instanceof Style.Compact);
    }
}
