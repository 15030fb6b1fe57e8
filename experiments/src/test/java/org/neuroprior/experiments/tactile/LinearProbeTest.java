package org.neuroprior.experiments.tactile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The linear probe on features whose classes are linearly separable, and on features that say nothing of the class. */
class LinearProbeTest {
    private static final int CLASSES = 4, D = 12;

    /** Samples of 4 classes: class k's features are a fixed random centre plus noise; labels random if {@code informative} is false. */
    private static float[][] features(SplittableRandom rng, float[][] centres, int[] labels, boolean informative) {
        float[][] x = new float[labels.length][D];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(CLASSES);
            int k = informative ? labels[i] : rng.nextInt(CLASSES);
            // a large offset and scale, as raw features have: the probe standardises them
            for (int j = 0; j < D; j++) x[i][j] = 50 + 20 * (centres[k][j] + 0.3f * (float) rng.nextGaussian());
        }
        return x;
    }

    private static float[][] centres(SplittableRandom rng) {
        float[][] c = new float[CLASSES][D];
        for (float[] row : c) for (int j = 0; j < D; j++) row[j] = (float) rng.nextGaussian();
        return c;
    }

    @Test
    void separableFeaturesAreClassifiedAndUninformativeOnesAreNot() {
        SplittableRandom rng = new SplittableRandom(5);
        float[][] centres = centres(rng);
        int[] yTrain = new int[120], yTest = new int[200];
        float[][] xTrain = features(rng, centres, yTrain, true), xTest = features(rng, centres, yTest, true);
        LinearProbe.Settings settings = LinearProbe.Settings.reference(30, 32, 0.1, 1);
        Objective.Scores s = LinearProbe.fit(xTrain, yTrain, CLASSES, settings).score(xTest, yTest);
        assertTrue(s.top1() >= 0.95, "separable: held-out top-1 " + s.top1());
        assertEquals(1.0, s.top5(), 1e-12, "4 classes: all within the top 5");
        long diagonal = 0;
        for (int k = 0; k < CLASSES; k++) diagonal += s.confusion()[k][k];
        assertEquals(s.top1(), diagonal / 200.0, 1e-12);

        int[] yNoise = new int[120], yNoiseTest = new int[400];
        float[][] xNoise = features(rng, centres, yNoise, false), xNoiseTest = features(rng, centres, yNoiseTest, false);
        Objective.Scores chance = LinearProbe.fit(xNoise, yNoise, CLASSES, settings).score(xNoiseTest, yNoiseTest);
        // chance is 0.25; 0.35 of 400 lies 4.6 standard errors above it
        assertTrue(chance.top1() < 0.35, "labels unrelated to the features: held-out top-1 " + chance.top1());

        LinearProbe again = LinearProbe.fit(xTrain, yTrain, CLASSES, settings);
        assertEquals(s.loss(), again.score(xTest, yTest).loss(), 0, "same settings, same probe");
    }
}
