package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

/**
 * The predictive head's terms against hand computations, its gradients against finite differences (with the
 * bootstrap term held fixed, as stopgrad says), and its gradient's isolation from the value head on every architecture,
 * stateless or recurrent.
 */
class PredictiveHeadTest {
    private static final double C = 5;

    private static PredictiveHead.Settings settings(double prediction, double gamma, double random, double consecutive) {
        return new PredictiveHead.Settings(prediction, gamma, random, consecutive, C, List.of(16));
    }

    /** Pairs (row i, row 3 + i) of a 6-row latent matrix. */
    private static final int[] CURRENT = {0, 1, 2};
    private static final int[] NEXT = {3, 4, 5};
    /** z_t = [1, 0], [0, 1], [1, 1]; z_{t+1} = [1, 0.5], [0, 1], [2, 1]. */
    private static final float[] LATENTS = {1, 0, 0, 1, 1, 1, 1, 0.5f, 0, 1, 2, 1};
    private static final float[] ACTIONS = {1, 0, 0, 1, 1, 0};

    private static PredictiveHead.Losses handBatch(PredictiveHead.Settings s, float[] hasSuccessor) {
        try (PredictiveHead head = new PredictiveHead(2, 2, 3, s, 1)) {
            head.transition().parameters().set(new float[head.transition().parameterCount()]); // f = 0: T(z, a) = z
            return head.compute(3, LATENTS, CURRENT, NEXT, ACTIONS, NEXT, new float[] {0, 1, 1, 0, 0, 1}, hasSuccessor, new float[12]);
        }
    }

    @Test
    void eachTermIsWhatAHandComputationGives() {
        PredictiveHead.Losses l = handBatch(settings(1, 0, 1, 1), null);
        // One step: T = z, so the mean of (z_t - z_{t+1})^2 over 3 x 2 elements: (0, -0.5), (0, 0), (-1, 0).
        assertEquals((0.25 + 1.0) / 6, l.prediction(), 1e-7);
        // Rolled by one: pairs (0, 2), (1, 0), (2, 1) at distances 1, sqrt 2, 1.
        assertEquals((2 * Math.exp(-5) + Math.exp(-5 * Math.sqrt(2))) / 3, l.negativeRandom(), 1e-7);
        // Consecutive: distances 0.5, 0, 1.
        assertEquals((Math.exp(-2.5) + 1 + Math.exp(-5)) / 3, l.negativeConsecutive(), 1e-7);
        assertEquals(l.prediction() + l.negativeRandom() + l.negativeConsecutive(), l.total(), 1e-7);

        // Horizon 0.5 where a step follows the first pair only: y_0 = z_1 + 0.5 T(z_1, a_1) = 1.5 [1, 0.5].
        PredictiveHead.Losses g = handBatch(settings(2, 0.5, 0, 0), new float[] {1, 0, 0});
        assertEquals((0.25 + 0.5625 + 1.0) / 6, g.prediction(), 1e-7);
        assertEquals(2 * g.prediction(), g.total(), 1e-7);
        assertEquals(0, g.negativeRandom());
    }

    /** A dense layer of f as the test reads it. */
    private record Layer(String name, int width) {
        static Layer of(Part part) {
            return new Layer(part.name(), part.outputShape()[0]);
        }
    }

    /** The weighted total computed in double from scratch, the bootstrap targets given (held fixed). */
    private static double total(PredictiveHead.Settings s, Model transition, double[] z, int d, int[] cur, int[] next,
                                float[] actions, int aw, double[][] bootstrap) {
        int n = cur.length;
        double pred = 0;
        for (int i = 0; i < n; i++) {
            double[] x = new double[d + aw];
            for (int k = 0; k < d; k++) x[k] = Math.max(0, z[cur[i] * d + k]);
            for (int k = 0; k < aw; k++) x[d + k] = actions[i * aw + k];
            double[] fx = fOf(transition, x);
            for (int k = 0; k < d; k++) {
                double diff = z[cur[i] * d + k] + fx[k] - z[next[i] * d + k] - s.gamma() * bootstrap[i][k];
                pred += diff * diff;
            }
        }
        pred /= n * d;
        double rand = 0;
        double cons = 0;
        for (int i = 0; i < n; i++) {
            rand += Math.exp(-C * distance(z, cur[i], cur[(i - 1 + n) % n], d));
            cons += Math.exp(-C * distance(z, cur[i], next[i], d));
        }
        return s.predictionWeight() * pred + s.negativeRandomWeight() * rand / n + s.negativeConsecutiveWeight() * cons / n;
    }

    /** f in double, read from its parameters: [relu(z), a] -> relu hidden -> linear. */
    private static double[] fOf(Model transition, double[] x) {
        Parameters p = transition.parameters();
        double[] h = x;
        List<Part> parts = transition.parts();
        for (int l = 0; l < parts.size(); l++) {
            Layer layer = Layer.of(parts.get(l));
            Parameters.Block w = p.block(layer.name() + "/W");
            Parameters.Block b = p.block(layer.name() + "/b");
            double[] out = new double[layer.width()];
            for (int j = 0; j < out.length; j++) {
                double v = p.array()[b.offset() + j];
                for (int k = 0; k < h.length; k++) v += h[k] * p.array()[w.offset() + k * layer.width() + j];
                out[j] = l < parts.size() - 1 ? Math.max(0, v) : v;
            }
            h = out;
        }
        return h;
    }

    private static double distance(double[] z, int a, int b, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) s += (z[a * d + k] - z[b * d + k]) * (z[a * d + k] - z[b * d + k]);
        return Math.sqrt(s);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithTheBootstrapHeldFixed() {
        int d = 3;
        int aw = 4;
        int n = 5;
        int[] cur = {0, 1, 2, 3, 4};
        int[] next = {5, 6, 7, 8, 9};
        int[] successor = {10, 6, 11, 12, 9}; // a latent of its own where the pair crosses into another episode
        SplittableRandom rng = new SplittableRandom(3);
        double[] z = new double[13 * d];
        for (int i = 0; i < z.length; i++) z[i] = rng.nextGaussian();
        float[] actions = new float[n * aw];
        float[] successorActions = new float[n * aw];
        for (int i = 0; i < n; i++) {
            actions[i * aw + rng.nextInt(aw)] = 1;
            successorActions[i * aw + rng.nextInt(aw)] = 1;
        }
        float[] hasSuccessor = {1, 0, 1, 1, 0};
        PredictiveHead.Settings s = settings(0.7, 0.5, 0.3, 0.2);
        try (PredictiveHead head = new PredictiveHead(d, aw, 8, s, 4)) {
            float[] latents = new float[z.length];
            for (int i = 0; i < z.length; i++) latents[i] = (float) z[i];
            for (int i = 0; i < z.length; i++) z[i] = latents[i]; // the same float values in both
            float[] grad = new float[z.length];
            PredictiveHead.Losses losses = head.compute(n, latents, cur, next, actions, successor, successorActions, hasSuccessor, grad);
            float[] paramGrad = head.parameterGradient().clone();

            // The bootstrap T(z_{t+1}, a_{t+1}) where a step follows, from the unperturbed values: stopgrad holds it fixed.
            double[][] bootstrap = new double[n][d];
            for (int i = 0; i < n; i++) {
                if (hasSuccessor[i] == 0) continue;
                double[] x = new double[d + aw];
                for (int k = 0; k < d; k++) x[k] = Math.max(0, z[successor[i] * d + k]);
                for (int k = 0; k < aw; k++) x[d + k] = successorActions[i * aw + k];
                double[] fx = fOf(head.transition(), x);
                for (int k = 0; k < d; k++) bootstrap[i][k] = z[successor[i] * d + k] + fx[k];
            }
            Model t = head.transition();
            assertEquals(total(s, t, z, d, cur, next, actions, aw, bootstrap), losses.total(), 1e-5);

            double h = 1e-4;
            for (int i = 0; i < z.length; i++) {
                double keep = z[i];
                z[i] = keep + h;
                double up = total(s, t, z, d, cur, next, actions, aw, bootstrap);
                z[i] = keep - h;
                double down = total(s, t, z, d, cur, next, actions, aw, bootstrap);
                z[i] = keep;
                assertEquals((up - down) / (2 * h), grad[i], 2e-4, "d total / d latent " + i);
            }
            float[] params = t.parameters().toArray();
            for (int i = 0; i < params.length; i++) {
                float keep = params[i];
                float plus = keep + 2e-4f;
                float minus = keep - 2e-4f;
                params[i] = plus;
                t.parameters().set(params);
                double up = total(s, t, z, d, cur, next, actions, aw, bootstrap);
                params[i] = minus;
                t.parameters().set(params);
                double down = total(s, t, z, d, cur, next, actions, aw, bootstrap);
                params[i] = keep;
                t.parameters().set(params);
                assertEquals((up - down) / ((double) plus - minus), paramGrad[i], 2e-4, "d total / d f parameter " + i);
            }
        }
    }

    /**
     * Every registered architecture at its defaults, with every typical input/output it serves; and every choice or
     * flag value that makes a model recurrent where its defaults are not (the ConvRNN's {@code carry_state=true}, an
     * agent's perception network on whisker frames), on the inputs/outputs it serves.
     */
    static Stream<Arguments> models() {
        List<Arguments> all = new ArrayList<>();
        for (Architecture a : Architectures.registry().all()) {
            for (Map<String, Object> variant : ModelContractTest.variants(a)) {
                for (ModelIO io : ModelContractTest.IOS) {
                    Model m;
                    try {
                        m = a.create(io, a.resolve(variant, Map.of()), 2);
                    } catch (IllegalArgumentException cannotServe) {
                        continue; // the architecture does not serve this input/output
                    }
                    if (variant.isEmpty()) all.add(Arguments.of(new ModelContractTest.Case(a.name() + " " + io, m)));
                    else if (m.isRecurrent() && !a.create(io, a.resolve(Map.of(), Map.of()), 2).isRecurrent()) {
                        all.add(Arguments.of(new ModelContractTest.Case(a.name() + " " + variant + " " + io, m)));
                    }
                }
            }
        }
        return all.stream();
    }

    /** The cases above include the ConvRNN that carries its state across agent steps, on whisker frames. */
    @Test
    void theCasesIncludeTheCarriedStateConvRnn() {
        assertTrue(models().map(a -> a.get()[0].toString()).anyMatch(label -> label.startsWith("convrnn {carry_state=true}")),
                "a case for convrnn:carry_state=true");
    }

    /**
     * The auxiliary gradient reaches the encoder and never the value or policy head (exactly zero), in the pass the
     * agents train with and in the definition's graph: every block before the latent that a loss on all the batch's
     * latents reaches gets some (NCAP's oscillator weight, for one, gets none from inputs whose time feature does not
     * drive the oscillator); and for a recurrent model it reaches, through the recurrence, the steps of a window that
     * are in no pair: two sequences of 6 steps whose only pairs are steps (4, 5), as an agent's pairs within one
     * window, give the inputs of step 0 a gradient if and only if the model carries a state from step to step (the
     * ConvRNN's biological unrolling takes 3 steps to carry an image to its latent).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void theAuxiliaryGradientTrainsTheEncoderAndNeverTheHead(ModelContractTest.Case c) {
        Model model = c.model();
        int batch = 2;
        int window = 6;
        int rows = batch * window;
        int[] cur = {4, 10};   // steps (4, 5) of each sequence
        int[] next = {5, 11};
        int actionWidth = 3;
        float[] actions = {1, 0, 0, 0, 0, 1};
        float[] hasSuccessor = {1, 0};
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = new float[rows * model.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        float[] anyLoss = new float[rows * model.latentSize()];
        for (int i = 0; i < anyLoss.length; i++) anyLoss[i] = (float) rng.nextGaussian();
        INDArray input = Nd4j.create(x, ModelContractTest.rows(rows, model.io().inputShape()), 'c');
        INDArray state = model.isRecurrent() ? Nd4j.zeros(DataType.FLOAT, batch, model.stateSize()) : null;
        INDArray starts = model.isRecurrent() ? Nd4j.zeros(DataType.FLOAT, rows) : null;
        for (boolean graph : new boolean[] {false, true}) {
            String how = graph ? " (graph)" : "";
            try (BatchPass pass = graph ? model.graphPass(batch, window, true, DataType.FLOAT) : model.pass(batch, window, true);
                 PredictiveHead head = new PredictiveHead(model.latentSize(), actionWidth, 2, settings(0.01, 0.5, 0.1, 0.1), 3)) {
                pass.forward(input, state, starts);
                INDArray noOutputGradient = Nd4j.zeros(DataType.FLOAT, rows, model.outputSize());
                float[] reached = pass.backward(noOutputGradient, Nd4j.create(anyLoss, new long[] {rows, model.latentSize()}, 'c')).clone();
                float[] latents = pass.latent().castTo(DataType.FLOAT).dup('c').data().asFloat();
                float[] dz = new float[latents.length];
                head.compute(2, latents, cur, next, actions, next, actions, hasSuccessor, dz);
                float[] gradient = pass.backward(noOutputGradient, Nd4j.create(dz, new long[] {rows, model.latentSize()}, 'c'));
                int headStart = model.headStart();
                double encoder = 0;
                for (int p = 0; p < model.parts().size(); p++) {
                    Part part = model.parts().get(p);
                    for (ParameterSpec spec : part.parameters()) {
                        Parameters.Block b = model.parameters().block(part.name() + "/" + spec.name());
                        double norm = 0;
                        double any = 0;
                        for (int i = b.offset(); i < b.offset() + b.size(); i++) {
                            norm += Math.abs(gradient[i]);
                            any += Math.abs(reached[i]);
                        }
                        if (p >= headStart) assertEquals(0.0, norm, b.name() + " (head) gets no auxiliary gradient" + how);
                        else assertEquals(any > 0, norm > 0, b.name() + " (encoder) gets an auxiliary gradient where the latent depends on it" + how);
                        encoder += p < headStart ? norm : 0;
                    }
                }
                assertTrue(encoder > 0, "the encoder gets an auxiliary gradient" + how);
                float[] dInput = pass.inputGradient().castTo(DataType.FLOAT).dup('c').data().asFloat();
                int in = model.inputSize();
                for (int s = 0; s < batch; s++) {
                    double norm = 0;
                    for (int i = s * window * in; i < (s * window + 1) * in; i++) norm += Math.abs(dInput[i]);
                    if (model.isRecurrent()) assertTrue(norm > 0, "step 0 of sequence " + s + " gets the pairs' gradient through the state" + how);
                    else assertEquals(0.0, norm, "step 0 of sequence " + s + " is in no pair" + how);
                }
            }
        }
    }
}
