package org.neuroprior.architectures.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neuroprior.architectures.kernels.KernelArrays.*;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.LayerNorm;

/**
 * {@link LayerNormKernel} computes what the definition ({@link LayerNorm#define} over the last axis) computes: outputs
 * and the gradients of {@code sum(y r)} for a random {@code r} (the definition in double, the kernel in float), for
 * rows of one value and more, with and without gain and bias, read from and written to offsets in longer arrays, the
 * parameter gradients added to what is there. Among the rows are those whisker grids give the channel LayerNorms: a
 * constant row, a row of near-equal values (spread 4e-3, near sqrt(epsilon)), a row of zeros and one large value, and
 * a row of zeros and two values of +-3e-23, whose squares sum to a subnormal float that divided by the width
 * underflowed to 0: the kernel without an epsilon divided by that 0 and gave Infinity and NaN (the NaN of the
 * ResNet's fused pass on a real whisker dataset).
 */
class LayerNormKernelTest {
    @ParameterizedTest(name = "{0} rows of {1}, gain and bias {2}")
    @CsvSource({"7, 5, true", "4, 16, false", "5, 16, true", "6, 1, true", "3, 2, true"})
    void matchesTheDefinition(int rows, int width, boolean affine) {
        SplittableRandom rng = new SplittableRandom(rows * 100 + width);
        double[] x = gaussian(rng, rows * width);
        for (int i = 0; i < width; i++) x[width + i] = 0.75;   // a constant row
        if (rows > 3) {
            int[] ints = {0, 2, 1, 2, 0, 1, 1, 0, 2, 1, 0, 0, 2, 1, 2, 0};
            for (int i = 0; i < width; i++) {
                x[2 * width + i] = 1000 + ints[i % ints.length] / 256.0;       // near-equal, exact in float
                x[3 * width + i] = i == width / 2 ? 1.2e4 : 0;                  // one touching whisker
            }
            if (width > 1) {
                java.util.Arrays.fill(x, 0, width, 0);                          // residual forces of untouched whiskers
                x[0] = 3e-23;
                x[1] = -3e-23;
            }
        }
        double[] g = gaussian(rng, width);
        double[] b = gaussian(rng, width);
        if (!affine) {
            java.util.Arrays.fill(g, 1);
            java.util.Arrays.fill(b, 0);
        }
        double[] r = gaussian(rng, rows * width);

        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.var("x", Nd4j.create(x, new long[] {rows, width}, DataType.DOUBLE));
        SDVariable gv = sd.var("g", Nd4j.create(g, new long[] {width}, DataType.DOUBLE));
        SDVariable bv = sd.var("b", Nd4j.create(b, new long[] {width}, DataType.DOUBLE));
        SDVariable y = LayerNorm.define(sd, xv, gv, bv, false);
        INDArray expectedY = y.eval();
        SDVariable loss = y.mul(sd.constant(Nd4j.create(r, new long[] {rows, width}, DataType.DOUBLE))).sum();
        loss.markAsLoss();
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "x", "g", "b");

        LayerNormKernel kernel = new LayerNormKernel(rows, width);
        float[] xf = embedded(x, 3, 2, 9f);
        float[] gf = embedded(g, 1, 1, 9f);
        float[] bf = embedded(b, 2, 1, 9f);
        float[] yf = embedded(new double[x.length], 4, 1, 7f);
        kernel.forward(xf, 3, affine ? gf : null, 1, affine ? bf : null, 2, yf, 4);
        finite("y", yf);
        close("y", doubles(expectedY), yf, 4, 0);
        assertEquals(7f, yf[3]);
        assertEquals(7f, yf[4 + x.length]);

        float[] dy = embedded(r, 2, 1, 9f);
        float[] dg = embedded(halves(width), 1, 1, 9f);
        float[] db = embedded(halves(width), 3, 1, 9f);
        float[] dx = embedded(new double[x.length], 5, 1, 7f);
        kernel.backward(xf, 3, affine ? gf : null, 1, dy, 2, dg, 1, db, 3, dx, 5);
        finite("dx", dx);
        finite("dg", dg);
        close("dg", doubles(grads.get("g")), dg, 1, 0.5);
        close("db", doubles(grads.get("b")), db, 3, 0.5);
        close("dx", doubles(grads.get("x")), dx, 5, 0);
        assertEquals(7f, dx[4]);
        assertEquals(7f, dx[5 + x.length]);

        // In place (dx over dy), without the parameter gradients.
        kernel.backward(xf, 3, affine ? gf : null, 1, dy, 2, null, 0, null, 0, dy, 2);
        close("dx in place", doubles(grads.get("x")), dy, 2, 0);
    }

    private static void finite(String what, float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) throw new AssertionError(what + " element " + i + " is " + a[i]);
        }
    }
}
