package org.neuroprior.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of {@code tactile-train} (validation accuracy, no episode scores) are plotted on their own axes. */
class TactileRunsPlotTest {
    @TempDir
    Path tmp;

    private Path tactileRun(String name, int seed, double slope) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("config.yaml"), "dataset: data/whisker/x\nmodel: \"convrnn:timedecay\"\narch: convrnn\n"
                + "arch_options: {cell: timedecay}\nseed: " + seed + "\nlabel: \"convrnn:timedecay\"\nparameter_count: 9125\n");
        StringBuilder log = new StringBuilder("train/steps,train/epoch,train/seconds,train/loss,validate/loss,validate/top1,validate/top5\n");
        for (int e = 0; e <= 5; e++) {
            log.append(18 * e).append(',').append(e).append(',').append(3.5 * e).append(',').append(e == 0 ? "" : "1.0").append(",1.0,")
                    .append(Math.min(1, 1 / 3.0 + slope * e)).append(",1\n");
        }
        Files.writeString(dir.resolve("log.csv"), log.toString());
        return dir;
    }

    @Test
    void validationAccuracyIsTheCurveAndRlRunsAreNotMixedIn() throws Exception {
        Path a = tactileRun("td-seed1", 1, 0.1), b = tactileRun("td-seed2", 2, 0.08);
        RunData run = RunData.load(a);
        assertEquals(RunData.VALIDATION_TOP1, run.metric());
        assertEquals(6, run.test().size());
        assertEquals(1 / 3.0 + 0.5, run.test().mean()[5], 1e-12);

        Path out = tmp.resolve("plots");
        Files.createDirectories(out);
        List<Path> written = Plots.writeAll(List.of(a, b), out);
        assertTrue(written.contains(out.resolve("learning_curves.png")), written.toString());
        String curves = Files.readString(out.resolve("learning_curves.csv"));
        assertTrue(curves.contains("convrnn:timedecay"), curves);

        // Every figure speaks of validation accuracy, training samples, epochs and models, not of an RL run's words.
        for (String figure : List.of("learning_curves.svg", "final_score_vs_parameters.svg", "final_iqm.svg")) {
            String text = PlotsTest.svgText(out.resolve(figure));
            for (String rlWord : List.of("test score", "Test score", "policy", "evaluations", "test episodes", "nvironment steps")) {
                assertFalse(text.contains(rlWord), figure + " says '" + rlWord + "': " + text);
            }
        }
        assertTrue(PlotsTest.svgText(out.resolve("final_score_vs_parameters.svg")).contains("Final validation top-1 accuracy vs. model size"));
        assertTrue(PlotsTest.svgText(out.resolve("final_score_vs_parameters.svg")).contains("over its last 5 epochs"));
        assertTrue(PlotsTest.svgText(out.resolve("final_iqm.svg")).contains("Final validation top-1 accuracy"));
        assertTrue(PlotsTest.svgText(out.resolve("learning_curves.svg")).contains("common training samples"));

        Path rl = Fixtures.run(tmp, "mlp-ppo", Fixtures.config("mlp", "ppo", 1, 6090, null, "{hidden: [64, 64]}"), 900, 50000, 0, 100000,
                1, false).dir();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.writeAll(List.of(a, rl), tmp.resolve("mixed")));
        assertTrue(e.getMessage().contains("plot them separately"), e.getMessage());
    }

    private Path labelled(String name, String label, int seed) throws Exception {
        Path dir = tactileRun(name, seed, 0.1);
        Files.writeString(dir.resolve("config.yaml"), Files.readString(dir.resolve("config.yaml"))
                .replace("label: \"convrnn:timedecay\"", "label: \"" + label + "\""));
        return dir;
    }

    private static void testCsv(Path dir, double top1, double top5) throws Exception {
        Files.writeString(dir.resolve("test.csv"), "model,dataset,samples,loss,top1,top5\nbest.model,data/x,30,1.5," + top1 + "," + top5 + "\n");
    }

    @Test
    void testAccuracyBarsAreTheMeansAndStdsOfTheRunsTestCsv() throws Exception {
        Path a1 = labelled("a1", "resnet", 1), a2 = labelled("a2", "resnet", 2), b1 = labelled("b1", "s4", 1), c1 = labelled("c1", "gpt", 1);
        testCsv(a1, 0.5, 0.9);
        testCsv(a2, 0.7, 1.0);
        testCsv(b1, 0.25, 0.75);
        // c1 has no test.csv: its group has no bar
        Path out = tmp.resolve("eval");
        List<Path> written = Plots.writeAll(List.of(a1, a2, b1, c1), out);
        assertTrue(written.contains(out.resolve("test_accuracy.png")) && written.contains(out.resolve("test_accuracy.svg")), written.toString());
        assertFalse(written.contains(out.resolve("linear_probe.png")), "no run has probe.csv: " + written);
        List<String> lines = Files.readAllLines(out.resolve("test_accuracy.csv"));
        assertEquals("label,runs,top1_mean,top1_std,top1_runs,top5_mean,top5_std,top5_runs", lines.get(0));
        assertEquals("resnet,2,0.6,0.1,0.5 0.7,0.95,0.05,0.9 1", lines.get(1));
        assertEquals("s4,1,0.25,,0.25,0.75,,0.75", lines.get(2));
        assertEquals(3, lines.size(), lines.toString());
        String svg = PlotsTest.svgText(out.resolve("test_accuracy.svg"));
        assertTrue(svg.contains("Test accuracy of each model") && svg.contains("top-5") && svg.contains("2 seeds"), svg);
        // Error bars for resnet's two bars only: s4's single run has no spread, so no error bar (not a flat cap), and the
        // subtitle says so.
        assertEquals(2, errorBars(out.resolve("test_accuracy.svg"), 1.4f), "error bars of test_accuracy.svg");
        assertTrue(svg.contains("(groups of one run: none)"), svg);
        // The ablation figure of the same runs (one architecture, three labels): an error bar for resnet's seeds only
        // (their std is 0 here, a measured spread); none for the single runs of s4 and gpt, whose CSV rows say so.
        assertEquals(1, errorBars(out.resolve("ablation_convrnn.svg"), 1.6f), "error bars of ablation_convrnn.svg");
        List<String> ablation = Files.readAllLines(out.resolve("ablation_convrnn.csv"));
        assertTrue(ablation.get(2).startsWith("s4,1,9125,") && ablation.get(2).contains(",,none,"), ablation.toString());
        assertFalse(PlotsTest.svgText(out.resolve("ablation_convrnn.svg")).contains("n/a"), "no '\u00b1 n/a' label for a single run");

        testCsv(b1, 1.5, 0.75);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunData.load(b1));
        assertTrue(e.getMessage().contains("test.csv") && e.getMessage().contains("top1 = '1.5'"), e.getMessage());
    }

    /**
     * The error bars of a bar figure's SVG: the vertical lines drawn in the error bars' colour ({@link Style#TEXT}) and
     * line width (points), one per error bar, a flat one included (a zero-height cap is a line from a point to itself).
     */
    private static long errorBars(Path svg, float width) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<line x1='([^']*)' y1='[^']*' x2='([^']*)' y2='[^']*' style='stroke-width:([^;]*);"
                + "stroke:rgb\\(34,34,34\\);").matcher(Files.readString(svg));
        long n = 0;
        while (m.find()) {
            if (m.group(1).equals(m.group(2)) && Float.parseFloat(m.group(3)) == width) n++;
        }
        return n;
    }

    @Test
    void linearProbeBarsCompareTrainedWithRandomInitFeatures() throws Exception {
        Path a1 = labelled("p1", "gpt simclr", 1), a2 = labelled("p2", "gpt simclr", 2);
        String header = "features,model,dataset,feature_size,epochs,train_top1,validate_loss,validate_top1,validate_top5,test_loss,test_top1,test_top5\n";
        Files.writeString(a1.resolve("probe.csv"), header + "trained,best.model,d,64,100,0.9,1,0.5,0.9,1,0.4,0.8\n"
                + "random_init,seed 1,d,64,100,0.5,2,0.2,0.6,2,0.1,0.5\n");
        Files.writeString(a2.resolve("probe.csv"), header + "trained,best.model,d,64,100,0.9,1,0.5,0.9,1,0.6,0.8\n"
                + "random_init,seed 2,d,64,100,0.5,2,0.2,0.6,2,0.3,0.5\n");
        assertEquals(new RunData.Accuracy(0.4, 0.8), RunData.load(a1).probe().get("trained"));
        Path out = tmp.resolve("probe");
        List<Path> written = Plots.writeAll(List.of(a1, a2), out);
        assertTrue(written.contains(out.resolve("linear_probe.png")), written.toString());
        assertFalse(written.contains(out.resolve("test_accuracy.png")), written.toString());
        List<String> lines = Files.readAllLines(out.resolve("linear_probe.csv"));
        assertEquals("label,runs,trained_test_top1_mean,trained_test_top1_std,trained_test_top1_runs,"
                + "random_init_test_top1_mean,random_init_test_top1_std,random_init_test_top1_runs", lines.get(0));
        assertEquals("gpt simclr,2,0.5,0.1,0.4 0.6,0.2,0.1,0.1 0.3", lines.get(1));
    }
}
