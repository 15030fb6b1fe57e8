package org.neuroprior.architectures.tactile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neuroprior.architectures.DefinitionAgreement.close;
import static org.neuroprior.architectures.DefinitionAgreement.floats;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.architectures.Evaluator;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.architectures.Part;

/**
 * The ConvRNN encoder with a carried state (an agent's perception network) against the sequence encoder of
 * tactile-train: stepping it over N observations of k images each, carrying the state, computes what the sequence
 * encoder computes over the N k images at once with the same parameters (outputs, parameter and input gradients,
 * and the evaluator the rollouts use, one observation at a time), for both unrollings and cells whose output is
 * their state (TimeDecay), is not (IntersectionRNN-LN), or whose state has two tensors (LSTM); and an episode start
 * zeroes the state, so the observations after it give what a fresh sequence of them gives.
 *
 * <p>Four conv nodes (feedback conv3, conv4 -> conv2 and conv4 -> conv3, skip conv2 -> fc5), k = 2 images per
 * observation, N = 4 observations: under biological unrolling an image reaches the output 3 steps later (by the
 * skip), so most of what the outputs show crosses an observation boundary.
 */
class CarriedStateTest {
    private static final int K = 2;
    private static final int N = 4;
    private static final int BATCH = 2;
    private static final List<Integer> WIDTHS = List.of(3, 4, 5, 4);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String cell : List.of("timedecay", "intersection-ln", "lstm")) {
            for (ConvRnnEncoder.Unroll unroll : ConvRnnEncoder.Unroll.values()) out.add(Arguments.of(cell, unroll));
        }
        return out.stream();
    }

    private static Model encoderModel(int images, String cell, ConvRnnEncoder.Unroll unroll, boolean carry) {
        ConvRnnEncoder e = new ConvRnnEncoder("encoder", new int[] {images * TactileGrid.FRAMES_PER_STEP, 35, 6}, WIDTHS, 6, 5,
                ConvCell.of(cell), unroll, carry);
        return new Model("convrnn", Map.of(), new ModelIO(e.inputShape(), images * 5, ModelIO.Output.LINEAR), List.<Part>of(e), false, 3);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void steppingOverObservationsIsTheSequenceEncoder(String cell, ConvRnnEncoder.Unroll unroll) {
        Model stepped = encoderModel(K, cell, unroll, true);
        Model sequence = encoderModel(N * K, cell, unroll, false);
        assertTrue(stepped.isRecurrent() && !sequence.isRecurrent());
        assertNull(stepped.parts().get(0).fusedPass(BATCH), "a carried state trains through the graph");
        SplittableRandom rng = new SplittableRandom(7);
        float[] p = stepped.parameters().toArray();
        for (int i = 0; i < p.length; i++) p[i] += (float) (0.3 * rng.nextGaussian());
        stepped.parameters().set(p);
        sequence.parameters().set(p);

        // [BATCH, N K images] is, row-major, [BATCH N, K images]: row b N + t is observation t of sweep b.
        float[] frames = random(rng, BATCH * sequence.inputSize());
        float[] dOut = random(rng, BATCH * sequence.outputSize());
        int rows = BATCH * N;
        try (BatchPass whole = sequence.graphPass(BATCH, 1, true, DataType.DOUBLE);
             BatchPass steps = stepped.graphPass(BATCH, N, true, DataType.DOUBLE)) {
            float[] expected = floats(whole.forward(array(frames, BATCH, N * K * 5, 35, 6), null, null));
            float[] expectedGradient = whole.backward(array(dOut, BATCH, sequence.outputSize()), null).clone();
            float[] expectedInput = floats(whole.inputGradient());

            INDArray zeros = Nd4j.zeros(DataType.FLOAT, BATCH, stepped.stateSize());
            INDArray noStarts = Nd4j.zeros(DataType.FLOAT, rows);
            close("outputs", expected, floats(steps.forward(array(frames, rows, K * 5, 35, 6), zeros, noStarts)));
            close("parameter gradient", expectedGradient, steps.backward(array(dOut, rows, stepped.outputSize()), null));
            close("input gradient", expectedInput, floats(steps.inputGradient()));
            double reach = 0;
            for (int b = 0; b < BATCH; b++) {   // the first observation's images reach the later observations' outputs
                for (int i = 0; i < K * 5 * 35 * 6; i++) reach = Math.max(reach, Math.abs(expectedInput[b * N * K * 5 * 35 * 6 + i]));
            }
            assertTrue(reach > 1e-4, "the first observation reaches later outputs (input gradient up to " + reach + ")");
        }

        // The rollouts' evaluator, one observation at a time, carrying the state.
        float[] expected;
        try (BatchPass whole = sequence.graphPass(BATCH, 1, false, DataType.DOUBLE)) {
            expected = floats(whole.forward(array(frames, BATCH, N * K * 5, 35, 6), null, null));
        }
        int in = stepped.inputSize();
        int out = stepped.outputSize();
        float[] got = new float[rows * out];
        float[] one = new float[out];
        try (Evaluator evaluator = stepped.evaluator(1)) {
            for (int b = 0; b < BATCH; b++) {
                float[] state = new float[stepped.stateSize()];
                for (int t = 0; t < N; t++) {
                    int r = b * N + t;
                    evaluator.evaluate(1, Arrays.copyOfRange(frames, r * in, (r + 1) * in), state, one);
                    System.arraycopy(one, 0, got, r * out, out);
                }
            }
        }
        close("evaluator, one observation at a time", expected, got);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void anEpisodeStartZeroesTheState(String cell, ConvRnnEncoder.Unroll unroll) {
        Model stepped = encoderModel(K, cell, unroll, true);
        int later = N - 2;   // an episode starts at observation 2 of sweep 0
        Model fresh = encoderModel(later * K, cell, unroll, false);
        SplittableRandom rng = new SplittableRandom(8);
        float[] p = stepped.parameters().toArray();
        for (int i = 0; i < p.length; i++) p[i] += (float) (0.3 * rng.nextGaussian());
        stepped.parameters().set(p);
        fresh.parameters().set(p);
        int rows = BATCH * N;
        int in = stepped.inputSize();
        int out = stepped.outputSize();
        float[] frames = random(rng, rows * in);
        float[] initial = random(rng, BATCH * stepped.stateSize());
        float[] starts = new float[rows];
        starts[2] = 1;
        float[] got;
        float[] fromZeros;
        try (BatchPass steps = stepped.graphPass(BATCH, N, false, DataType.DOUBLE)) {
            got = floats(steps.forward(array(frames, rows, K * 5, 35, 6), array(initial, BATCH, stepped.stateSize()), array(starts, rows)));
            fromZeros = floats(steps.forward(array(frames, rows, K * 5, 35, 6), Nd4j.zeros(DataType.FLOAT, BATCH, stepped.stateSize()),
                    array(starts, rows)));
        }
        float[] expected;
        try (BatchPass whole = fresh.graphPass(1, 1, false, DataType.DOUBLE)) {
            expected = floats(whole.forward(array(Arrays.copyOfRange(frames, 2 * in, N * in), 1, later * K * 5, 35, 6), null, null));
        }
        close("observations after the episode start", expected, Arrays.copyOfRange(got, 2 * out, N * out));
        double moved = 0;
        for (int i = 0; i < 2 * out; i++) moved = Math.max(moved, Math.abs(got[i] - fromZeros[i]));
        assertTrue(moved > 1e-3, "before the start the initial state matters (moved " + moved + ")");
    }

    @org.junit.jupiter.api.Test
    void theSmallEncodersStateIsItsCellStatesAndTheOutputsReadOneStepLater() {
        ModelIO frames = new ModelIO(new int[] {5, 35, 6}, 2, ModelIO.Output.LINEAR);
        // 188 conv channels on 4 x 6: TimeDecay's state, then every node output but fc8's (biological), or conv3 .. conv6's
        // (the feedback sources under full unrolling).
        assertEquals(188 * 24 + 188 * 24 + 128, stateSize(frames, "timedecay", "biological"));
        assertEquals(188 * 24 + (32 + 48 + 48 + 32) * 24, stateSize(frames, "timedecay", "full"));
        assertEquals(2 * 188 * 24 + 188 * 24 + 128, stateSize(frames, "lstm", "biological"));
        assertEquals(0, org.neuroprior.architectures.Architectures.create("convrnn", frames, Map.of(), 1).stateSize());
    }

    private static int stateSize(ModelIO io, String cell, String unroll) {
        return org.neuroprior.architectures.Architectures.create("convrnn", io, Map.of("cell", cell, "unroll", unroll, "carry_state", true), 1)
                .stateSize();
    }

    private static INDArray array(float[] values, long... shape) {
        return Nd4j.create(values, shape, 'c');
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }
}
