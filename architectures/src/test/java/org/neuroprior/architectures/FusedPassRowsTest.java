package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stateless model's batch pass computes each row from that row alone: the rows of a pass over half the samples
 * equal those rows of a pass over all of them (double DQN's target network reads only each transition's s', where
 * it used to read (s, s') and keep s'), to float rounding: BLAS may sum in another order for another number of rows
 * (differences of about 1e-7 relative were seen, so the equality is not bit for bit). Checked for the gridworld's
 * conv Q network, an MLP and the default tactile ResNet (which also must train through its fused passes).
 */
class FusedPassRowsTest {

    private static void rowsStandAlone(Model model, int batch) {
        int size = model.inputSize();
        int out = model.outputSize();
        SplittableRandom rng = new SplittableRandom(7);
        float[] pairs = new float[batch * 2 * size];
        for (int i = 0; i < pairs.length; i++) pairs[i] = rng.nextInt(3) - 1; // -1, 0, 1 as the gridworld's pixels
        float[] second = new float[batch * size];
        for (int b = 0; b < batch; b++) System.arraycopy(pairs, (2 * b + 1) * size, second, b * size, size);
        long[] shape = new long[model.io().inputShape().length + 1];
        for (int i = 1; i < shape.length; i++) shape[i] = model.io().inputShape()[i - 1];
        try (BatchPass all = model.pass(batch, 2, false); BatchPass half = model.pass(batch, 1, false)) {
            shape[0] = 2L * batch;
            INDArray x = Nd4j.create(pairs, shape, 'c');
            shape[0] = batch;
            INDArray y = Nd4j.create(second, shape, 'c');
            float[] a = all.forward(x, null, null).castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] h = half.forward(y, null, null).castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < out; k++) {
                    float expected = a[(2 * b + 1) * out + k];
                    assertEquals(expected, h[b * out + k], 1e-6 * Math.max(1, Math.abs(expected)), "sample " + b + ", output " + k);
                }
            }
        }
    }

    @Test
    void convRowsDoNotDependOnTheOtherRows() {
        Architecture conv = Architectures.get("conv");
        Model m = conv.create(new ModelIO(new int[] {1, 10, 10}, 4, ModelIO.Output.LINEAR), conv.resolve(Map.of("latent", 5), Map.of()), 3);
        rowsStandAlone(m, 64);
    }

    @Test
    void mlpRowsDoNotDependOnTheOtherRows() {
        Architecture mlp = Architectures.get("mlp");
        Model m = mlp.create(ModelIO.vector(7, 3, ModelIO.Output.LINEAR), mlp.resolve(Map.of(), Map.of()), 3);
        rowsStandAlone(m, 32);
    }

    @Test
    void theResNetTrainsThroughItsFusedPassesAndItsRowsDoNotDependOnTheOtherRows() {
        Architecture resnet = Architectures.get("resnet");
        Model m = resnet.create(new ModelIO(new int[] {10, 35, 6}, 3, ModelIO.Output.LINEAR), resnet.resolve(Map.of(), Map.of()), 3);
        try (BatchPass pass = m.pass(4, 1, false)) {
            assertInstanceOf(FusedChainPass.class, pass, "every part of the default resnet has a fused pass");
        }
        rowsStandAlone(m, 4);
    }
}
