package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.neuroprior.architectures.parts.Dense;
import org.neuroprior.architectures.tactile.GptAttender;

/**
 * The fused passes of the sequence parts on sequences of several steps, which ModelContractTest's whisker input (one
 * image, T = 1) does not give: there a causal attention attends to one step only and an S4 kernel has one lag. Each
 * case runs ModelContractTest's own check (fused pass against the SameDiff definition, forward and backward) on a
 * model that trains fused (asserted, so that a fallback to the graph cannot make the check vacuous).
 */
class SequenceFusedPassTest {

    private static void check(String label, Model m) {
        try (BatchPass pass = m.pass(3, 2, false)) {
            assertInstanceOf(FusedChainPass.class, pass, label + " trains through its parts' fused passes");
        }
        new ModelContractTest().fasterPathsComputeWhatTheDefinitionComputes(new ModelContractTest.Case(label, m));
    }

    @Test
    void gptAttenderOverFiveSteps() {
        for (int heads : new int[] {1, 2}) {
            GptAttender gpt = new GptAttender("attender", new int[] {5, 6}, 2, heads, 8);
            Model m = new Model("test", Map.of(), new ModelIO(new int[] {5, 6}, 3, ModelIO.Output.LINEAR),
                    List.of(gpt, new Dense("head", gpt.outputShape(), 3, Activation.IDENTITY)), 1, false, 7);
            check("gpt, " + heads + " heads, T = 5", m);
        }
    }

    @Test
    void stateSpaceEncoderAndAttenderOverThreeSteps() {
        Architecture s4 = Architectures.get("s4");
        ModelIO frames = new ModelIO(new int[] {15, 35, 6}, 3, ModelIO.Output.LINEAR);
        check("s4, T = 3", s4.create(frames, s4.resolve(Map.of("width", 8, "states", 3, "layers", 2, "decoder", "all"), Map.of()), 5));
        check("s4 + gpt, T = 3", s4.create(frames, s4.resolve(Map.of("width", 8, "states", 3, "layers", 2, "attender", "gpt",
                "gpt_width", 8, "gpt_heads", 2, "decoder", "all"), Map.of()), 5));
    }
}
