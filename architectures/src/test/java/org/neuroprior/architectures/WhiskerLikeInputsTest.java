package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neuroprior.architectures.DefinitionAgreement.close;
import static org.neuroprior.architectures.DefinitionAgreement.floats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every architecture variant that reads whisker frames computes, through the pass it trains with (fused where its
 * parts have one), what its definition computes on inputs like real whisker sweeps, and stays finite over a few
 * gradient steps. {@link ModelContractTest} uses Gaussian inputs; whisker grids are mostly exact zeros (untouched
 * whiskers, padding cells, whole frames before contact), with residual forces of 1e-23 to 1e-20 at some untouched
 * whiskers and forces of 1e3 to 1e4 at the touching ones, so the channel LayerNorms see constant rows, rows of tiny
 * spread and rows dominated by one value. On such inputs the ResNet's fused pass gave Infinity and NaN in the hidden
 * images of some steps (the LayerNorm of a stem pixel whose variance underflowed to 0) and so NaN gradients, which
 * made {@code tactile-train} diverge after its first epoch; without an epsilon the definition's own gradients were not
 * finite there either.
 */
class WhiskerLikeInputsTest {
    /** Three images a sample: the frames of three 5-frame steps. */
    static final ModelIO IO = new ModelIO(new int[] {15, 35, 6}, 3, ModelIO.Output.LINEAR);
    static final int BATCH = 3;
    static final int STEPS = 3;
    static final int FRAME = 35 * 6;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Architecture a : Architectures.registry().all()) {
            for (Map<String, Object> variant : ModelContractTest.variants(a)) {
                Model m;
                try {
                    m = a.create(IO, a.resolve(variant, Map.of()), 11);
                } catch (IllegalArgumentException cannotServe) {
                    continue;
                }
                if (m.isRecurrent()) continue; // recurrent models train through the graph itself
                all.add(Arguments.of(new ModelContractTest.Case(a.name() + " " + variant, m)));
            }
        }
        return all.stream();
    }

    /** Sets the six signals of grid cell {@code cell} in frames {@code [from, from + 5)} of a sample. */
    private static void whisker(float[] x, int sample, int from, int cell, double scale, SplittableRandom rng) {
        for (int f = from; f < from + 5; f++) {
            for (int c = 0; c < 6; c++) x[(sample * 15 + f) * FRAME + cell * 6 + c] = (float) (scale * (1 + rng.nextDouble()) * (rng.nextBoolean() ? 1 : -1));
        }
    }

    /**
     * Whisker-like frames {@code [3, 15, 35, 6]}: sample 0 is a contact (residual forces of +-3e-22 and 1e-21 at two
     * untouched whiskers in step 1, forces of up to 2.4e4 at one whisker in step 2, zeros elsewhere); sample 1 has
     * values equal across the six signals of every cell (one value for the whole grid in step 0, one per cell in step
     * 1) and zeros in step 2; sample 2 has one untouched whisker a step at residual forces of 1e-23, 1e-20 and 1e-19.
     */
    static float[] frames() {
        SplittableRandom rng = new SplittableRandom(7);
        float[] x = new float[BATCH * 15 * FRAME];
        whisker(x, 0, 5, 16, 3e-22, rng);
        whisker(x, 0, 5, 1, 1e-21, rng);
        whisker(x, 0, 10, 17, 1.2e4, rng);
        for (int f = 0; f < 5; f++) {
            for (int i = 0; i < FRAME; i++) {
                x[(15 + f) * FRAME + i] = 0.5f;
                x[(15 + 5 + f) * FRAME + i] = (i / 6) * 0.25f;
            }
        }
        whisker(x, 2, 0, 8, 1e-23, rng);
        whisker(x, 2, 5, 22, 1e-20, rng);
        whisker(x, 2, 10, 30, 1e-19, rng);
        return x;
    }

    private static void finite(String what, float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) throw new AssertionError(what + ": element " + i + " is " + a[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theTrainingPassAgreesWithTheDefinitionAndStaysFinite(ModelContractTest.Case c) {
        Model m = c.model();
        SplittableRandom rng = new SplittableRandom(5);
        float[] p = m.parameters().toArray();
        for (int i = 0; i < p.length; i++) p[i] += (float) (0.3 * rng.nextGaussian()); // LayerNorm biases not 0, as after training
        m.parameters().set(p);
        int out = m.outputSize();
        float[] dOut = new float[BATCH * out];
        for (int i = 0; i < dOut.length; i++) dOut[i] = (float) rng.nextGaussian();
        INDArray x = Nd4j.create(frames(), ModelContractTest.rows(BATCH, IO.inputShape()), 'c');
        INDArray dy = Nd4j.create(dOut, new long[] {BATCH, out}, 'c');
        try (BatchPass graph = m.graphPass(BATCH, 1, false, DataType.FLOAT);
             BatchPass pass = m.pass(BATCH, 1, false)) {
            // Gradient steps on the loss sum(dOut y) through the pass; the definition checks each step.
            for (int step = 0; step < STEPS; step++) {
                float[] expected = floats(graph.forward(x, null, null));
                float[] expectedGradient = graph.backward(dy, null).clone();
                float[] output = floats(pass.forward(x, null, null));
                float[] gradient = pass.backward(dy, null);
                String at = c + ", step " + step + ": ";
                finite(at + "definition output", expected);
                finite(at + "definition gradient", expectedGradient);
                finite(at + "pass output", output);
                finite(at + "pass gradient", gradient);
                close(at + "pass output", expected, output);
                close(at + "pass gradient", expectedGradient, gradient);
                float[] q = m.parameters().toArray();
                double largest = 0;
                for (float g : gradient) largest = Math.max(largest, Math.abs(g));
                assertTrue(largest > 0, "the loss depends on the parameters");
                for (int i = 0; i < q.length; i++) q[i] -= (float) (1e-2 / largest * gradient[i]);
                m.parameters().set(q);
            }
        }
    }
}
