package org.neuroprior.architectures.tactile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link GraphOps#linear} computes {@code x W + b} (against a plain ND4J product of contiguous copies) on the inputs
 * the tactile models give it: time-major images (a reshape of a permuted batch, as {@link TactileGrid#images} makes
 * them), directly and through a tanh, in one graph of four dense layers sharing their weights. With
 * {@code sd.nn.linear} ({@code xw_plus_b}) as the first and third layer, the third gave values off by 96 (on values of
 * about 30) under ND4J 1.0.0-M2.1's oneDNN binary and right ones under the generic binary (2026-12-01); alone, on the
 * same input, it was right under both, so the fault needs such a graph to show. Runs under either binary.
 */
class GraphOpsTest {
    @Test
    void linearIsXwPlusBOnPermutedImagesAndWhatFollowsThem() {
        int[] order = {1, 0, 2, 5, 3, 4};                                   // [B, T, f, r, w, c] -> [T, B, f, c, r, w]
        Nd4j.getRandom().setSeed(1);
        INDArray w = Nd4j.randn(DataType.FLOAT, 1050, 5);
        INDArray b = Nd4j.randn(DataType.FLOAT, 5);
        SameDiff sd = SameDiff.create();
        SDVariable frames = sd.placeHolder("x", DataType.FLOAT, -1, 22, 5, 5, 7, 6);
        SDVariable images = frames.permute(order).reshape(-1, 1050);
        SDVariable weight = sd.var("W", w);
        SDVariable bias = sd.var("b", b);
        SDVariable[] outs = {
            GraphOps.linear(images, weight, bias), GraphOps.linear(images, weight, bias),
            GraphOps.linear(sd.math.tanh(images), weight, bias), GraphOps.linear(sd.math.tanh(images), weight, bias)};
        String[] names = new String[outs.length];
        for (int i = 0; i < outs.length; i++) names[i] = outs[i].name();
        for (long batch : new long[] {2, 1, 3}) {
            INDArray x = Nd4j.randn(DataType.FLOAT, batch, 22, 5, 5, 7, 6);
            INDArray contiguous = x.permute(order).dup('c').reshape(-1, 1050);
            INDArray plain = contiguous.mmul(w).addRowVector(b);
            INDArray afterTanh = Transforms.tanh(contiguous, true).mmul(w).addRowVector(b);
            Map<String, INDArray> got = sd.output(Map.of("x", x), names);
            for (int i = 0; i < outs.length; i++) {
                INDArray expected = i < 2 ? plain : afterTanh;
                INDArray actual = got.get(names[i]);
                assertArrayEquals(expected.shape(), actual.shape());
                double error = actual.sub(expected).amaxNumber().doubleValue();
                assertEquals(0, error, 1e-3, "batch " + batch + ", dense layer " + i + (i < 2 ? "" : " after tanh"));
            }
        }
    }
}
