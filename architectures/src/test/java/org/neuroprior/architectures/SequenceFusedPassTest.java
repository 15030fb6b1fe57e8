package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.parts.Dense;
import org.neuroprior.architectures.tactile.GptAttender;

/**
 * The fused passes of the sequence parts on sequences of several steps, which ModelContractTest's whisker input (one
 * image, T = 1) does not give: there a causal attention attends to one step only and an S4 kernel has one lag. Each
 * case runs ModelContractTest's own check (fused pass against the SameDiff definition, forward and backward) on a
 * model that trains fused (asserted, so that a fallback to the graph cannot make the check vacuous). Then, since
 * that check scales its tolerance by the largest gradient of the whole model, each parameter block's gradient is
 * compared with the double-precision definition's on the block's own scale: S4's {@code log_dt} and {@code log_a}
 * gradients are orders of magnitude below the dense layers' and would otherwise go unchecked.
 */
class SequenceFusedPassTest {

    private static void check(String label, Model m) {
        try (BatchPass pass = m.pass(3, 2, false)) {
            assertInstanceOf(FusedChainPass.class, pass, label + " trains through its parts' fused passes");
        }
        new ModelContractTest().fasterPathsComputeWhatTheDefinitionComputes(new ModelContractTest.Case(label, m));
        eachBlocksGradient(label, m);
    }

    private static void eachBlocksGradient(String label, Model m) {
        SplittableRandom rng = new SplittableRandom(9);
        int batch = 3;
        int window = 2;
        int rows = batch * window;
        float[] x = new float[rows * m.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        float[] dOut = new float[rows * m.outputSize()];
        for (int i = 0; i < dOut.length; i++) dOut[i] = (float) rng.nextGaussian();
        INDArray input = Nd4j.create(x, ModelContractTest.rows(rows, m.io().inputShape()), 'c');
        INDArray outputGradient = Nd4j.create(dOut, new long[] {rows, m.outputSize()}, 'c');
        float[] expected;
        float[] actual;
        try (BatchPass graph = m.graphPass(batch, window, false, DataType.DOUBLE); BatchPass pass = m.pass(batch, window, false)) {
            graph.forward(input.castTo(DataType.DOUBLE), null, null);
            expected = graph.backward(outputGradient.castTo(DataType.DOUBLE), null).clone();
            pass.forward(input, null, null);
            actual = pass.backward(outputGradient, null);
        }
        for (Parameters.Block b : m.parameters().blocks()) {
            double scale = 0;
            for (int i = b.offset(); i < b.offset() + b.size(); i++) scale = Math.max(scale, Math.abs(expected[i]));
            for (int i = b.offset(); i < b.offset() + b.size(); i++) {
                if (Math.abs(expected[i] - actual[i]) > 1e-10 + 1e-4 * scale) {
                    throw new AssertionError(label + ": " + b.name() + " element " + (i - b.offset()) + " of the gradient is " + actual[i]
                            + ", the definition (double) gives " + expected[i] + " (block scale " + scale + ")");
                }
            }
        }
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
