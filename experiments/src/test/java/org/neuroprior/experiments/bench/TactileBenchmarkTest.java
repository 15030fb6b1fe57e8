package org.neuroprior.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.tactile.GptAttender;
import org.neuroprior.experiments.CommandRun;
import org.neuroprior.experiments.train.Nd4jBinary;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The tactile benchmark's pieces: the ND4J binary chosen, the PyTorch twins of the models, bad input. */
class TactileBenchmarkTest {
    private static final Path ROOT = TactileBenchmark.script().getParent().getParent().getParent();

    @Test
    void theNd4jBinaryLoadedIsTheOneTheBuildChose() throws Exception {
        String built = System.getProperty("nd4j.classifier");
        assumeTrue(built != null, "run by Maven, which passes the property");
        assertEquals(built, Nd4jBinary.current());
        // The choice: by default (auto) oneDNN exactly where the CPU has AVX2; either forced; anything else refused in one line.
        boolean avx2 = Files.readString(Path.of("/proc/cpuinfo")).matches("(?s).*\\bavx2\\b.*");
        String auto = avx2 ? "linux-x86_64-onednn-avx2" : "linux-x86_64";
        assertEquals(auto, choose(null).out().strip());
        assertEquals(auto, choose("auto").out().strip());
        assertEquals("linux-x86_64", choose("linux-x86_64").out().strip());
        assertEquals("linux-x86_64-onednn-avx2", choose("linux-x86_64-onednn-avx2").out().strip());
        Run bad = choose("linux-x86_64-avx512");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("linux-x86_64-avx512") && bad.err().contains("accepted"), bad.err());
    }

    private record Run(int code, String out, String err) {
    }

    private static Run choose(String forced) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("scripts/nd4j-classifier.sh").toString());
        pb.environment().remove("ND4J_CLASSIFIER");
        if (forced != null) pb.environment().put("ND4J_CLASSIFIER", forced);
        return run(pb, "");
    }

    private static Run run(ProcessBuilder pb, String stdin) throws IOException, InterruptedException {
        Path err = Files.createTempFile("tactile-bench-test", ".err");
        try {
            Process p = pb.redirectError(err.toFile()).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Run(p.waitFor(), out, Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }

    @Test
    void thePyTorchTwinOfEachFamilyDefaultIsTheSameModel() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3");
        Run torch = run(new ProcessBuilder("/usr/bin/python3", "-c", "import torch"), "");
        assumeTrue(torch.code() == 0, "python3-torch is not installed: " + torch.err());
        ObjectMapper json = new ObjectMapper();
        for (String spec : List.of("convrnn", "resnet", "s4", "s4:attender=gpt")) {
            Model model = TactileWorker.model(spec, 1);
            int heads = 0;
            for (var part : model.parts()) if (part instanceof GptAttender gpt) heads = gpt.heads();
            String family = spec.split(":")[0];
            Map<String, Object> shapes = new LinkedHashMap<>();
            for (var b : model.parameters().blocks()) shapes.put(b.name(), b.shape());
            String shapesJson = json.writeValueAsString(shapes);
            Run same = run(twin(family, shapesJson, model.parameterCount(), heads), "train 1\ninfer 1\nquit\n");
            assertEquals(0, same.code(), spec + ": " + same.err());
            List<String> lines = same.out().lines().toList();
            assertEquals(3, lines.size(), same.out());
            assertEquals(model.parameterCount(), ((Number) json.readValue(lines.get(0), Map.class).get("parameters")).intValue(), spec);
            for (String reply : lines.subList(1, 3)) assertTrue(((Number) json.readValue(reply, Map.class).get("samples_per_s")).doubleValue() > 0, reply);
            if (!spec.equals("s4")) continue;
            // A model of another size is refused, naming both counts (the same check for every family).
            Run other = run(twin(family, shapesJson, model.parameterCount() + 1, heads), "quit\n");
            assertNotEquals(0, other.code());
            assertTrue(other.err().contains("not the same model") && other.err().contains(Integer.toString(model.parameterCount())), other.err());
        }
    }

    private static ProcessBuilder twin(String family, String shapes, int parameters, int heads) {
        return new ProcessBuilder("/usr/bin/python3", TactileBenchmark.script().toString(), "--family", family, "--shapes", shapes,
                "--threads", "1", "--batch", "2", "--parameters", Integer.toString(parameters), "--heads", Integer.toString(heads));
    }

    @Test
    void badSettingsAreRefusedInOneLineBeforeAnyWork() {
        CommandRun batch = CommandRun.of("bench", "--tactile", "--batch", "0");
        assertEquals(2, batch.code(), batch.err());
        assertFalse(batch.hasStackTrace(), batch.err());
        assertTrue(batch.err().contains("batch 0"), batch.err());
        CommandRun spec = CommandRun.of("bench", "--tactile", "--tactile-models", "convrnn:lstn");
        assertEquals(2, spec.code(), spec.err());
        assertTrue(spec.err().contains("'lstn'"), spec.err());
        assertEquals(1, spec.err().strip().lines().count(), spec.err());
        assertFalse(spec.out().contains("rounds"), "nothing measured: " + spec.out());
    }
}
