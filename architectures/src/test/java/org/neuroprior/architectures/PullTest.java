package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moving parameters between a network and its SameDiff variables, both ways. */
class PullTest {

    @Test
    void pullReadsModifiedVariables() {
        Ncap n = new Ncap(24, NcapOptions.defaults(5), 0);
        SameDiff sd = Fixtures.graph(n, DataType.FLOAT);
        sd.getVariable("net/w_prop").getArr().assign(0.5);
        sd.getVariable("net/w_contra").setArray(Nd4j.createFromArray(new float[][] {{-0.25f}}));
        n.pull(sd, "net");
        assertArrayEquals(new double[] {0.5, 1, 1, -0.25}, n.parameters(), 0.0);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0.5, 0.5}, n.effectiveWeights().get("prop_d"), 0.0);

        Mlp m = new Mlp(3, 2, new MlpOptions(List.of(4), Activation.TANH, Activation.IDENTITY), 1);
        SameDiff sm = Fixtures.graph(m, DataType.DOUBLE);
        INDArray w0 = sm.getVariable("net/W0").getArr();
        assertArrayEquals(new long[] {3, 4}, w0.shape());
        w0.putScalar(1, 2, 9.0);   // W0[1][2] = flat index 1 * 4 + 2
        sm.getVariable("net/b1").getArr().putScalar(0, 1, -7.0); // b1[1]: after W0 (12), b0 (4), W1 (8)
        double[] before = m.parameters();
        m.pull(sm, "net");
        double[] after = m.parameters();
        before[6] = 9.0;
        before[12 + 4 + 8 + 1] = -7.0;
        assertArrayEquals(before, after, 0.0);
    }

    @Test
    void pullAfterTrainingStepMatchesGraph() {
        // a hand-made gradient step on the graph variables, then pull: forward agrees with the graph again
        Ncap n = new Ncap(24, NcapOptions.defaults(5).withSharing(false).withInit(NcapOptions.Init.RANDOM), 3);
        SameDiff sd = Fixtures.graph(n, DataType.DOUBLE);
        SDVariable loss = sd.getVariable("out").mul(sd.getVariable("out")).sum();
        sd.setLossVariables(loss);
        double[][] x = Fixtures.observations(n, 32, 3, false);
        Map<String, INDArray> g = sd.calculateGradients(Map.of("in", Fixtures.matrix(x, DataType.DOUBLE)),
                Fixtures.trainable(sd));
        for (Map.Entry<String, INDArray> e : g.entrySet()) sd.getVariable(e.getKey()).getArr().subi(e.getValue().mul(0.1));
        double[] before = n.parameters();
        n.pull(sd, "net");
        assertTrue(!java.util.Arrays.equals(before, n.parameters()), "parameters changed");
        AgreementTest.assertClose(Fixtures.forwardAll(n, x), Fixtures.evaluate(sd, x, DataType.DOUBLE), 1e-12, "after pull");
    }

    @Test
    void setParametersThenDefine() {
        Ncap n = new Ncap(6, NcapOptions.defaults(5), 0);
        n.setParameters(new double[] {0.3, 0.6, 0.9, -0.2});
        SameDiff sd = Fixtures.graph(n, DataType.DOUBLE);
        assertEquals(0.3, sd.getVariable("net/w_prop").getArr().getDouble(0), 0.0);
        assertEquals(0.6, sd.getVariable("net/w_osc").getArr().getDouble(0), 0.0);
        assertEquals(0.9, sd.getVariable("net/w_ipsi").getArr().getDouble(0), 0.0);
        assertEquals(-0.2, sd.getVariable("net/w_contra").getArr().getDouble(0), 0.0);
        assertEquals(List.of("net/w_contra", "net/w_ipsi", "net/w_osc", "net/w_prop"),
                Fixtures.trainable(sd).stream().sorted().toList());

        Mlp m = new Mlp(3, 2, new MlpOptions(List.of(4), Activation.RELU, Activation.IDENTITY), 1);
        double[] p = new double[(int) m.parameterCount()];
        for (int i = 0; i < p.length; i++) p[i] = i * 0.01 - 0.1;
        m.setParameters(p);
        SameDiff sm = Fixtures.graph(m, DataType.DOUBLE);
        assertArrayEquals(new double[] {-0.1 + 0.04, -0.1 + 0.05, -0.1 + 0.06, -0.1 + 0.07},
                sm.getVariable("net/W0").getArr().getRow(1).toDoubleVector(), 1e-15);
        double[][] x = {{0.1, 0.2, 0.3}, {-1, 0, 2}};
        AgreementTest.assertClose(Fixtures.forwardAll(m, x), Fixtures.evaluate(sm, x, DataType.DOUBLE), 1e-12, "mlp");
    }

    @Test
    void pullChecksNamesAndShapes() {
        Ncap n = new Ncap(6, NcapOptions.defaults(5), 0);
        SameDiff sd = Fixtures.graph(n, DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.pull(sd, "other"));
        assertTrue(e.getMessage().contains("other/w_prop"), e.getMessage());
        Ncap unshared = new Ncap(6, NcapOptions.defaults(5).withSharing(false), 0);
        assertThrows(IllegalArgumentException.class, () -> unshared.pull(sd, "net"));
        assertThrows(IllegalArgumentException.class, () -> n.define(sd, "net", sd.getVariable("in")),
                "second define under the same prefix");
    }
}
