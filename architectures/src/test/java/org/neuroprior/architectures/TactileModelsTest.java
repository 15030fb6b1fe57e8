package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.tactile.ConvRnnEncoder;
import org.neuroprior.architectures.tactile.EadArchitecture;

/**
 * The tactile Encoder-Attender-Decoder models as models: the ConvRNN's wiring and unrolling, shapes through the
 * families, attenders and decoders (pairwise), the published sizes, learning (a tiny batch is memorised), model
 * specs, and the cost counter.
 */
class TactileModelsTest {

    private static ModelIO frames(int frames, int outputs) {
        return new ModelIO(new int[] {frames, 35, 6}, outputs, ModelIO.Output.LINEAR);
    }

    private static float[] gaussian(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }

    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    @Test
    void thePaperConvRnnIsWiredAsTheReference() {
        ConvRnnEncoder e = new ConvRnnEncoder("encoder", new int[] {110, 35, 6}, List.of(96, 128, 256, 384, 384, 256), 1024, 512,
                org.neuroprior.architectures.tactile.ConvCell.of("timedecay"), ConvRnnEncoder.Unroll.BIOLOGICAL);
        assertEquals(List.of("conv1 <- input", "conv2 <- conv1, conv3, conv4", "conv3 <- conv2, conv4, conv5", "conv4 <- conv3, conv5, conv6",
                "conv5 <- conv4, conv6", "conv6 <- conv5", "fc7 <- conv2, conv4, conv6", "fc8 <- fc7"), e.wiring());
        assertArrayEquals(new int[] {22, 512}, e.outputShape());
        // fc7 reads 768 channels at 24 positions: the 19M weights that make half of the published model.
        assertEquals(768 * 24 * 1024, e.parameters().stream().filter(p -> p.name().equals("fc7/W")).findFirst().orElseThrow().size());
    }

    /** The encoder's output at each step (decoder "all": the latent is the whole sequence) for one input. */
    private static float[][] sequence(Model m, float[] input, int steps) {
        try (BatchPass pass = m.graphPass(1, 1, false, DataType.FLOAT)) {
            pass.forward(Nd4j.create(input, new long[] {1, 5L * steps, 35, 6}, 'c'), null, null);
            float[] latent = floats(pass.latent());
            int d = latent.length / steps;
            float[][] out = new float[steps][];
            for (int t = 0; t < steps; t++) out[t] = java.util.Arrays.copyOfRange(latent, t * d, (t + 1) * d);
            return out;
        }
    }

    @Test
    void biologicalUnrollingDelaysEachNodeByAStepAndFullUnrollingDoesNot() {
        int steps = 6;
        SplittableRandom rng = new SplittableRandom(3);
        float[] input = gaussian(rng, 5 * steps * 35 * 6);
        float[] changed = input.clone();
        int step = 1;                                   // change the frames of step 1 only
        for (int i = step * 5 * 210; i < (step + 1) * 5 * 210; i++) changed[i] += 1;
        for (String unroll : List.of("biological", "full")) {
            Model m = Architectures.create("convrnn", frames(5 * steps, 2),
                    Map.of("widths", "4,4,4", "fc", "6,5", "decoder", "all", "unroll", unroll), 1);
            float[][] a = sequence(m, input, steps);
            float[][] b = sequence(m, changed, steps);
            // Biologically every edge takes a step: the image of step t reaches conv1 at t, conv2 at t + 1 and, by the
            // skip conv2 -> fc4, the output node fc5 at t + 3 (the feedforward chain through conv3 takes a step more).
            int first = unroll.equals("biological") ? step + 3 : step;
            for (int t = 0; t < steps; t++) {
                if (t < first) assertArrayEquals(a[t], b[t], unroll + ": step " + t + " does not see step " + step + " yet");
                else assertTrue(!java.util.Arrays.equals(a[t], b[t]), unroll + ": step " + t + " sees step " + step);
            }
        }
    }

    /** Families x attenders x decoders, pairwise: every pair of any two factors appears. */
    static Stream<Arguments> combinations() {
        List<String> families = List.of("convrnn", "resnet", "s4");
        List<String> decoders = List.of("auto", "linear", "mlp", "all");
        List<Arguments> out = new ArrayList<>();
        for (int f = 0; f < families.size(); f++) {
            for (int d = 0; d < decoders.size(); d++) {
                out.add(Arguments.of(families.get(f), (f + d) % 2 == 0 ? "none" : "gpt", decoders.get(d)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} + {1} + {2}")
    @MethodSource("combinations")
    void shapesThroughTheCombinations(String family, String attender, String decoder) {
        Map<String, Object> options = new LinkedHashMap<>(Map.of("attender", attender, "decoder", decoder));
        if (family.equals("convrnn")) options.put("cell", attender.equals("gpt") ? "lstm-ln" : "ugrnn");
        int classes = 7;
        int batch = 3;
        for (int frames : new int[] {5, 15}) {
            Model m = Architectures.create(family, frames(frames, classes), options, 2);
            int steps = frames / 5;
            int width = family.equals("s4") ? 256 : family.equals("resnet") ? 96 : 64;   // the small encoders' outputs
            int d = attender.equals("gpt") ? 64 : width;
            int latent = switch (decoder) {
                case "all" -> steps * d;
                case "linear" -> d;
                case "mlp" -> 64;
                default -> attender.equals("gpt") ? d : 64;    // auto: linear after an attender, else the MLP
            };
            assertEquals(latent, m.latentSize(), family + " " + options + " latent");
            try (BatchPass pass = m.graphPass(batch, 1, false, DataType.FLOAT)) {
                INDArray x = Nd4j.create(gaussian(new SplittableRandom(frames), batch * m.inputSize()), new long[] {batch, frames, 35, 6}, 'c');
                INDArray y = pass.forward(x, null, null);
                assertArrayEquals(new long[] {batch, classes}, y.shape());
                assertArrayEquals(new long[] {batch, latent}, pass.latent().shape());
                for (float v : floats(y)) assertTrue(Float.isFinite(v), "finite outputs");
                float[] g = pass.backward(Nd4j.ones(DataType.FLOAT, batch, classes), null);
                assertEquals(m.parameterCount(), g.length);
                for (float v : g) assertTrue(Float.isFinite(v), "finite gradients");
            }
        }
    }

    @Test
    void thePaperSizesHaveThePublishedParameterCounts() {
        // Chung et al. 2025, Table 1: parameters of the published models (117 classes).
        ModelIO sweep = frames(110, 117);
        record Published(Map<String, Object> options, double millions) {
        }
        for (Published p : List.of(new Published(Map.of("cell", "timedecay"), 25), new Published(Map.of("cell", "lstm"), 39),
                new Published(Map.of("cell", "timedecay", "attender", "gpt"), 49),
                new Published(Map.of("cell", "intersection-ln", "attender", "gpt"), 64))) {
            Map<String, Object> options = new LinkedHashMap<>(p.options());
            options.put("size", EadArchitecture.PAPER);
            int count = Architectures.create("convrnn", sweep, options, 0).parameterCount();
            assertEquals(p.millions(), count / 1e6, 0.03 * p.millions(), options + ": " + count + " parameters");
        }
    }

    /**
     * Each family learns: a tiny batch is memorised, trained through the pass training uses ({@link Model#pass}: the
     * fused passes where the model has them, which {@code ModelContractTest} checks against the definition; the graph
     * otherwise, as for the ResNet).
     */
    @Test
    void aTinyBatchIsMemorised() {
        SplittableRandom rng = new SplittableRandom(5);
        for (String spec : List.of("convrnn:gpt+widths=8,8,8+fc=32,16", "resnet", "s4")) {
            Architectures.Spec s = Architectures.spec(spec);
            int frames = spec.startsWith("convrnn") ? 35 : 10;
            int classes = 3;
            int batch = 6;
            Model m = s.architecture().create(frames(frames, classes), s.architecture().resolve(s.options(), Map.of()), 1);
            INDArray x = Nd4j.create(gaussian(rng, batch * m.inputSize()), new long[] {batch, frames, 35, 6}, 'c');
            int[] labels = {0, 1, 2, 2, 1, 0};
            double first = Double.NaN;
            double loss = Double.NaN;
            int iterations = 0;
            float[] velocity = new float[m.parameterCount()];
            try (BatchPass pass = m.pass(batch, 1, false)) {
                for (int it = 0; it < 150; it++, iterations++) {
                    float[] logits = floats(pass.forward(x, null, null));
                    float[] dLogits = new float[logits.length];
                    loss = crossEntropy(logits, labels, classes, dLogits);
                    if (it == 0) first = loss;
                    if (loss < 0.05) break;
                    float[] g = pass.backward(Nd4j.create(dLogits, new long[] {batch, classes}, 'c'), null);
                    m.parameters().update(p -> {          // SGD with momentum 0.9, learning rate 0.05
                        for (int i = 0; i < p.length; i++) {
                            velocity[i] = 0.9f * velocity[i] + g[i];
                            p[i] -= 0.05f * velocity[i];
                        }
                    });
                }
            }
            assertTrue(loss < 0.05, spec + ": cross-entropy " + first + " -> " + loss);
            System.out.println(spec + ": cross-entropy " + first + " -> " + loss + " after " + iterations + " updates");
        }
    }

    /** Mean cross-entropy of softmax(logits) and its gradient with respect to the logits. */
    private static double crossEntropy(float[] logits, int[] labels, int classes, float[] gradient) {
        double total = 0;
        for (int b = 0; b < labels.length; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) max = Math.max(max, logits[b * classes + k]);
            double sum = 0;
            for (int k = 0; k < classes; k++) sum += Math.exp(logits[b * classes + k] - max);
            for (int k = 0; k < classes; k++) {
                double p = Math.exp(logits[b * classes + k] - max) / sum;
                gradient[b * classes + k] = (float) ((p - (k == labels[b] ? 1 : 0)) / labels.length);
            }
            total -= logits[b * classes + labels[b]] - max - Math.log(sum);
        }
        return total / labels.length;
    }

    @Test
    void specsNameModels() {
        Architectures.Spec s = Architectures.spec("convrnn:timedecay+gpt+linear");
        assertEquals("convrnn", s.architecture().name());
        assertEquals(Map.of("cell", "timedecay", "attender", "gpt", "decoder", "linear"), s.options());
        assertEquals(Map.of(), Architectures.spec("s4").options());
        assertEquals(Map.of("cell", "LSTM-ln", "size", "paper", "widths", "16,32"), Architectures.spec("convrnn:LSTM-ln+paper+widths=16,32").options());
        Model m = s.architecture().create(frames(10, 3), s.architecture().resolve(s.options(), Map.of()), 1);
        assertEquals("gpt", m.options().get("attender"));
        for (String[] bad : new String[][] {
                {"convnet:gpt", "unknown architecture 'convnet'"},
                {"convrnn:transformer", "'transformer' is not a value of any option"},
                {"convrnn:gpt+none", "sets option 'attender' twice"},
                {"convrnn:", "'' is not a value"},
                {"convrnn:depth=3", "has no option 'depth'"}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Architectures.spec(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    /** SimCLR's projection head: ReLU layers and the head after the last step; the latent stays the last step. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"convrnn", "s4+gpt"})
    void aProjectionHeadFollowsTheLatent(String spec) {
        String family = spec.split("\\+")[0];
        boolean gpt = spec.endsWith("gpt");
        Map<String, Object> options = new LinkedHashMap<>(Map.of("projection", "32,24", "attender", gpt ? "gpt" : "none"));
        Model m = Architectures.create(family, frames(10, 16), options, 3);
        Model plain = Architectures.create(family, frames(10, 16), Map.of("attender", gpt ? "gpt" : "none", "decoder", "linear"), 3);
        int d = gpt ? 64 : family.equals("s4") ? 256 : 64;
        assertEquals(d, m.latentSize(), "the latent is the last step of the encoder (or attender), not the projection's hidden layer");
        assertEquals(plain.latentSize(), m.latentSize());
        List<String> tail = m.parts().subList(m.headStart(), m.parts().size()).stream().map(Part::name).toList();
        assertEquals(List.of("projection0", "projection1", "head"), tail);
        assertEquals(plain.parameterCount() - (d * 16 + 16) + (d * 32 + 32) + (32 * 24 + 24) + (24 * 16 + 16), m.parameterCount());
        try (BatchPass pass = m.graphPass(2, 1, false, DataType.FLOAT); BatchPass plainPass = plain.graphPass(2, 1, false, DataType.FLOAT)) {
            INDArray x = Nd4j.create(gaussian(new SplittableRandom(4), 2 * m.inputSize()), new long[] {2, 10, 35, 6}, 'c');
            assertArrayEquals(new long[] {2, 16}, pass.forward(x, null, null).shape());
            plain.parameters().update(p -> {
                float[] all = m.parameters().toArray();
                System.arraycopy(all, 0, p, 0, p.length - (d * 16 + 16)); // the encoder (and attender) are the same parameters
            });
            plainPass.forward(x, null, null);
            assertArrayEquals(floats(plainPass.latent()), floats(pass.latent()), 1e-6f, "the latent is the features before the head");
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Architectures.create("convrnn", frames(10, 3), Map.of("projection", "8", "decoder", "mlp"), 1));
        assertTrue(e.getMessage().contains("choose decoder auto, linear or all"), e.getMessage());
    }

    @Test
    void otherInputsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Architectures.create("convrnn", ModelIO.vector(24, 5, ModelIO.Output.BOUNDED), Map.of(), 1));
        assertTrue(e.getMessage().contains("[24]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Architectures.create("convrnn", frames(10, 3), Map.of("fc", "16"), 1));
        assertTrue(e.getMessage().contains("'fc'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Architectures.create("resnet", frames(10, 3),
                Map.of("attender", "gpt", "gpt_width", 10, "gpt_heads", 4), 1));
        assertTrue(e.getMessage().contains("heads dividing width"), e.getMessage());
    }

    @Test
    void theCostIsCountedFromTheGraph() {
        // MLP: 2 multiply-adds per weight.
        Model mlp = Architectures.create("mlp", ModelIO.vector(24, 5, ModelIO.Output.BOUNDED), Map.of("hidden", "64,32"), 1);
        assertEquals(2.0 * (24 * 64 + 64 * 32 + 32 * 5), ModelCost.of(mlp).flops());
        // A ConvRNN over 3 steps: conv1 (valid, 4 x 6 outputs) once per step, conv2 ("same"), two fc nodes, the MLP.
        Model rnn = Architectures.create("convrnn", frames(15, 3), Map.of("widths", "2,3", "fc", "4,5", "mlp", "6"), 1);
        double macs = 3 * (24 * 4 * 30 * 2 + 24 * 4 * 2 * 3 + 3 * 24 * 4 + 4 * 5) + 5 * 6 + 6 * 3;
        ModelCost cost = ModelCost.of(rnn);
        assertEquals(2 * macs, cost.flops());
        assertEquals(rnn.parameterCount(), cost.parameters());
        assertTrue(cost.ops() > 3 * 8, "ops of the unrolled graph: " + cost.ops());
        // Gated cells add their own convolutions over [x, s].
        Model lstm = Architectures.create("convrnn", frames(15, 3), Map.of("widths", "2,3", "fc", "4,5", "mlp", "6", "cell", "lstm"), 1);
        assertEquals(2 * (macs + 3 * (24 * 4 * 4 * 8 + 24 * 4 * 6 * 12)), ModelCost.of(lstm).flops());
    }

    @Test
    void theFamiliesDescribeTheWhiskerSweep() {
        for (String family : List.of("convrnn", "resnet", "s4")) {
            Architecture a = Architectures.get(family);
            Architecture.Example e = a.examples().get(0);
            assertArrayEquals(new int[] {110, 35, 6}, e.io().inputShape());
            assertEquals(org.neuroprior.envs.whisker.objects.ObjectClasses.names().size(), e.io().outputSize());
            assertNotEquals(0, e.create(a).parameterCount());
        }
    }
}
