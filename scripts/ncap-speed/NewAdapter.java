package org.neuroprior.architectures;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import ncapspeed.Inputs;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The new NCAP: the ncap model's batch pass (its parts' fused passes) and its evaluator (their plain-Java steps). */
public class NewAdapter implements Supplier<Map<String, Runnable>> {
    @Override
    public Map<String, Runnable> get() {
        Model m = Architectures.create("ncap", ModelIO.vector(Inputs.N, Inputs.J, ModelIO.Output.BOUNDED), Map.of(), 1);
        m.parameters().set(Inputs.parameters());
        BatchPass pass = m.pass(Inputs.ROWS, 1, false);
        float[] xf = Inputs.observations();
        INDArray x = Nd4j.create(xf, new long[] {Inputs.ROWS, Inputs.N}, 'c');
        INDArray g = Nd4j.create(Inputs.gradients(), new long[] {Inputs.ROWS, Inputs.J}, 'c');
        double[][] obs = Inputs.steps(xf);
        double[] out = new double[Inputs.J];
        double[] sink = new double[1];
        Evaluator e = m.evaluator(1);
        Runnable forwardBackward = () -> {
            sink[0] += pass.forward(x, null, null).getDouble(7);
            sink[0] += pass.backward(g, null)[1];
        };
        Map<String, Runnable> r = new LinkedHashMap<>();
        r.put("batch forward + backward", forwardBackward);
        r.put("batch forward + backward, old PPO's input copy", forwardBackward);
        r.put("batch forward", () -> sink[0] += pass.forward(x, null, null).getDouble(7));
        r.put("4096 single steps", () -> {
            for (double[] o : obs) {
                e.evaluate(o, null, out);
                sink[0] += out[0];
            }
        });
        // The two parts' plain-Java steps on float observations, without Model.prepare and the evaluator.
        Part.JavaStep bneurons = m.parts().get(0).javaStep();
        Part.JavaStep muscles = m.parts().get(1).javaStep();
        float[][] floats = new float[Inputs.ROWS][];
        for (int s = 0; s < Inputs.ROWS; s++) floats[s] = java.util.Arrays.copyOfRange(xf, s * Inputs.N, (s + 1) * Inputs.N);
        float[] latent = new float[m.latentSize()];
        float[] torques = new float[Inputs.J];
        Parameters p = m.parameters();
        int musclesBase = p.block("muscles/w_ipsi").offset();
        r.put("4096 single steps, new: the parts' steps alone", () -> {
            for (float[] o : floats) {
                bneurons.step(p, 0, o, null, 0, latent);
                muscles.step(p, musclesBase, latent, null, 0, torques);
                sink[0] += torques[0];
            }
        });
        return r;
    }
}
