package org.neuroprior.agents.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The Gaussian's log-probability and its gradient against the textbook formulas, also after its log-std has been
 * changed in place (as PPO's Adam does): the cached inverse std must follow it.
 */
class GaussianTest {

    private static double textbookLogProb(double[] mean, double[] logStd, double[] action) {
        double sum = 0;
        for (int i = 0; i < mean.length; i++) {
            double std = Math.exp(logStd[i]);
            sum += -0.5 * Math.pow((action[i] - mean[i]) / std, 2) - logStd[i] - 0.5 * Math.log(2 * Math.PI);
        }
        return sum;
    }

    @Test
    void logProbAndGradientFollowTheLogStdWhenItChangesInPlace() {
        Gaussian g = new Gaussian(3, 0, -0.5);
        float[] outputs = {0.1f, -0.4f, 0.7f};
        double[] action = {0.3, -0.1, 0.2};
        double[] mean = {0.1f, -0.4f, 0.7f};
        for (int round = 0; round < 3; round++) {
            float[] p = g.parameters();
            double[] logStd = new double[3];
            for (int i = 0; i < 3; i++) logStd[i] = p[i];
            assertEquals(textbookLogProb(mean, logStd, action), g.logProb(outputs, 0, action, 0), 1e-9, "round " + round);

            float[] dOutputs = new float[3];
            float[] dParameters = new float[3];
            g.addLogProbGradient(outputs, 0, action, 0, 1.0, dOutputs, dParameters);
            for (int i = 0; i < 3; i++) {
                double std = Math.exp(logStd[i]);
                double z = (action[i] - mean[i]) / std;
                assertEquals(z / std, dOutputs[i], 1e-5, "d/d mean, round " + round);
                assertEquals(z * z - 1, dParameters[i], 1e-5, "d/d log std, round " + round);
            }
            // An optimiser step changes the log-std in place.
            p[0] += 0.3f;
            p[2] -= 0.7f;
        }
    }

    @Test
    void aFixedStdIsUsedAsGiven() {
        Gaussian g = new Gaussian(2, 0.1, -0.5);
        float[] outputs = {0.5f, -0.5f};
        double[] action = {0.6, -0.3};
        double ls = Math.log(0.1);
        assertEquals(textbookLogProb(new double[] {0.5f, -0.5f}, new double[] {ls, ls}, action), g.logProb(outputs, 0, action, 0), 1e-5);
    }
}
