package org.neuroprior.architectures;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import ncapspeed.Inputs;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The old NCAP (commit bf4a18c): NcapPass for PPO's batches, Ncap.forward for rollouts. */
public class OldAdapter implements Supplier<Map<String, Runnable>> {
    @Override
    public Map<String, Runnable> get() {
        Ncap net = new Ncap(Inputs.N, NcapOptions.defaults(Inputs.J), 1);
        float[] p = Inputs.parameters();
        double[] pd = new double[p.length];
        for (int i = 0; i < p.length; i++) pd[i] = p[i];
        net.setParameters(pd);
        NcapPass pass = new NcapPass(net, Inputs.ROWS);
        float[] x = Inputs.observations();
        INDArray xi = Nd4j.create(x, new long[] {Inputs.ROWS, Inputs.N}, 'c');
        float[] g = Inputs.gradients();
        double[][] obs = Inputs.steps(x);
        double[] out = new double[Inputs.J];
        double[] sink = new double[1];
        Map<String, Runnable> m = new LinkedHashMap<>();
        m.put("batch forward + backward", () -> {
            sink[0] += pass.forward(p, x)[7];
            sink[0] += pass.backward(g)[1];
        });
        // What the old PPO ran: NcapGraphPass copied the input batch out of ND4J with data().asFloat() first.
        m.put("batch forward + backward, old PPO's input copy", () -> {
            sink[0] += pass.forward(p, xi.data().asFloat())[7];
            sink[0] += pass.backward(g)[1];
        });
        m.put("batch forward", () -> sink[0] += pass.forward(p, x)[7]);
        Runnable steps = () -> {
            for (double[] o : obs) {
                net.forward(o, out);
                sink[0] += out[0];
            }
        };
        m.put("4096 single steps", steps);
        m.put("4096 single steps, new: the parts' steps alone", steps);
        return m;
    }
}
