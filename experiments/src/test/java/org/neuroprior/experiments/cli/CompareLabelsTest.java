package org.neuroprior.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.neuroprior.architectures.Mlp;

/** compare names its MLP as the swimmer results' sweeps do: "mlp (64, 64) tanh", from {@link Mlp#label}. */
class CompareLabelsTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    /** The value of {@code NAME="..."} in a shell script of the checkout. */
    private static String shellValue(String script, String name) throws Exception {
        String prefix = name + "=\"";
        return Files.readAllLines(ROOT.resolve(script)).stream().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length(), l.lastIndexOf('"'))).findFirst()
                .orElseThrow(() -> new AssertionError(script + " has no " + name));
    }

    @Test
    void compareLabelsItsMlpByItsSizeAndActivationAsTheSweepsDo() throws Exception {
        assertEquals(shellValue("scripts/lib/sweep-pieces.sh", "MLP64_VARIANT"), CompareCommand.mlpVariant());
        assertEquals("mlp (64, 64) tanh", Mlp.defaultLabel());
        assertEquals("mlp (256, 256) relu", Mlp.label(List.of(256, 256), "relu"));
        assertTrue(Files.readString(ROOT.resolve("scripts/reproduce-swimmer-scale.sh"))
                .contains("--variant=" + Mlp.label(List.of(256, 256), "relu") + ";mlp;hidden=256,256;activation=relu"));
        assertEquals("mlp-64-64-tanh", SweepCommand.slug(Mlp.defaultLabel()));
    }

    @Test
    void theCommandLinesComparePrintsCanBePastedIntoAShell() throws Exception {
        List<String> args = List.of("sweep", "--variant", CompareCommand.mlpVariant(), "--out", "runs/compare", "it's", "");
        String line = CompareCommand.shellWords(args);
        assertTrue(line.startsWith("sweep --variant 'mlp (64, 64) tanh;mlp;"), line);
        Process bash = new ProcessBuilder("bash", "-c", "printf '%s\\n' " + line).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes());
        assertEquals(0, bash.waitFor(), out);
        assertEquals(String.join("\n", args) + "\n", out, "bash reads back the same arguments");
    }
}
