package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * NCAP's passes where ModelContractTest's random perturbations do not look. (1) The fused pass and the plain-Java step
 * compute the FLOAT graph's outputs and gradients at the constant initialisation, where many sums sit exactly on the
 * clamps' kinks 0 and 1, and with raw weights exactly 0 (exc/inh's kink), for 1, 2 and 5 joints and every switch;
 * there, as in PyTorch, every clamp passes the gradient at its bounds.
 * (2) The graph's gradients are the derivatives of its function: central finite differences of the DOUBLE graph,
 * away from the kinks, with respect to every parameter and every observation entry the circuit reads.
 */
class NcapPassesTest {

    /** Every switch for 1, 2 and 5 joints (navigation from 2 joints; with 5 joints the turn signals reach 2). */
    static List<Map<String, Object>> variants() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int joints : new int[] {1, 2, 5}) {
            for (boolean sharing : new boolean[] {true, false}) {
                for (boolean signed : new boolean[] {true, false}) {
                    for (String init : new String[] {"constant", "random"}) {
                        for (boolean nav : new boolean[] {false, true}) {
                            if (nav && joints == 1) continue;
                            Map<String, Object> o = new LinkedHashMap<>();
                            o.put("joints", joints);
                            o.put("sharing", sharing);
                            o.put("sign_constraints", signed);
                            o.put("init", init);
                            o.put("navigation", nav);
                            o.put("turn_joints", nav && joints == 5 ? 2 : 1);
                            out.add(o);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** An NCAP model for a swimmer: angles, [to_target], 3 velocities per body, the time feature. */
    static Model model(Map<String, Object> variant, long seed) {
        Map<String, Object> options = new LinkedHashMap<>(variant);
        int joints = (Integer) options.remove("joints");
        boolean nav = (Boolean) options.get("navigation");
        int inputs = joints + (nav ? 2 : 0) + 3 * (joints + 1) + 1;
        return Architectures.create(Ncap.NAME, ModelIO.vector(inputs, joints, ModelIO.Output.BOUNDED), options, seed);
    }

    /**
     * Swimmer-like observations, [rows][n] row-major: joint angles up to 1.5 times the normalisation range (both clamp
     * regions) or, {@code avoidKinks}, with |q| in [0.05, 0.9]; to_target in [-1, 1] with |y| >= 0.05; the exact
     * time feature of a random step in [0, time_limit]; everything else standard normal.
     */
    static float[] observations(Model m, int rows, Random r, boolean avoidKinks) {
        int n = m.inputSize();
        int joints = m.outputSize();
        double scale = 2 * Math.PI / (joints + 1);
        int limit = (Integer) m.options().get("time_limit");
        float[] x = new float[rows * n];
        for (int s = 0; s < rows; s++) {
            int at = s * n;
            for (int k = 0; k < n; k++) x[at + k] = (float) r.nextGaussian();
            for (int k = 0; k < joints; k++) {
                double q = avoidKinks ? (0.05 + 0.85 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1) : 1.5 * (2 * r.nextDouble() - 1);
                x[at + k] = (float) (q * scale);
            }
            if ((Boolean) m.options().get("navigation")) {
                x[at + joints] = (float) (2 * r.nextDouble() - 1);
                x[at + joints + 1] = (float) ((0.05 + 0.9 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1));
            }
            x[at + n - 1] = (float) NcapTest.feature(r.nextInt(limit + 1), limit);
        }
        return x;
    }

    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static void near(String what, float[] expected, float[] actual, double absolute, double relative) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], absolute + relative * Math.abs(expected[i]), what + " [" + i + "]");
        }
    }

    @Test
    void fastPathsMatchTheGraphAtTheKinks() {
        int rows = 64;
        long seed = 11;
        for (Map<String, Object> variant : variants()) {
            Model m = model(variant, seed++);
            Random r = new Random(seed);
            float[] x = observations(m, rows, r, false);
            try (BatchPass graph = m.graphPass(rows, 1, true, DataType.FLOAT); BatchPass fused = m.pass(rows, 1, true);
                 Evaluator step = m.evaluator(1)) {
                check(variant + " initial", m, graph, fused, step, x, r);
                // Trained-looking weights: perturbed, the first and the last and one more exactly 0.
                float[] p = m.parameters().toArray();
                for (int k = 0; k < p.length; k++) p[k] += (float) (0.3 * r.nextGaussian());
                p[0] = 0;
                p[p.length - 1] = 0;
                p[r.nextInt(p.length)] = 0;
                m.parameters().set(p);
                check(variant + " perturbed", m, graph, fused, step, x, r);
            }
        }
    }

    private static void check(String what, Model m, BatchPass graph, BatchPass fused, Evaluator step, float[] inputs, Random r) {
        int rows = inputs.length / m.inputSize();
        int out = m.outputSize();
        INDArray x = Nd4j.create(inputs, new long[] {rows, m.inputSize()}, 'c');
        float[] dOut = new float[rows * out];
        float[] dLatent = new float[rows * m.latentSize()];
        for (int i = 0; i < dOut.length; i++) dOut[i] = (float) r.nextGaussian();
        for (int i = 0; i < dLatent.length; i++) dLatent[i] = (float) r.nextGaussian();
        float[] expected = floats(graph.forward(x, null, null));
        float[] expectedLatent = floats(graph.latent());
        float[] expectedGradient = graph.backward(Nd4j.create(dOut, rows, out), Nd4j.create(dLatent, rows, m.latentSize())).clone();
        float[] expectedInputGradient = floats(graph.inputGradient());
        near(what + " fused output", expected, floats(fused.forward(x, null, null)), 1e-6, 0);
        near(what + " fused latent", expectedLatent, floats(fused.latent()), 1e-6, 0);
        near(what + " fused gradient", expectedGradient,
                fused.backward(Nd4j.create(dOut, rows, out), Nd4j.create(dLatent, rows, m.latentSize())), 1e-4, 1e-5);
        near(what + " fused input gradient", expectedInputGradient, floats(fused.inputGradient()), 1e-4, 1e-5);
        float[] stepped = new float[rows * out];
        float[] y = new float[out];
        for (int s = 0; s < rows; s++) {
            step.evaluate(1, java.util.Arrays.copyOfRange(inputs, s * m.inputSize(), (s + 1) * m.inputSize()), null, y);
            System.arraycopy(y, 0, stepped, s * out, out);
        }
        near(what + " step output", expected, stepped, 1e-6, 0);
    }

    /**
     * At the bounds the clamps pass the gradient, as PyTorch's clamp (the reference code's) does. Constant init, 2
     * joints, straight body, first half of the period: the head's dorsal B-neuron is graded(1 * 1) = 1 and its dorsal
     * muscle graded(1 * 1 + 0 * -1) = 1, both exactly on a bound; the ventral muscle graded(0 * 1 + 1 * -1) = 0 from
     * outside. So d torque_0 / d w_osc = 1 and d torque_0 / d w_ipsi = b_d = 1 (hand-derived); w_prop reaches joint 1
     * through q_d = 0 and w_contra only the silenced muscle: 0. With clipByValue's convention all four would be 0.
     * Every pass agrees: the graph, the fused pass.
     */
    @Test
    void gradientsAtTheBoundsAreThoseOfPyTorchsClamp() {
        Model m = model(Map.of("joints", 2, "sharing", true, "sign_constraints", true, "init", "constant", "navigation", false), 1);
        // Two equal rows (SameDiff's strided-slice backward fails on a batch of 1), the gradient asked of the first.
        int n = m.inputSize();
        float[] x = new float[2 * n];
        x[n - 1] = x[2 * n - 1] = (float) NcapTest.feature(0, (Integer) m.options().get("time_limit"));
        INDArray input = Nd4j.create(x, new long[] {2, n}, 'c');
        INDArray dTorque0 = Nd4j.create(new float[] {1, 0, 0, 0}, new long[] {2, 2}, 'c');
        INDArray dLatent = Nd4j.zeros(DataType.FLOAT, 2, m.latentSize());
        // Flat order: bneurons (w_prop, w_osc), muscles (w_ipsi, w_contra).
        float[] expected = {0, 1, 1, 0};
        float[] torques = {1, 0, 1, 0};
        try (BatchPass graph = m.graphPass(2, 1, true, DataType.FLOAT); BatchPass fused = m.pass(2, 1, true)) {
            near("graph torque", torques, floats(graph.forward(input, null, null)), 0, 0);
            near("graph gradient", expected, graph.backward(dTorque0, dLatent).clone(), 0, 0);
            near("fused torque", torques, floats(fused.forward(input, null, null)), 0, 0);
            near("fused gradient", expected, fused.backward(dTorque0, dLatent).clone(), 0, 0);
        }
    }

    /**
     * The fused pass reads its input through ND4J's memory directly when it can: a view (rows further down a bigger
     * array, columns of a wider one, an 'f'-ordered copy) gives what the same values in a fresh array give.
     */
    @Test
    void fusedPassReadsViewsAsCopies() {
        Model m = model(Map.of("joints", 5, "sharing", true, "sign_constraints", true, "init", "constant", "navigation", false), 1);
        int rows = 8;
        int n = m.inputSize();
        float[] inputs = observations(m, rows, new Random(4), false);
        INDArray x = Nd4j.create(inputs, new long[] {rows, n}, 'c');
        INDArray taller = Nd4j.zeros(DataType.FLOAT, rows + 3, n);
        taller.get(NDArrayIndex.interval(3, rows + 3), NDArrayIndex.all()).assign(x);
        INDArray wider = Nd4j.zeros(DataType.FLOAT, rows, n + 3);
        wider.get(NDArrayIndex.all(), NDArrayIndex.interval(2, n + 2)).assign(x);
        List<INDArray> views = List.of(taller.get(NDArrayIndex.interval(3, rows + 3), NDArrayIndex.all()),
                wider.get(NDArrayIndex.all(), NDArrayIndex.interval(2, n + 2)), x.dup('f'), x.castTo(DataType.DOUBLE));
        try (BatchPass fused = m.pass(rows, 1, false)) {
            float[] expected = floats(fused.forward(x, null, null));
            for (INDArray view : views) near("from " + view.ordering() + " " + view.dataType() + " view " + view.isView(), expected,
                    floats(fused.forward(view, null, null)), 0, 0);
        }
    }

    @Test
    void graphGradientsAreTheFunctionsDerivatives() {
        List<Map<String, Object>> cases = List.of(
                Map.of("joints", 5, "sharing", true, "sign_constraints", true, "navigation", false),
                Map.of("joints", 5, "sharing", false, "sign_constraints", true, "navigation", false),
                Map.of("joints", 4, "sharing", false, "sign_constraints", false, "navigation", false),
                Map.of("joints", 5, "sharing", true, "sign_constraints", true, "navigation", true, "turn_joints", 2),
                Map.of("joints", 5, "sharing", false, "sign_constraints", true, "navigation", true));
        long seed = 3;
        for (Map<String, Object> c : cases) {
            Map<String, Object> variant = new LinkedHashMap<>(c);
            variant.put("init", "random");
            Model m = model(variant, seed);
            Random r = new Random(seed++);
            // Random weights away from the kinks of exc/inh (0) and of the clamps at constant init: magnitudes in
            // [0.2, 0.9], with the sign of the signed circuit's initial weight.
            variant.put("sign_constraints", true);
            float[] signs = model(variant, 99).parameters().toArray();
            float[] p = m.parameters().toArray();
            for (int k = 0; k < p.length; k++) p[k] = (float) Math.copySign(0.2 + 0.7 * r.nextDouble(), signs[k]);
            m.parameters().set(p);
            finiteDifferences(c.toString(), m, observations(m, 16, r, true), r);
        }
    }

    /** Central differences of loss = sum(output * R) through the DOUBLE graph, against its backward pass. */
    private static void finiteDifferences(String what, Model m, float[] inputs, Random r) {
        int rows = inputs.length / m.inputSize();
        int n = m.inputSize();
        float[] weights = new float[rows * m.outputSize()];
        for (int i = 0; i < weights.length; i++) weights[i] = (float) r.nextGaussian();
        try (FiniteDifferences check = new FiniteDifferences(m, inputs, weights)) {
            int count = m.parameterCount();
            int nonZero = 0;
            for (int i = 0; i < count; i++) if (Math.abs(check.parameter(what, i, 1e-4f, 1e-5)) > 1e-3) nonZero++;
            assertTrue(nonZero >= count / 2, what + ": too few parameters with a gradient: " + nonZero + " of " + count);
            // Observation entries the circuit reads: the joint angles and, with navigation, to_target.
            int read = m.outputSize() + ((Boolean) m.options().get("navigation") ? 2 : 0);
            for (int s = 0; s < 4; s++) for (int k = 0; k < read; k++) check.input(what, s * n + k, 1e-4f, 1e-5);
        }
    }
}
