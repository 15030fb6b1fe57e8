package org.neuroprior.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Adam in single precision follows the textbook algorithm (computed here in double) and resumes exactly. */
class AdamTest {

    @Test
    void stepsFollowKingmaAndBaInDoublePrecision() {
        int n = 37;
        double lr = 1e-3;
        SplittableRandom rng = new SplittableRandom(3);
        float[] p = new float[n];
        double[] reference = new double[n];
        for (int i = 0; i < n; i++) reference[i] = p[i] = (float) rng.nextGaussian();
        double[] m = new double[n];
        double[] v = new double[n];
        Adam adam = new Adam(n, lr);
        for (int t = 1; t <= 50; t++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) g[i] = (float) (rng.nextGaussian() * (i + 1) * 1e-2);
            adam.descend(p, g);
            for (int i = 0; i < n; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                reference[i] -= lr * (m[i] / (1 - Math.pow(0.9, t))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
            }
        }
        for (int i = 0; i < n; i++) assertEquals(reference[i], p[i], 1e-5, "parameter " + i); // 50 steps of at most lr each
        float[] up = p.clone();
        double[] direction = new double[n];
        for (int i = 0; i < n; i++) direction[i] = -(i + 1) * 1e-2;
        new Adam(n, lr).ascend(up, direction);
        for (int i = 0; i < n; i++) assertEquals(p[i] - lr, up[i], 1e-6, "the first step moves by lr along the direction's sign");
    }

    @Test
    void savedStateResumesExactly() throws Exception {
        int n = 11;
        SplittableRandom rng = new SplittableRandom(5);
        float[] a = new float[n];
        Adam first = new Adam(n, 0.01);
        float[][] gradients = new float[6][n];
        for (float[] g : gradients) for (int i = 0; i < n; i++) g[i] = (float) rng.nextGaussian();
        for (int k = 0; k < 3; k++) first.descend(a, gradients[k]);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        first.write(new DataOutputStream(bytes));
        Adam resumed = new Adam(n, 0.01);
        resumed.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        float[] b = a.clone();
        for (int k = 3; k < 6; k++) {
            first.descend(a, gradients[k]);
            resumed.descend(b, gradients[k]);
        }
        assertArrayEquals(a, b);
    }
}
