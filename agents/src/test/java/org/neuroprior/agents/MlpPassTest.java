package org.neuroprior.agents;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Mlp;
import org.neuroprior.architectures.Networks;

/** {@link MlpPass} computes the same outputs and gradients as SameDiff on the graph {@link Mlp#define} built. */
class MlpPassTest {

    @Test
    void tanhCriticMatchesSameDiff() {
        check("tanh", "identity", 1);
    }

    @Test
    void reluWithTanhOutputMatchesSameDiff() {
        check("relu", "tanh", 3);
    }

    private static void check(String activation, String output, int outputs) {
        int n = 37;
        Mlp net = (Mlp) Networks.create("mlp", 5, outputs, Map.of("hidden", List.of(8, 6), "activation", activation, "output", output), 4);
        SameDiff sd = SameDiff.create();
        SDVariable obs = sd.placeHolder("obs", DataType.FLOAT, -1, 5);
        SDVariable target = sd.placeHolder("target", DataType.FLOAT, -1, outputs);
        SDVariable y = net.define(sd, "net", obs);
        y.rename("y");
        // A loss whose output gradient is not uniform: sum(target * y) / n.
        target.mul(y).sum().div(n).rename("loss");
        sd.setLossVariables("loss");
        GraphOptimizer optimizer = new GraphOptimizer(sd, 1e-3, "net");
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 5).subi(0.5).muli(4);
        INDArray t = Nd4j.rand(DataType.FLOAT, n, outputs).subi(0.5);
        Map<String, INDArray> feed = Map.of("obs", x, "target", t);
        try (MlpPass pass = new MlpPass(sd, "net", net, n)) {
            for (int step = 0; step < 3; step++) { // also after optimiser steps: the pass reads the graph's arrays
                INDArray expected = sd.output(feed, "y").get("y");
                INDArray actual = pass.forward(x);
                assertArrayEquals(expected.reshape(-1).toFloatVector(), actual.reshape(-1).toFloatVector(), 1e-5f);
                Map<String, INDArray> reference = sd.calculateGradients(feed, optimizer.variableNames());
                Map<String, INDArray> gradients = pass.backward(x, t.div(n));
                for (String name : optimizer.variableNames()) {
                    float[] e = reference.get(name).reshape(-1).toFloatVector();
                    float[] a = gradients.get(name).reshape(-1).toFloatVector();
                    assertEquals(e.length, a.length, name);
                    for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], 1e-5 + 1e-4 * Math.abs(e[i]), name + "[" + i + "]");
                }
                optimizer.descend(gradients, false);
            }
        }
    }
}
