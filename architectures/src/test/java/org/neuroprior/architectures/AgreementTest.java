package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/** {@link Network#forward} and {@link Network#define} compute the same function, in FLOAT and DOUBLE graphs. */
class AgreementTest {

    @Test
    void mlp() {
        List<Network> nets = new ArrayList<>();
        nets.add(new Mlp(24, 5, MlpOptions.defaults(), 1));
        nets.add(new Mlp(25, 5, new MlpOptions(List.of(32, 16), Activation.RELU, Activation.TANH), 2));
        nets.add(new Mlp(3, 2, new MlpOptions(List.of(), Activation.TANH, Activation.IDENTITY), 3));
        for (Network n : nets) agree(n);
    }

    @Test
    void everyNcapVariant() {
        for (Ncap n : Fixtures.ncapVariants()) agree(n);
    }

    @Test
    void oscillatorRoundingMatchesSameDiff() {
        // timeLimit 2 makes t = x + 1 exact, so half-way steps occur; period 2 makes the rounding visible
        Ncap n = new Ncap(3, NcapOptions.defaults(2).withTimeLimit(2).withPeriod(2), 0);
        double[][] x = new double[12][];
        for (int i = 0; i < x.length; i++) x[i] = new double[] {0.1, -0.2, -3 + 0.5 * i};
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            assertClose(Fixtures.forwardAll(n, x), Fixtures.evaluate(Fixtures.graph(n, type), x, type), 1e-6,
                    "half-way time steps " + type);
        }
    }

    private static void agree(Network net) {
        double[][] x = Fixtures.observations(net, 64, 42, false);
        double[][] expected = Fixtures.forwardAll(net, x);
        SameDiff sd = Fixtures.graph(net, DataType.DOUBLE);
        assertClose(expected, Fixtures.evaluate(sd, x, DataType.DOUBLE), 1e-12, net + " DOUBLE");

        double[][] xf = Fixtures.asFloats(x);
        double[][] expectedF = Fixtures.forwardAll(net, xf);
        SameDiff sf = Fixtures.graph(net, DataType.FLOAT);
        assertClose(expectedF, Fixtures.evaluate(sf, xf, DataType.FLOAT), 2e-5, net + " FLOAT");
    }

    static void assertClose(double[][] expected, double[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, what);
            for (int k = 0; k < expected[i].length; k++) {
                assertEquals(expected[i][k], actual[i][k], tol * Math.max(1, Math.abs(expected[i][k])),
                        what + " row " + i + " output " + k);
            }
        }
    }
}
