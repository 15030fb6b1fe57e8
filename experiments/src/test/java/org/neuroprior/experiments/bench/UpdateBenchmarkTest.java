package org.neuroprior.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * bench --updates: the arguments it gives the PyTorch reference are the ones the script accepts and describe the
 * agents' networks; without PyTorch it says so in one line and reports our rates alone. (PyTorch itself is never run
 * here: the script checks its arguments with --dry-run, before it imports torch.)
 */
class UpdateBenchmarkTest {
    /** The tests run in the module's directory. */
    private static final Path SCRIPT = Path.of("..").resolve(UpdateBenchmark.SCRIPT).toAbsolutePath().normalize();

    @Test
    void theReferenceAcceptsTheArgumentsAndSeesTheAgentsNetworks() throws Exception {
        List<List<String>> all = UpdateBenchmark.referenceArguments();
        assertEquals(4, all.size());
        List<JsonNode> parsed = new ArrayList<>();
        for (List<String> arguments : all) {
            List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString(), "--dry-run", "--threads", "1"));
            command.addAll(arguments);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            assertEquals(0, p.waitFor(), out);
            parsed.add(new ObjectMapper().readTree(out));
        }
        JsonNode ddpg = parsed.get(0);
        assertEquals("ddpg", ddpg.get("algo").asText());
        assertEquals(24, ddpg.get("obs").asInt(), "swimmer-swim with its time feature");
        assertEquals(5, ddpg.get("act").asInt());
        assertEquals("mlp", ddpg.get("arch").asText());
        assertEquals("[64,64]", ddpg.get("hidden").toString(), "the actor is the default MLP");
        assertEquals("tanh", ddpg.get("activation").asText());
        assertEquals("[256,256]", ddpg.get("critic_hidden").toString());
        assertEquals(100, ddpg.get("batch").asInt());
        assertEquals(0.005, ddpg.get("tau").asDouble());
        JsonNode ppo = parsed.get(1);
        assertEquals("[64,64]", ppo.get("hidden").toString());
        assertEquals("tanh", ppo.get("activation").asText());
        assertEquals(4096, ppo.get("segment").asInt());
        assertEquals(80, ppo.get("actor_iterations").asInt());
        assertEquals(80, ppo.get("critic_iterations").asInt());
        assertEquals(1000, ppo.get("episode_length").asInt());
        assertTrue(ppo.get("normalize").asBoolean() && ppo.get("critic_normalize").asBoolean());
        assertEquals(0.0, ppo.get("fixed_std").asDouble(), "a learned log-std");
        JsonNode ncap = parsed.get(2);
        assertEquals("ncap", ncap.get("arch").asText());
        assertEquals(1000, ncap.get("ncap_time_limit").asInt(), "the environment's time limit");
        assertEquals(60, ncap.get("ncap_period").asInt());
        assertEquals(0.1, ncap.get("fixed_std").asDouble(), "NCAP's published fixed std");
        assertFalse(ncap.get("normalize").asBoolean(), "NCAP reads raw observations");
        assertTrue(ncap.get("critic_normalize").asBoolean());
        JsonNode dqn = parsed.get(3);
        assertEquals(4, dqn.get("obs").asInt(), "cartpole");
        assertEquals(2, dqn.get("act").asInt());
        assertEquals(128, dqn.get("batch").asInt());
        assertEquals(2.5e-4, dqn.get("lr").asDouble());
        assertEquals("mse", dqn.get("loss").asText());
    }

    @Test
    void withoutPyTorchItSaysSoAndReportsOursAlone() throws Exception {
        List<String> lines = new ArrayList<>();
        // /bin/false stands for an interpreter that cannot import torch.
        var bench = new UpdateBenchmark(1, 0.1, "/bin/false", SCRIPT, List.of(UpdateBenchmark.Blas.OPENBLAS), lines::add);
        List<UpdateBenchmark.Figure> figures = bench.run();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("PyTorch reference skipped: /bin/false cannot import torch")).count(),
                lines.toString());
        assertEquals(8, figures.size(), "four updates at 1 and 2 threads");
        for (UpdateBenchmark.Figure f : figures) {
            assertNull(f.ratio(), f.toString());
            assertTrue(f.ours() > 0, f.toString());
        }
    }
}
