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
}
