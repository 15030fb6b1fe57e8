package org.neuroprior.architectures.tactile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Gelu}'s array forms compute its definition's values and derivatives, in float, from -1e5 to 1e5, and the
 * definition's derivative is finite there: SameDiff's own {@code gelu} op, which the definition was before, gave NaN
 * from 60 up (float), which whisker forces of 1e4 reach in the S4 encoder's first layer.
 */
class GeluTest {
    @Test
    void theArrayFormsFollowTheDefinitionAndItsGradientIsFiniteForLargeInputs() {
        float[] x = {-1e5f, -1e4f, -100f, -60f, -10f, -1.5f, -0.3f, 0f, 0.7f, 2f, 10f, 60f, 100f, 1e4f, 1e5f};
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.var("x", Nd4j.createFromArray(x).castTo(DataType.FLOAT));
        SDVariable y = Gelu.define(sd, v);
        y.sum().markAsLoss();
        float[] expected = y.eval().dup().data().asFloat();
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "x");
        float[] expectedDerivative = grads.get("x").dup().data().asFloat();

        float[] actual = new float[x.length];
        Gelu.forward(x, actual, 0, x.length);
        float[] derivative = new float[x.length];
        java.util.Arrays.fill(derivative, 1f);
        Gelu.multiplyByDerivative(x, derivative, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertTrue(Float.isFinite(expectedDerivative[i]), "the definition's derivative at " + x[i] + " is " + expectedDerivative[i]);
            assertEquals(expected[i], actual[i], 1e-6 * Math.max(1, Math.abs(expected[i])), "gelu(" + x[i] + ")");
            assertEquals(expectedDerivative[i], derivative[i], 1e-5, "gelu'(" + x[i] + ")");
        }
        assertEquals(1f, derivative[x.length - 1], 0f);
        assertEquals(0f, derivative[0], 0f);
    }
}
