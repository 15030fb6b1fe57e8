package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.neuroprior.architectures.DefinitionAgreement.close;
import static org.neuroprior.architectures.DefinitionAgreement.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.registry.Option;

/**
 * The one test every registered architecture passes, for every variant of its options (each choice and each flag
 * value, the others at their defaults) and every input/output it accepts among a few typical ones: its faster paths
 * (plain-Java steps, fused passes) compute what its definition (the SameDiff graph) computes, forward and backward,
 * recurrent state included; it saves and loads exactly; copies are independent. The defaults run on every
 * input/output the architecture serves, each other variant on one of them, taken in turn (variant k on the k-th served
 * one, cyclically), so every variant and every input/output is checked without the full product of the two. A new
 * architecture is covered by registering it.
 */
class ModelContractTest {
    /** Inputs and outputs tried for every variant; an architecture that cannot serve one says so and it is skipped. */
    static final List<ModelIO> IOS = List.of(
            ModelIO.vector(24, 5, ModelIO.Output.BOUNDED),    // a 6-link swimmer with the time feature
            ModelIO.vector(26, 5, ModelIO.Output.BOUNDED),    // ... navigating (to_target)
            ModelIO.vector(7, 3, ModelIO.Output.LINEAR),      // logits or Q values
            new ModelIO(new int[] {2, 3, 4}, 1, ModelIO.Output.LINEAR), // an image-shaped input, a value
            new ModelIO(new int[] {2, 6, 6}, 4, ModelIO.Output.LINEAR), // an image the conv encoder's layers fit in, Q values
            new ModelIO(new int[] {5, 35, 6}, 3, ModelIO.Output.LINEAR),  // whisker frames, one image (an agent's step)
            new ModelIO(new int[] {15, 35, 6}, 3, ModelIO.Output.LINEAR)); // three images: encoders recur over several steps

    record Case(String label, Model model) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Architecture a : Architectures.registry().all()) {
            List<Map<String, Object>> variants = variants(a);
            for (int k = 0; k < variants.size(); k++) {
                Map<String, Object> variant = variants.get(k);
                List<Case> served = new ArrayList<>();
                for (ModelIO io : IOS) {
                    Model m;
                    try {
                        m = a.create(io, a.resolve(variant, Map.of()), 11);
                    } catch (IllegalArgumentException cannotServe) {
                        continue;
                    }
                    served.add(new Case(a.name() + " " + variant + " " + io, m));
                }
                assertTrue(!served.isEmpty(), a.name() + " " + variant + " serves none of " + IOS);
                if (variant.isEmpty()) served.forEach(c -> all.add(Arguments.of(c))); // the defaults: every input/output
                else all.add(Arguments.of(served.get((k - 1) % served.size())));
            }
        }
        return all.stream();
    }

    /** The defaults, then each other value of every choice and flag. */
    static List<Map<String, Object>> variants(Architecture a) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(Map.of());
        for (Option o : a.options().list()) {
            List<Object> values = switch (o.type()) {
                case FLAG -> List.of(!(Boolean) o.defaultValue());
                case CHOICE -> new ArrayList<>(o.choices().stream().filter(c -> !c.equals(o.defaultValue())).toList());
                default -> List.of();
            };
            for (Object v : values) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(o.name(), v);
                out.add(m);
            }
        }
        return out;
    }

    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rng.nextGaussian() * scale);
        return x;
    }

    private static INDArray array(float[] values, long... shape) {
        return Nd4j.create(values, shape, 'c');
    }

    static long[] rows(int rows, int[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = rows;
        for (int i = 0; i < shape.length; i++) s[i + 1] = shape[i];
        return s;
    }

    /** Random but valid parameters, so that the check does not hinge on one initialisation. */
    private static void perturb(Model m, SplittableRandom rng) {
        float[] p = m.parameters().toArray();
        for (int i = 0; i < p.length; i++) p[i] += (float) (0.3 * rng.nextGaussian());
        m.parameters().set(p);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fasterPathsComputeWhatTheDefinitionComputes(Case c) {
        Model m = c.model();
        SplittableRandom rng = new SplittableRandom(5);
        perturb(m, rng);
        int batch = 3;
        int window = m.isRecurrent() ? 4 : 2;
        int rows = batch * window;
        int in = m.inputSize();
        int out = m.outputSize();
        int s = m.stateSize();
        float[] inputs = random(rng, rows * in, 1.0);
        float[] initial = random(rng, batch * Math.max(s, 1), 0.5);
        float[] starts = new float[rows];
        if (m.isRecurrent()) starts[window + 2] = 1; // an episode starts inside the second sequence
        float[] dOut = random(rng, rows * out, 1.0);
        float[] dLatent = random(rng, rows * m.latentSize(), 1.0);

        try (BatchPass graph = m.graphPass(batch, window, true, DataType.FLOAT);
             BatchPass pass = m.pass(batch, window, true);
             Evaluator evaluator = m.evaluator(1)) {
            INDArray x = array(inputs, rows(rows, m.io().inputShape()));
            INDArray state = m.isRecurrent() ? array(initial, batch, s) : null;
            INDArray st = m.isRecurrent() ? array(starts, rows) : null;
            float[] expected = floats(graph.forward(x, state, st));
            float[] expectedLatent = floats(graph.latent());
            float[] expectedGradient = graph.backward(array(dOut, rows, out), array(dLatent, rows, m.latentSize())).clone();
            float[] expectedInputGradient = floats(graph.inputGradient());

            // The batch pass the agents train with (fused when the parts have one).
            close("pass output", expected, floats(pass.forward(x, state, st)));
            close("pass latent", expectedLatent, floats(pass.latent()));
            close("pass gradient", expectedGradient, pass.backward(array(dOut, rows, out), array(dLatent, rows, m.latentSize())));
            close("pass input gradient", expectedInputGradient, floats(pass.inputGradient()));
            try (BatchPass lean = m.pass(batch, window, false)) { // skips input gradients nothing reads
                lean.forward(x, state, st);
                close("pass gradient without input gradients", expectedGradient,
                        lean.backward(array(dOut, rows, out), array(dLatent, rows, m.latentSize())));
            }

            // The input gradient alone (DDPG's actor step through its critic), without a latent gradient.
            graph.backward(array(dOut, rows, out), null);
            float[] expectedInputOnly = floats(graph.inputGradient());
            close("pass input gradient alone", expectedInputOnly, floats(pass.backwardToInput(array(dOut, rows, out))));
            close("pass gradient after the input gradient alone", expectedGradient,
                    pass.backward(array(dOut, rows, out), array(dLatent, rows, m.latentSize())));

            // The evaluator, one sample at a time, carrying the state and resetting it where an episode starts.
            float[] stepped = new float[rows * out];
            float[] one = new float[out];
            for (int b = 0; b < batch; b++) {
                float[] carried = new float[s];
                if (s > 0) System.arraycopy(initial, b * s, carried, 0, s);
                for (int t = 0; t < window; t++) {
                    int r = b * window + t;
                    if (starts[r] == 1) java.util.Arrays.fill(carried, 0f);
                    evaluator.evaluate(1, java.util.Arrays.copyOfRange(inputs, r * in, (r + 1) * in), carried, one);
                    System.arraycopy(one, 0, stepped, r * out, out);
                }
            }
            close("evaluator output", expected, stepped);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void savesLoadsAndCopiesExactly(Case c, @TempDir Path dir) throws Exception {
        Model m = c.model();
        perturb(m, new SplittableRandom(3));
        if (m.normalizer() != null) {
            SplittableRandom rng = new SplittableRandom(4);
            for (int k = 0; k < 20; k++) {
                double[] o = new double[m.inputSize()];
                for (int i = 0; i < o.length; i++) o[i] = rng.nextGaussian() * 3 + 1;
                m.normalizer().update(o);
            }
        }
        Path file = dir.resolve("policy.model");
        ModelFiles.save(m, file);
        Model loaded = ModelFiles.load(file);
        assertArrayEquals(m.parameters().toArray(), loaded.parameters().toArray());
        assertEquals(m.options(), loaded.options());
        assertEquals(m.io(), loaded.io());
        double[] observation = new double[m.inputSize()];
        for (int i = 0; i < observation.length; i++) observation[i] = 0.1 * i - 1;
        double[] a = new double[m.outputSize()];
        double[] b = new double[m.outputSize()];
        try (Evaluator ea = m.evaluator(1); Evaluator eb = loaded.evaluator(1)) {
            ea.evaluate(observation, new float[m.stateSize()], a);
            eb.evaluate(observation, new float[m.stateSize()], b);
        }
        assertArrayEquals(a, b, "a loaded model acts exactly as the saved one (normaliser included)");

        Model copy = m.copy();
        float[] before = m.parameters().toArray();
        float[] changed = copy.parameters().toArray();
        changed[0] += 1;
        copy.parameters().set(changed);
        assertArrayEquals(before, m.parameters().toArray(), "a copy's parameters are its own");
        assertFalse(java.util.Arrays.equals(before, copy.parameters().toArray()));
    }
}
