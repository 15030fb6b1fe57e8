package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MlpTest {

    @Test
    void parameterCounts() {
        MlpOptions big = new MlpOptions(List.of(256, 256), Activation.RELU, Activation.IDENTITY);
        // swim task, 6 bodies: 5 joint angles + 18 body velocities = 23 inputs
        assertEquals(23 * 256 + 256 + 256 * 256 + 256 + 256 * 5 + 5, new Mlp(23, 5, big, 0).parameterCount());
        assertEquals(73_221, new Mlp(23, 5, big, 0).parameterCount());
        // 73,733 is the same MLP on 25 inputs (navigate task: + to_target)
        assertEquals(73_733, new Mlp(25, 5, big, 0).parameterCount());
        assertEquals(24 * 64 + 64 + 64 * 64 + 64 + 64 * 5 + 5, new Mlp(24, 5, MlpOptions.defaults(), 0).parameterCount());
        assertEquals(3 * 2 + 2, new Mlp(3, 2, new MlpOptions(List.of(), Activation.TANH, Activation.IDENTITY), 0)
                .parameterCount());
    }

    @Test
    void forwardByHand() {
        Mlp m = new Mlp(2, 1, new MlpOptions(List.of(2), Activation.RELU, Activation.TANH), 0);
        // W0 [in][out] = [[1, -1], [2, 0.5]], b0 = [0.1, -3], W1 = [[0.5], [2]], b1 = [0.25]
        m.setParameters(new double[] {1, -1, 2, 0.5, 0.1, -3, 0.5, 2, 0.25});
        double[] y = new double[1];
        m.forward(new double[] {0.3, 0.4}, y);
        double h0 = Math.max(0, 0.3 * 1 + 0.4 * 2 + 0.1);
        double h1 = Math.max(0, 0.3 * -1 + 0.4 * 0.5 - 3);
        assertEquals(Math.tanh(h0 * 0.5 + h1 * 2 + 0.25), y[0], 1e-15);
    }

    @Test
    void pytorchDefaultInitIsSeeded() {
        Mlp a = new Mlp(16, 3, MlpOptions.defaults(), 7);
        double[] p = a.parameters();
        for (int i = 0; i < 16 * 64 + 64; i++) assertTrue(Math.abs(p[i]) <= 0.25, "first layer bound 1/sqrt(16)");
        for (int i = 16 * 64 + 64; i < p.length; i++) assertTrue(Math.abs(p[i]) <= 0.125, "bound 1/sqrt(64)");
        assertArrayEquals(p, new Mlp(16, 3, MlpOptions.defaults(), 7).parameters(), 0.0);
        assertTrue(p[0] != new Mlp(16, 3, MlpOptions.defaults(), 8).parameters()[0]);
        Mlp c = a.copy();
        assertArrayEquals(p, c.parameters(), 0.0);
        c.setParameters(new double[p.length]);
        assertArrayEquals(p, a.parameters(), 0.0, "copy is independent");
    }

    @Test
    void rejectsBadConfigurations() {
        assertThrows(IllegalArgumentException.class,
                () -> new MlpOptions(List.of(64), Activation.IDENTITY, Activation.IDENTITY));
        assertThrows(IllegalArgumentException.class, () -> new MlpOptions(List.of(64), Activation.TANH, Activation.RELU));
        assertThrows(IllegalArgumentException.class, () -> new MlpOptions(List.of(0), Activation.TANH, Activation.TANH));
        assertThrows(IllegalArgumentException.class, () -> new Mlp(0, 1, MlpOptions.defaults(), 0));
        Mlp m = new Mlp(3, 2, MlpOptions.defaults(), 0);
        assertThrows(IllegalArgumentException.class, () -> m.forward(new double[2], new double[2]));
    }
}
