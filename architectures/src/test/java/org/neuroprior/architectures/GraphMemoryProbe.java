package org.neuroprior.architectures;

import java.util.Map;
import java.util.SplittableRandom;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A measurement, not a test (BENCHMARKS.md, "SameDiff's native memory"): {@code calls} forward + backward calls of a
 * {@code gru} {@link GraphPass} (batch 64, window 32, 24 inputs, 5 bounded outputs, seed 11, fixed random inputs and
 * output gradients). Every 10 calls it prints the resident memory (MB, JavaCPP's {@code physicalBytes}), the mean
 * milliseconds per call of those 10 and a running checksum of the outputs and gradients (equal checksums: equal
 * results). Arguments: {@code calls gcEvery} (call {@code System.gc()} every {@code gcEvery} calls; 0: never).
 */
public final class GraphMemoryProbe {
    private GraphMemoryProbe() {
    }

    /** Runs the probe; see the class comment for the arguments. */
    public static void main(String[] args) {
        int calls = Integer.parseInt(args[0]);
        int gcEvery = Integer.parseInt(args[1]);
        int batch = 64, window = 32, in = 24;
        Model m = Architectures.create("gru", ModelIO.vector(in, 5, ModelIO.Output.BOUNDED), Map.of(), 11);
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[batch * window * in];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        float[] g = new float[batch * window * m.outputSize()];
        for (int i = 0; i < g.length; i++) g[i] = (float) rng.nextGaussian();
        INDArray inputs = Nd4j.create(x, new long[] {batch * window, in}, 'c');
        INDArray state = Nd4j.zeros(DataType.FLOAT, batch, m.stateSize());
        INDArray starts = Nd4j.zeros(DataType.FLOAT, batch, window);
        INDArray dOut = Nd4j.create(g, new long[] {batch * window, m.outputSize()}, 'c');
        BatchPass pass = m.pass(batch, window, false);
        double checksum = 0;
        long tPrev = System.nanoTime();
        System.out.printf("calls 0 rss_mb %d%n", Pointer.physicalBytes() >> 20);
        for (int c = 1; c <= calls; c++) {
            checksum += pass.forward(inputs, state, starts).sumNumber().doubleValue();
            for (float v : pass.backward(dOut, null)) checksum += v;
            if (gcEvery > 0 && c % gcEvery == 0) System.gc();
            if (c % 10 == 0) {
                long now = System.nanoTime();
                System.out.printf("calls %d rss_mb %d ms_per_call %.1f checksum %.10e%n", c,
                        Pointer.physicalBytes() >> 20, (now - tPrev) / 1e6 / 10, checksum);
                tPrev = now;
            }
        }
        pass.close();
    }
}
