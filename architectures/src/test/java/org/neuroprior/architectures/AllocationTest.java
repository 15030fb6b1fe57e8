package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Network#forward} allocates nothing once warmed up. */
class AllocationTest {

    @Test
    void forwardIsAllocationFree() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Network> nets = List.of(
                new Mlp(24, 5, MlpOptions.defaults(), 0),
                new Mlp(25, 5, new MlpOptions(List.of(256, 256), Activation.RELU, Activation.TANH), 0),
                new Ncap(24, NcapOptions.defaults(5), 0),
                new Ncap(24, NcapOptions.defaults(5).withSharing(false), 0),
                new Ncap(26, NcapOptions.defaults(5).withNavigation(true).withSharing(false), 0));
        for (Network net : nets) {
            double[][] x = Fixtures.observations(net, 16, 1, false);
            double[] y = new double[net.outputSize()];
            int calls = net.parameterCount() > 10_000 ? 2_000 : 10_000;
            for (int i = 0; i < 3 * calls; i++) net.forward(x[i & 15], y); // warm-up (JIT)
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) net.forward(x[i & 15], y);
            long allocated = bean.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 1024, net + " allocated " + allocated + " bytes in " + calls + " calls");
        }
    }
}
