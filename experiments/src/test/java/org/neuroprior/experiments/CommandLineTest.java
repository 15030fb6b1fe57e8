package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.*;


import org.junit.jupiter.api.Test;
import org.neuroprior.envs.mujoco.MjModel;


class CommandLineTest {


    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void envListShowsIdsAndOptions() {
        CommandRun r = run("env", "list");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("swimmer-swim") && r.out().contains("swimmer-navigate"), r.out());
        assertTrue(r.out().contains("bodies") && r.out().contains("3..30"), r.out());
    }

    @Test
    void envXmlPrintsMjcfThatMuJoCoCompiles() {
        CommandRun r = run("env", "xml", "swimmer-swim", "bodies=9");
        assertEquals(0, r.code(), r.err());
        try (MjModel model = MjModel.fromXml(r.out())) {
            assertEquals(8, model.nu());
        }
    }

    @Test
    void envCheckPassesOnAShippedEnvironment() {
        CommandRun r = run("env", "check", "swimmer-swim", "bodies=4", "time_limit=200", "--steps", "300");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("passed"), r.out());
    }

    @Test
    void badInputIsOneClearLineAndExitCode2() {
        CommandRun unknown = run("env", "xml", "swimmer-fly");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown environment id 'swimmer-fly'"), unknown.err());
        CommandRun range = run("env", "check", "swimmer-swim", "bodies=2");
        assertEquals(2, range.code());
        assertTrue(range.err().contains("'bodies' = 2") && range.err().contains("3..30"), range.err());
        CommandRun form = run("env", "xml", "swimmer-swim", "bodies");
        assertEquals(2, form.code());
        assertTrue(form.err().contains("key=value"), form.err());
        // What picocli cannot parse is one line too, naming the bad word and where the accepted ones are listed.
        CommandRun flag = run("train", "--bogus-flag", "1");
        assertEquals(2, flag.code());
        assertEquals(1, flag.err().strip().lines().count(), flag.err());
        assertTrue(flag.err().contains("--bogus-flag") && flag.err().contains("neuroprior train --help"), flag.err());
        CommandRun command = run("frobnicate");
        assertEquals(2, command.code());
        assertEquals(1, command.err().strip().lines().count(), command.err());
        // compare checks what its later stages read before its sweep trains anything.
        CommandRun bodies = run("compare", "--bodies", "99", "--out", "target/compare-never-made");
        assertEquals(2, bodies.code(), bodies.out() + bodies.err());
        assertTrue(bodies.err().contains("'bodies' = 99") && bodies.out().isEmpty(), bodies.out() + bodies.err());
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("target/compare-never-made")));
        CommandRun seeds = run("compare", "--seeds", "1,x", "--out", "target/compare-never-made");
        assertEquals(2, seeds.code(), seeds.out() + seeds.err());
        assertEquals(1, seeds.err().strip().lines().count(), seeds.err());
        assertTrue(seeds.err().contains("'x'") && seeds.out().isEmpty(), seeds.out() + seeds.err());
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("target/compare-never-made")));
    }

    @Test
    void theCommandListShowsEachCommandsWholeHeader() {
        CommandRun r = run("--help");
        assertEquals(0, r.code(), r.err());
        // Each command's entry in the list is a whole sentence (its header), not a description cut mid-sentence.
        String list = r.out().substring(r.out().indexOf("Commands:") + "Commands:".length());
        java.util.List<String> entries = new java.util.ArrayList<>();
        for (String line : list.strip().lines().toList()) {
            if (line.startsWith("     ")) entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            else entries.add(line.strip());
        }
        assertTrue(entries.size() > 10, r.out());
        for (String entry : entries) assertTrue(entry.endsWith("."), "cut short: " + entry);
    }

    @Test
    void demoSwimsWithTheNcapRule() {
        CommandRun r = run("demo", "--episodes", "1", "--bodies", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("NCAP rule"), r.out());
    }

    @Test
    void trainEvalPlayAndPlotMakeFilesAUserCanOpen(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path run = dir.resolve("ncap-es");
        CommandRun train = run("train", "--arch", "ncap", "--agent", "es", "--env-option", "bodies=4", "--env-option", "time_limit=60",
                "--steps", "960", "--epoch-steps", "480", "--test-episodes", "2", "--out", run.toString());
        assertEquals(0, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("epoch   2"), train.out());

        CommandRun eval = run("eval", run.toString(), "--bodies", "3,5,7", "--episodes", "2");
        assertEquals(0, eval.code(), eval.out() + eval.err());
        java.util.List<String> transfer = java.nio.file.Files.readAllLines(run.resolve("transfer.csv"));
        assertEquals("bodies,episode_score/mean,episode_score/std,episodes", transfer.get(0));
        assertEquals(4, transfer.size());

        CommandRun play = run("play", run.toString(), "--out", dir.resolve("play").toString());
        assertEquals(0, play.code(), play.out() + play.err());
        assertEquals(62, java.nio.file.Files.readAllLines(dir.resolve("play").resolve("trajectory.csv")).size()); // header + 61 poses
        assertTrue(java.nio.file.Files.size(dir.resolve("play").resolve("swimmer.gif")) > 1000);

        CommandRun badPlot = run("plot", dir.toString(), "--out", dir.resolve("plots").toString(), "--improvement-of", "mlp");
        assertEquals(2, badPlot.code(), badPlot.out() + badPlot.err());
        assertTrue(badPlot.err().contains("'mlp'") && badPlot.err().contains("ncap"), badPlot.err());
        assertFalse(java.nio.file.Files.exists(dir.resolve("plots")), "bad input writes nothing");
        CommandRun plot = run("plot", dir.toString(), "--out", dir.resolve("plots").toString(), "--threshold", "-1e9",
                "--bootstrap-reps", "1000");
        assertEquals(0, plot.code(), plot.out() + plot.err());
        var image = javax.imageio.ImageIO.read(dir.resolve("plots").resolve("learning_curves.png").toFile());
        assertTrue(image.getWidth() > 400);
        for (String f : java.util.List.of("final_iqm.png", "final_iqm.csv", "steps_to_threshold.png", "levels_off.csv")) {
            assertTrue(java.nio.file.Files.exists(dir.resolve("plots").resolve(f)), f);
        }
        // every run scores above -1e9 before training: it reaches the threshold at step 0
        assertTrue(java.nio.file.Files.readAllLines(dir.resolve("plots").resolve("steps_to_threshold.csv")).get(1)
                .matches("ncap,.*,0,960"), "the first run row");

        CommandRun mlpTransfer = run("train", "--arch", "mlp", "--agent", "es", "--env-option", "bodies=4", "--env-option",
                "time_limit=60", "--steps", "480", "--epoch-steps", "480", "--test-episodes", "1", "--out", dir.resolve("mlp").toString());
        assertEquals(0, mlpTransfer.code(), mlpTransfer.err());
        CommandRun refused = run("eval", dir.resolve("mlp").toString(), "--bodies", "5");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("only NCAP with weight sharing transfers"), refused.err());
    }

    @Test
    void sweepRejectsMalformedVariantsAndNamesRunDirectoriesAfterLabels() {
        CommandRun bad = run("sweep", "--variant", "only-a-label", "--out", "/tmp/never-written");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("LABEL;ARCH"), bad.err());
        CommandRun none = run("sweep", "--out", "/tmp/never-written");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--arch or --variant"), none.err());
        assertEquals("ncap-no-sign-constraints", org.neuroprior.experiments.cli.SweepCommand.slug("ncap (no sign constraints)"));
    }

    @Test
    void trainRejectsUnknownAgentOptionsByName() {
        CommandRun r = run("train", "--agent", "es", "--agent-option", "sigmaa=0.1", "--steps", "10", "--out", "/tmp/never-written-2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'sigmaa'") && r.err().contains("sigma"), r.err());
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/never-written-2")), "a bad config creates no run directory");
        CommandRun resume = run("train", "--resume", "--arch", "mlp", "--out", "/tmp/never-written-2");
        assertEquals(2, resume.code());
        assertTrue(resume.err().contains("only --steps, --threads and --checkpoint-every"), resume.err());
        CommandRun spec = run("train", "--arch", "convrnn:timedecay+transformer", "--steps", "10", "--out", "/tmp/never-written-2");
        assertEquals(2, spec.code());
        assertEquals(1, spec.err().strip().lines().count(), spec.err());
        assertTrue(spec.err().contains("'transformer'") && spec.err().contains("attender (none, gpt)"), spec.err());
    }

    /** Every bad value is reported, one error line each, with exit code 2 and nothing written: train, compare, tactile-train. */
    @Test
    void severalBadOptionsAreEachReportedOnTheirOwnLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path out = dir.resolve("never");
        CommandRun train = run("train", "--steps", "0", "--seed", "x", "--arch", "foo", "--agent", "bar", "--agent-option", "nope=1",
                "--out", out.toString());
        assertEquals(2, train.code(), train.out() + train.err());
        assertFalse(train.hasStackTrace(), train.err());
        assertEquals(java.util.List.of("error: the run: option 'seed' = x is not valid; accepted: an integer in -9000000000000000..9000000000000000",
                "error: the run: option 'steps' = 0 is not valid; accepted: an integer in 1..9000000000000000",
                "error: unknown architecture 'foo'; accepted: conv, convrnn, gru, mlp, ncap, resnet, s4",
                "error: unknown agent 'bar'; accepted: ddpg, dqn, es, ppo"), train.err().strip().lines().toList());
        // Options of known ids are checked too, beside bad run keys.
        CommandRun options = run("train", "--steps", "0", "--arch", "mlp", "--arch-option", "hidden=x", "--env-option", "bodies=2",
                "--agent", "ppo", "--agent-option", "nope=1", "--out", out.toString());
        assertEquals(2, options.code(), options.err());
        java.util.List<String> lines = options.err().strip().lines().toList();
        assertEquals(4, lines.size(), options.err());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("error: ")), options.err());
        for (String bad : new String[] {"'steps' = 0", "'bodies' = 2", "'hidden' = x", "'nope'"}) {
            assertTrue(options.err().contains(bad), bad + " in " + options.err());
        }
        CommandRun compare = run("compare", "--steps", "0", "--seeds", "x", "--bodies", "0", "--out", out.toString());
        assertEquals(2, compare.code(), compare.err());
        assertEquals(3, compare.err().strip().lines().count(), compare.err());
        assertTrue(compare.out().isEmpty(), compare.out());
        CommandRun tactile = run("tactile-train", "--dataset", dir.toString(), "--epochs", "0", "--batch-size", "-1", "--learning-rate", "99",
                "--model", "convrnn:bogus", "--out", out.toString());
        assertEquals(2, tactile.code(), tactile.err());
        lines = tactile.err().strip().lines().toList();
        assertEquals(5, lines.size(), tactile.err());
        // The dataset (here a folder that is none) is checked in the same pass as the options.
        for (String bad : new String[] {"'epochs' = 0", "'batch_size' = -1", "'learning_rate' = 99", "'bogus'", "holds no dataset.json"}) {
            assertTrue(tactile.err().contains(bad), bad + " in " + tactile.err());
        }
        assertFalse(java.nio.file.Files.exists(out), "nothing is written");
    }
}
