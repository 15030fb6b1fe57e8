package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff's per-call arrays are freed by the pass, not left to the garbage collector: after any number of forward +
 * backward calls of a gru {@link GraphPass}, both sessions (the graph's and its gradient function's) still use
 * {@link ClosingMemoryMgr} (SameDiff replaces a session installed before its first execution) and the arrays
 * they leave open do not accumulate: the next forward closes them; results stay the same from call to call.
 */
class GraphMemoryTest {
    @Test
    void everyCallsArraysAreClosedByTheNextForward() {
        int batch = 8, window = 4, in = 6;
        Model m = Architectures.create("gru", ModelIO.vector(in, 3, ModelIO.Output.BOUNDED), Map.of(), 5);
        SplittableRandom rng = new SplittableRandom(2);
        INDArray inputs = Nd4j.create(gaussian(rng, batch * window * in), new long[] {batch * window, in}, 'c');
        INDArray state = Nd4j.zeros(DataType.FLOAT, batch, m.stateSize());
        INDArray starts = Nd4j.zeros(DataType.FLOAT, batch, window);
        INDArray dOut = Nd4j.create(gaussian(rng, batch * window * 3), new long[] {batch * window, 3}, 'c');
        GraphPass pass = (GraphPass) m.pass(batch, window, false);
        SameDiff sd = pass.graph();
        float[] firstOutput = null;
        float[] firstGradient = null;
        int backwardArrays = -1;
        for (int call = 0; call < 20; call++) {
            float[] output = pass.forward(inputs, state, starts).dup().data().asFloat();
            ClosingMemoryMgr forward = BoundedGraphMemory.manager(sd);
            assertNotNull(forward, "the graph's session has no closing manager after call " + call);
            assertEquals(3, forward.outstandingCount(), "arrays open after the forward pass of call " + call
                    + " (its output, latent and final state, closed by the next forward)");
            if (call > 0) {
                assertEquals(0, BoundedGraphMemory.manager(sd.getFunction("grad")).outstandingCount(),
                        "arrays of the previous backward pass still open at call " + call);
            }
            float[] gradient = pass.backward(dOut, null).clone();
            ClosingMemoryMgr backward = BoundedGraphMemory.manager(sd.getFunction("grad"));
            assertNotNull(backward, "the gradient function's session has no closing manager after call " + call);
            assertTrue(backward.outstandingCount() > 0, "the backward pass allocated nothing through its manager");
            if (call == 0) backwardArrays = backward.outstandingCount();
            assertEquals(backwardArrays, backward.outstandingCount(), "arrays open after the backward pass of call " + call);
            if (call == 0) {
                firstOutput = output;
                firstGradient = gradient;
            } else {
                assertArrayEquals(firstOutput, output, "output of call " + call);
                assertArrayEquals(firstGradient, gradient, "gradient of call " + call);
            }
        }
        pass.close();
        assertEquals(0, BoundedGraphMemory.manager(sd.getFunction("grad")).outstandingCount(), "arrays left open by close");
    }

    private static float[] gaussian(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rng.nextGaussian();
        return x;
    }
}
