package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neuroprior.architectures.tactile.ConvCell;

/**
 * The tactile models' gradients are their functions' derivatives: central finite differences of the DOUBLE graph
 * against its backward pass, for every ConvRNN cell (alternately unrolled biologically and fully, on a two-node
 * ConvRNN over 4 steps whose every step is decoded) and for the baselines, the attender and the decoders in pairs.
 * Every parameter block is checked at two random entries (at least a third of them must move the loss: ReLUs of
 * these tiny random networks leave some dead), and a few input values.
 */
class TactileGradientsTest {
    private static final int FRAMES = 20;   // 4 steps

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        List<String> ids = ConvCell.ids();
        for (int i = 0; i < ids.size(); i++) {
            out.add(Arguments.of("convrnn", Map.of("cell", ids.get(i), "unroll", i % 2 == 0 ? "biological" : "full",
                    "widths", "4,3", "fc", "4,3", "decoder", "all")));
        }
        return out.stream();
    }

    static Stream<Arguments> others() {
        return Stream.of(
                Arguments.of("convrnn", Map.of("widths", "2,3,2", "fc", "4,3", "attender", "gpt", "decoder", "mlp", "mlp", "5",
                        "gpt_layers", 2, "gpt_heads", 2, "gpt_width", 4)),
                Arguments.of("resnet", Map.of("widths", "3,4", "blocks", 1, "attender", "gpt", "decoder", "linear",
                        "gpt_layers", 1, "gpt_heads", 2, "gpt_width", 4)),
                Arguments.of("s4", Map.of("width", 4, "layers", 2, "states", 3, "decoder", "mlp", "mlp", "5")),
                Arguments.of("s4", Map.of("width", 3, "layers", 1, "states", 2, "attender", "gpt", "decoder", "all",
                        "gpt_layers", 1, "gpt_heads", 1, "gpt_width", 3)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    void everyCellsGradientsAreItsDerivatives(String arch, Map<String, Object> options) {
        check(arch, options);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("others")
    void baselinesAttenderAndDecodersGradientsAreTheirDerivatives(String arch, Map<String, Object> options) {
        check(arch, options);
    }

    private static void check(String arch, Map<String, Object> options) {
        Model m = Architectures.create(arch, new ModelIO(new int[] {FRAMES, 35, 6}, 2, ModelIO.Output.LINEAR), options, 7);
        SplittableRandom rng = new SplittableRandom(11);
        float[] p = m.parameters().toArray();
        for (int i = 0; i < p.length; i++) p[i] += (float) (0.3 * rng.nextGaussian());
        m.parameters().set(p);
        int rows = 2;
        float[] inputs = new float[rows * m.inputSize()];
        for (int i = 0; i < inputs.length; i++) inputs[i] = (float) rng.nextGaussian();
        float[] weights = new float[rows * m.outputSize()];
        for (int i = 0; i < weights.length; i++) weights[i] = (float) rng.nextGaussian();
        String what = arch + " " + new LinkedHashMap<>(options);
        try (FiniteDifferences fd = new FiniteDifferences(m, inputs, weights)) {
            int checked = 0;
            int moving = 0;
            for (Parameters.Block b : m.parameters().blocks()) {
                for (int k = 0; k < Math.min(2, b.size()); k++) {
                    int i = b.offset() + rng.nextInt(b.size());
                    double numeric = fd.parameter(what + " " + b.name(), i, 1e-4f, 1e-5);
                    checked++;
                    if (Math.abs(numeric) > 1e-6) moving++;
                    else System.out.println(what + ": " + b.name() + " does not move the loss");
                }
            }
            assertTrue(moving > checked / 3, what + ": only " + moving + " of " + checked + " checked parameters move the loss");
            for (int k = 0; k < 4; k++) fd.input(what, rng.nextInt(inputs.length), 1e-4f, 1e-5);
        }
    }
}
