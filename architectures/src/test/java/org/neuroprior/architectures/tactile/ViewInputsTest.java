package org.neuroprior.architectures.tactile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.LayerNorm;

/**
 * The graph ops the tactile models use give the same values and parameter gradients whether their input is a reshape
 * of a permuted array (as the models make them: time-major images, attention heads, S4 channels), directly or through
 * a tanh, or its contiguous copy fed as such. Runs under either ND4J binary and checks the oneDNN kernels (conv2d,
 * layer norm, matmul) against the same ops on plain inputs. The fault found in {@code sd.nn.linear} under the oneDNN
 * binary needs more of a graph than this to show; {@link GraphOpsTest} has it.
 */
class ViewInputsTest {
    /** An op on one input (the view or its copy) and its parameters, which both graphs share. */
    private record Case(String name, long[] stored, int[] permutation, long[] shape, Map<String, long[]> parameters,
                        BiFunction<SameDiff, SDVariable, SDVariable> op) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, long[]> params(Object... nameShape) {
        Map<String, long[]> m = new HashMap<>();
        for (int i = 0; i < nameShape.length; i += 2) m.put((String) nameShape[i], (long[]) nameShape[i + 1]);
        return m;
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        // [d, T, B] -> [T, B, d] -> [T B, d]: the S4 encoder's output layer input (an 'f'-ordered view).
        long[] s4 = {6, 4, 3};
        int[] s4p = {1, 2, 0};
        long[] rows = {12, 6};
        cases.add(new Case("linear", s4, s4p, rows, params("W", new long[] {6, 5}, "b", new long[] {5}),
                (sd, x) -> GraphOps.linear(x, sd.getVariable("W"), sd.getVariable("b"))));
        cases.add(new Case("mmul", s4, s4p, rows, params("W", new long[] {6, 5}),
                (sd, x) -> x.mmul(sd.getVariable("W"))));
        cases.add(new Case("layerNorm", s4, s4p, rows, params("g", new long[] {6}, "b", new long[] {6}),
                (sd, x) -> LayerNorm.define(sd, x, sd.getVariable("g"), sd.getVariable("b"), false)));
        cases.add(new Case("gelu softmax", s4, s4p, rows, params(),
                (sd, x) -> sd.nn.softmax(Gelu.define(sd, x), 1)));
        cases.add(new Case("add mul broadcast", s4, s4p, rows, params("g", new long[] {6}, "b", new long[] {6}),
                (sd, x) -> x.mul(sd.getVariable("g")).add(sd.getVariable("b"))));
        // [B, T, H, head] -> [B, H, T, head] -> [B H, T, head]: attention heads, batched products both ways.
        long[] heads = {2, 4, 3, 5};
        int[] headsP = {0, 2, 1, 3};
        long[] batched = {6, 4, 5};
        cases.add(new Case("batched mmul", heads, headsP, batched, params("K", new long[] {6, 4, 5}),
                (sd, x) -> sd.mmul(sd.mmul(x, sd.getVariable("K"), false, true, false), x)));
        // [B, T, r, w, c] -> [T, B, c, r, w] -> [T B, c, r, w]: time-major NCHW images, as TactileGrid makes them.
        long[] frames = {2, 3, 5, 7, 4};
        int[] framesP = {1, 0, 4, 2, 3};
        long[] images = {6, 4, 5, 7};
        for (int stride = 1; stride <= 2; stride++) {
            int s = stride;
            cases.add(new Case("conv2d stride " + s, frames, framesP, images,
                    params("W", new long[] {3, 3, 4, 5}, "b", new long[] {5}),
                    (sd, x) -> GraphOps.conv(sd, x, sd.getVariable("W"), sd.getVariable("b"), 3, s, true)));
        }
        cases.add(new Case("conv2d 2x2 no bias", frames, framesP, images, params("W", new long[] {2, 2, 4, 3}),
                (sd, x) -> GraphOps.conv(sd, x, sd.getVariable("W"), null, 2, 1, true)));
        cases.add(new Case("concat", frames, framesP, images, params("s", new long[] {6, 2, 5, 7}),
                (sd, x) -> sd.concat(1, x, sd.getVariable("s")).mul(2.0)));
        return cases.stream().flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    @ParameterizedTest(name = "{0}, after tanh: {1}")
    @MethodSource("cases")
    void anOpReadsAStridedViewAsItsContiguousCopy(Case c, boolean afterTanh) {
        Nd4j.getRandom().setSeed(3);
        INDArray stored = Nd4j.randn(DataType.DOUBLE, c.stored).castTo(DataType.FLOAT);
        Map<String, INDArray> parameters = new HashMap<>();
        c.parameters.forEach((n, s) -> parameters.put(n, Nd4j.randn(DataType.DOUBLE, s).castTo(DataType.FLOAT)));
        INDArray copy = stored.permute(c.permutation).dup('c').reshape('c', c.shape);
        Result viaView = run(c, parameters, "x", stored, true, afterTanh);
        Result viaCopy = run(c, parameters, "x", copy, false, afterTanh);
        assertArrayEquals(viaCopy.output.shape(), viaView.output.shape(), c.name);
        assertClose(c.name + " output", viaCopy.output, viaView.output);
        for (String p : parameters.keySet()) assertClose(c.name + " d/d" + p, viaCopy.gradients.get(p), viaView.gradients.get(p));
    }

    private record Result(INDArray output, Map<String, INDArray> gradients) {
    }

    /** The op, its output and the gradients of a fixed random weighting of it, with the input a variable too. */
    private static Result run(Case c, Map<String, INDArray> parameters, String name, INDArray input, boolean view, boolean afterTanh) {
        SameDiff sd = SameDiff.create();
        parameters.forEach((n, a) -> sd.var(n, a.dup()));
        long[] unknownBatch = input.shape().clone();
        unknownBatch[0] = -1;                                      // as the models declare their inputs
        SDVariable x = sd.placeHolder(name, DataType.FLOAT, unknownBatch);
        SDVariable in = view ? x.permute(c.permutation).reshape(c.shape) : x;
        SDVariable out = c.op.apply(sd, afterTanh ? sd.math.tanh(in) : in);
        Nd4j.getRandom().setSeed(5);
        SDVariable weights = sd.constant(Nd4j.randn(DataType.DOUBLE, outShape(c, parameters)).castTo(DataType.FLOAT));
        SDVariable loss = out.mul(weights).sum();
        loss.markAsLoss();
        Map<String, INDArray> feed = Map.of(name, input);
        INDArray output = sd.output(feed, out.name()).get(out.name());
        List<String> wrt = new ArrayList<>(parameters.keySet());
        return new Result(output, wrt.isEmpty() ? Map.of() : sd.calculateGradients(feed, wrt));
    }

    /** The op's output shape, from a throw-away graph on the contiguous copy. */
    private static long[] outShape(Case c, Map<String, INDArray> parameters) {
        SameDiff sd = SameDiff.create();
        parameters.forEach((n, a) -> sd.var(n, a.dup()));
        SDVariable out = c.op.apply(sd, sd.placeHolder("x", DataType.FLOAT, c.shape));
        return sd.output(Map.of("x", Nd4j.zeros(DataType.FLOAT, c.shape)), out.name()).get(out.name()).shape();
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        float[] e = expected.dup('c').data().asFloat();
        float[] a = actual.dup('c').data().asFloat();
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4 * (1 + Math.abs(e[i])), what + " at " + i);
        }
    }
}
