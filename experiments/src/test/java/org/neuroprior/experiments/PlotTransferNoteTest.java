package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plot} on compare's kind of runs (NCAP with transfer.csv, an MLP without): the transfer figure says that the
 * MLP is absent because its input size fixes the body length, the reason {@code eval --bodies} would refuse it.
 */
class PlotTransferNoteTest {

    @TempDir
    Path tmp;

    private Path run(String name, String arch, String label, int seed) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("runs").resolve(name).resolve("seed" + seed));
        Files.writeString(dir.resolve("config.yaml"), "env: swimmer-swim\nenv_options: {bodies: 6}\narch: " + arch
                + "\nagent: ppo\nseed: " + seed + "\nsteps: 20000\nlabel: \"" + label + "\"\n");
        Files.writeString(dir.resolve("log.csv"), "train/steps,test/episode_score/mean,test/episode_score/std\n"
                + "10000,100,5\n20000," + (200 + seed) + ",5\n");
        return dir;
    }

    @Test
    void theTransferFigureNamesTheMlpAsBoundToItsLength() throws Exception {
        for (int seed = 1; seed <= 2; seed++) {
            Path ncap = run("ncap-ppo", "ncap", "ncap", seed);
            Files.writeString(ncap.resolve("transfer.csv"), "bodies,episode_score/mean,episode_score/std,episodes\n"
                    + "3,300,2,5\n6,800,3,5\n");
            run("mlp-64-64-tanh-ppo", "mlp", "mlp (64, 64) tanh", seed);
        }
        Path out = tmp.resolve("plots");
        CommandRun r = CommandRun.of("plot", tmp.resolve("runs").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String svg = Files.readString(out.resolve("transfer.svg"));
        assertTrue(svg.contains("Not shown: mlp (64, 64) tanh, whose parameters fix the body length."), svg);
    }
}
