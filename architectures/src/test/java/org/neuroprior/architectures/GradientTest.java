package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff gradients of loss = sum(output * R) through {@link Network#define} agree with central finite differences
 * of the plain-Java {@link Network#forward}, parameter by parameter.
 */
class GradientTest {

    @Test
    void mlpTanh() {
        check(new Mlp(4, 3, new MlpOptions(List.of(5, 6), Activation.TANH, Activation.TANH), 1), 1);
    }

    @Test
    void mlpRelu() {
        check(new Mlp(4, 3, new MlpOptions(List.of(5, 6), Activation.RELU, Activation.IDENTITY), 2), 2);
    }

    @Test
    void ncapShared() {
        check(randomised(NcapOptions.defaults(5), 25), 3);
    }

    @Test
    void ncapUnshared() {
        check(randomised(NcapOptions.defaults(5).withSharing(false), 25), 4);
    }

    @Test
    void ncapUnsignedUnshared() {
        check(randomised(NcapOptions.defaults(4).withSharing(false).withSignConstraints(false), 20), 5);
    }

    @Test
    void ncapNavigation() {
        check(randomised(NcapOptions.defaults(5).withNavigation(true).withTurnJoints(2), 27), 6);
        check(randomised(NcapOptions.defaults(5).withNavigation(true).withSharing(false), 27), 7);
    }

    /**
     * An NCAP whose raw weights are random but kept away from the kinks of exc/inh (0) and of the graded
     * activations at constant init (exactly 1): magnitudes in [0.2, 0.9], signs as the constraint wants.
     */
    private static Ncap randomised(NcapOptions o, int inputSize) {
        Ncap n = new Ncap(inputSize, o.withInit(NcapOptions.Init.RANDOM), 99);
        // signs from the signed circuit (same layout), so that the unsigned variant is not mostly silent
        double[] signs = new Ncap(inputSize, o.withSignConstraints(true).withInit(NcapOptions.Init.RANDOM), 99).parameters();
        double[] p = n.parameters();
        Random r = new Random(5);
        for (int i = 0; i < p.length; i++) p[i] = Math.copySign(0.2 + 0.7 * r.nextDouble(), signs[i]);
        n.setParameters(p);
        return n;
    }

    private static void check(Network net, long seed) {
        int batch = 16;
        double[][] x = Fixtures.observations(net, batch, seed, true);
        Random r = new Random(seed + 100);
        double[][] weights = new double[batch][net.outputSize()];
        for (double[] row : weights) for (int k = 0; k < row.length; k++) row[k] = r.nextGaussian();

        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.DOUBLE, -1, net.inputSize());
        SDVariable out = net.define(sd, "net", in);
        SDVariable loss = out.mul(sd.constant("R", Nd4j.createFromArray(weights))).sum();
        sd.setLossVariables(loss);
        List<String> vars = Fixtures.trainable(sd);
        Map<String, INDArray> grads = sd.calculateGradients(Map.of("in", Fixtures.matrix(x, DataType.DOUBLE)), vars);

        // Flatten the gradients in parameter order: write them into the variables and pull into a copy.
        Network flat = net.copy();
        for (String v : vars) sd.getVariable(v).setArray(grads.get(v));
        flat.pull(sd, "net");
        double[] analytic = flat.parameters();

        double[] p = net.parameters();
        double h = 1e-6;
        int checked = 0;
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + h;
            net.setParameters(p);
            double up = loss(net, x, weights);
            p[i] = keep - h;
            net.setParameters(p);
            double down = loss(net, x, weights);
            p[i] = keep;
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, analytic[i], 1e-6 + 1e-5 * Math.abs(numeric),
                    net.kind() + " parameter " + i + " of " + p.length);
            if (Math.abs(numeric) > 1e-3) checked++;
        }
        net.setParameters(p);
        assertTrue(checked >= p.length / 2, "too few parameters with a non-zero gradient: " + checked);
    }

    private static double loss(Network net, double[][] x, double[][] w) {
        double[] y = new double[net.outputSize()];
        double s = 0;
        for (int b = 0; b < x.length; b++) {
            net.forward(x[b], y);
            for (int k = 0; k < y.length; k++) s += y[k] * w[b][k];
        }
        return s;
    }
}
