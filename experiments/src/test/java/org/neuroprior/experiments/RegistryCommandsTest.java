package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.agents.Agents;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.ModelCost;
import org.neuroprior.experiments.train.ConfigFiles;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.registry.Option;

/** Environments, architectures and agents are listed, configured and refused the same way. */
class RegistryCommandsTest {

    @Test
    void archAndAgentListShowEveryRegisteredOneWithItsOptions() {
        CommandRun arch = CommandRun.of("arch", "list");
        assertEquals(0, arch.code(), arch.err());
        for (var a : Architectures.registry().all()) {
            assertTrue(arch.out().contains(a.name() + "\n    " + a.description()), arch.out());
            for (Option o : a.options().list()) assertTrue(arch.out().contains(o.name()), o.name());
        }
        assertTrue(arch.out().contains("[64, 64]"), arch.out());
        // Each tactile family with the size and cost of its default model on a whisker sweep; the defaults are of
        // similar size (docs/ead.md): parameters and GFLOP per sample within 2x of each other.
        double[] parameters = {Double.MAX_VALUE, 0};
        double[] gflops = {Double.MAX_VALUE, 0};
        for (String family : List.of("convrnn", "resnet", "s4")) {
            var a = Architectures.get(family);
            var example = a.examples().get(0);
            var cost = ModelCost.of(example.create(a));
            String line = String.format(Locale.ROOT, "    on %s: %,d parameters, %.3g GFLOP per sample (forward)", example.label(),
                    cost.parameters(), cost.gflops());
            assertTrue(arch.out().contains(a.description() + "\n" + line + "\n"), line + " in " + arch.out());
            parameters[0] = Math.min(parameters[0], cost.parameters());
            parameters[1] = Math.max(parameters[1], cost.parameters());
            gflops[0] = Math.min(gflops[0], cost.gflops());
            gflops[1] = Math.max(gflops[1], cost.gflops());
        }
        assertTrue(parameters[1] <= 2 * parameters[0], "parameters of the tactile defaults: " + parameters[0] + " to " + parameters[1]);
        assertTrue(gflops[1] <= 2 * gflops[0], "GFLOP of the tactile defaults: " + gflops[0] + " to " + gflops[1]);
        CommandRun agent = CommandRun.of("agent", "list");
        assertEquals(0, agent.code(), agent.err());
        for (var a : Agents.registry().all()) {
            assertTrue(agent.out().contains(a.name() + "\n    " + a.description()), agent.out());
            for (Option o : a.options().list()) assertTrue(agent.out().contains(o.name()), o.name());
        }
        CommandRun markdown = CommandRun.of("agent", "list", "--markdown");
        assertTrue(markdown.out().contains("| `segment` | `4096` | an integer in 2..100000000 |"), markdown.out());
    }

    /** arch cost: the tactile-train model of each spec, sized as arch list sizes the defaults; bad specs exit 2. */
    @Test
    void archCostSizesTactileModelsAndRefusesBadSpecs() {
        CommandRun run = CommandRun.of("arch", "cost", "--classes", "15", "resnet", "convrnn:ugrnn+widths=8,12,20,28,28,20+fc=224,64");
        assertEquals(0, run.code(), run.err());
        var resnet = Architectures.get("resnet");
        var example = resnet.examples().get(0);
        var cost = ModelCost.of(example.create(resnet));
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertEquals("spec,parameters,gflop_per_sample", lines.get(0));
        // The default example is on a 15-class whisker sweep: the same model.
        assertEquals(String.format(Locale.ROOT, "resnet,%d,%.4f", cost.parameters(), cost.gflops()), lines.get(1));
        assertTrue(lines.get(2).startsWith("\"convrnn:ugrnn+widths=8,12,20,28,28,20+fc=224,64\","), lines.get(2));
        CommandRun bad = CommandRun.of("arch", "cost", "nosuch", "convrnn:nonsense", "resnet");
        assertEquals(2, bad.code(), bad.out());
        assertEquals("", bad.out());
        assertEquals(2, bad.err().lines().filter(l -> l.startsWith("error:")).count(), bad.err());
        assertTrue(bad.err().contains("nosuch") && bad.err().contains("nonsense"), bad.err());
        // A model that does not fit is refused in this command's terms: no dataset is involved.
        CommandRun ncap = CommandRun.of("arch", "cost", "ncap");
        assertEquals(2, ncap.code(), ncap.out());
        assertEquals(1, ncap.err().lines().count(), ncap.err());
        assertTrue(ncap.err().startsWith("error: model 'ncap' does not fit whisker sweeps [110, 35, 6] and 15 classes (--classes): "),
                ncap.err());
        // the trainable architectures of the registry (other tests of this JVM may have registered more)
        String refusal = ncap.err().strip();
        List<String> accepted = List.of(refusal.substring(refusal.indexOf("; accepted: ") + 12).split(", "));
        assertTrue(accepted.containsAll(List.of("conv", "convrnn", "mlp", "resnet", "s4")), ncap.err());
        assertFalse(accepted.contains("ncap"), ncap.err());
        assertFalse(ncap.err().contains("dataset"), ncap.err());
        // A --classes that is not a number names the value and what is accepted, and is reported with the other problems.
        CommandRun classes = CommandRun.of("arch", "cost", "--classes", "abc", "resnet");
        assertEquals(2, classes.code(), classes.out());
        assertEquals("", classes.out());
        assertEquals(List.of("error: --classes = 'abc' is not valid; accepted: an integer of at least 2 (default 15)"), classes.err().lines().toList());
        CommandRun both = CommandRun.of("arch", "cost", "--classes", "1", "nosuch");
        assertEquals(2, both.code(), both.out());
        assertEquals(2, both.err().lines().filter(l -> l.startsWith("error:")).count(), both.err());
        assertTrue(both.err().contains("--classes = '1' is not valid") && both.err().contains("nosuch"), both.err());
    }

    @Test
    void helpTextsNameWhatIsRegisteredAndTheCodesDefaults() {
        CommandRun help = CommandRun.of("train", "--help");
        String text = help.out().replaceAll("\\s+", " "); // picocli wraps long lists across lines
        assertTrue(text.contains(String.join(", ", Agents.registry().names())), help.out());
        assertTrue(text.contains(String.join(", ", Architectures.registry().names())), help.out());
        assertTrue(text.contains("(default " + TrainConfig.KEYS.get("steps").defaultValue() + ")"), help.out());
        CommandRun tactile = CommandRun.of("tactile-train", "--help");
        String tactileText = tactile.out().replaceAll("\\s+", " ");
        assertTrue(tactileText.contains("(default " + org.neuroprior.experiments.tactile.TactileConfig.KEYS.get("epochs").defaultValue() + ")"),
                tactile.out());
        // The header (above the usage) is not repeated by the description (below it).
        String header = "Train a tactile model (e.g. convrnn:timedecay+gpt+linear)";
        assertEquals(1, tactileText.split(java.util.regex.Pattern.quote(header), -1).length - 1, tactile.out());
    }

    @Test
    void configYamlRecordsEveryResolvedValueAndIsEnoughToReproduceTheRun(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        CommandRun r = CommandRun.of("train", "--arch", "mlp", "--agent", "es", "--env-option", "bodies=3", "--env-option", "time_limit=20",
                "--agent-option", "population=4", "--steps", "8e1", "--epoch-steps", "4e1", "--test-episodes", "1", "--threads", "2",
                "--out", run.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        Map<String, Object> saved = ConfigFiles.readMap(run.resolve("config.yaml"));
        assertEquals(80, ((Number) saved.get("steps")).intValue(), "1e-style numbers are read as numbers everywhere");
        @SuppressWarnings("unchecked")
        Map<String, Object> arch = (Map<String, Object>) saved.get("arch_options");
        assertEquals(Architectures.get("mlp").options().list().size(), arch.size(), "every architecture option, defaults included: " + arch);
        @SuppressWarnings("unchecked")
        Map<String, Object> agent = (Map<String, Object>) saved.get("agent_options");
        assertEquals(Agents.get("es").options().list().size(), agent.size(), "every agent option: " + agent);
        assertEquals(2, ((Number) saved.get("threads")).intValue());
        assertEquals(1, ((Number) saved.get("intra_op_threads")).intValue());
        // The saved file alone gives the same resolved config.
        saved.remove(ConfigFiles.PARAMETER_COUNT);
        assertEquals(ConfigFiles.read(run.resolve("config.yaml")), TrainConfig.resolve(saved));
        Path again = dir.resolve("again");
        CommandRun rerun = CommandRun.of("train", "--config", run.resolve("config.yaml").toString(), "--out", again.toString());
        assertEquals(0, rerun.code(), rerun.err());
        assertFalse(rerun.err().contains("warning"), "the same kernel set, binary and commit: " + rerun.err());
        assertEquals(Files.readAllLines(run.resolve("config.yaml")), Files.readAllLines(again.resolve("config.yaml")));
        assertEquals(scores(run), scores(again), "the same config gives the same scores");
        // Another run's recorded facts are not settings: accepted, named in one warning line, not applied.
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, Files.readString(run.resolve("config.yaml")).replaceFirst("(?m)^openblas_coretype: .*$", "openblas_coretype: Prescott"));
        Path third = dir.resolve("third");
        CommandRun repeat = CommandRun.of("train", "--config", other.toString(), "--out", third.toString());
        assertEquals(0, repeat.code(), repeat.err());
        assertEquals(1, repeat.err().lines().filter(l -> l.startsWith("warning: ")).count(), repeat.err());
        assertTrue(repeat.err().contains("openblas_coretype Prescott") && repeat.err().contains("OPENBLAS_CORETYPE=Prescott"), repeat.err());
        assertEquals(Files.readAllLines(run.resolve("config.yaml")), Files.readAllLines(third.resolve("config.yaml")), "this process's facts");
    }

    private static List<String> scores(Path run) throws Exception {
        return Files.readAllLines(run.resolve("log.csv")).stream().map(l -> {
            String[] cells = l.split(",");
            return cells[0] + "," + cells[6];
        }).toList();
    }

    @Test
    void unknownOrBadValuesAreOneLineExit2AndNoRunDirectory(@TempDir Path dir) {
        Path out = dir.resolve("never");
        String[][] bad = {
                {"--arch", "transformer"},
                {"--agent", "a2c"},
                {"--arch", "mlp", "--arch-option", "hiden=64"},
                {"--arch", "mlp", "--arch-option", "hidden=64,0"},
                {"--agent-option", "segment=1"},
                {"--steps", "many"},
                {"--arch", "mlp", "--agent", "ddpg", "--env", "whisker-sweep"},
                {"--arch", "mlp", "--agent", "dqn", "--env", "swimmer-swim"},
                {"--arch", "mlp", "--arch-option", "nokey"},
                {"--agent", "es", "--agent-option", "nokey"},
        };
        // A word without '=' names an example of its kind: an option of the architecture or agent, not of the environment.
        String[] named = {"'transformer'", "'a2c'", "'hiden'", "'hidden'", "'segment'", "'steps'", "Box", "discrete",
                "option 'nokey' is not of the form key=value (e.g. hidden=64,64, an option of mlp)",
                ", an option of es)"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = new String[bad[i].length + 3];
            args[0] = "train";
            System.arraycopy(bad[i], 0, args, 1, bad[i].length);
            args[args.length - 2] = "--out";
            args[args.length - 1] = out.toString();
            CommandRun r = CommandRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(named[i]), r.err());
            assertFalse(Files.exists(out), "no run directory for " + String.join(" ", args));
        }
    }
}
