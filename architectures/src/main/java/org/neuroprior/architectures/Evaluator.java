package org.neuroprior.architectures;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluates a {@link Model} on up to {@code batch} samples at a time without gradients: rollouts, test episodes and
 * evolution strategies. It uses the parts' plain-Java steps when every part has one (no allocation per call), and
 * the model's graph otherwise. Each evaluator owns its buffers: one per thread.
 */
public final class Evaluator implements AutoCloseable {
    private final Model model;
    private final int batch;
    private final Part.JavaStep[] steps;
    private final float[][] buffers;
    private final int[] parameterBase;
    private final int[] stateBase;
    private final float[] single;
    private final float[] singleOut;
    private final GraphPass graph;
    private final INDArray graphInput;
    private final INDArray graphState;
    private final INDArray graphStarts;

    Evaluator(Model model, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        this.model = model;
        this.batch = batch;
        int n = model.parts().size();
        Part.JavaStep[] s = new Part.JavaStep[n];
        boolean all = true;
        for (int p = 0; p < n; p++) {
            s[p] = model.parts().get(p).javaStep();
            all &= s[p] != null;
        }
        this.buffers = new float[n][];
        for (int p = 0; p < n; p++) buffers[p] = new float[Model.product(model.parts().get(p).outputShape())];
        this.parameterBase = new int[n];
        this.stateBase = new int[n];
        for (int p = 0; p < n; p++) {
            parameterBase[p] = model.parameterBase(p);
            stateBase[p] = model.stateBase(p);
        }
        this.single = new float[model.inputSize()];
        this.singleOut = new float[model.outputSize()];
        if (all) {
            this.steps = s;
            this.graph = null;
            this.graphInput = this.graphState = this.graphStarts = null;
        } else {
            this.steps = null;
            this.graph = new GraphPass(model, batch, 1, false, DataType.FLOAT);
            long[] shape = new long[model.io().inputShape().length + 1];
            shape[0] = batch;
            for (int i = 1; i < shape.length; i++) shape[i] = model.io().inputShape()[i - 1];
            this.graphInput = Nd4j.create(DataType.FLOAT, shape);
            this.graphState = Nd4j.create(DataType.FLOAT, batch, Math.max(1, model.stateSize()));
            this.graphStarts = Nd4j.create(DataType.FLOAT, batch);
        }
    }

    public Model model() {
        return model;
    }

    /** Whether this evaluator runs in plain Java (true) or through the model's graph (false). */
    public boolean isPlainJava() {
        return steps != null;
    }

    /**
     * Evaluates {@code n <= batch} samples.
     *
     * @param inputs  [n * inputSize], prepared by {@link Model#prepare}
     * @param states  [n * stateSize]: each sample's state, read and overwritten with the next state (zeros at an
     *                episode start); may be null for a stateless model
     * @param outputs receives [n * outputSize]
     */
    public void evaluate(int n, float[] inputs, float[] states, float[] outputs) {
        if (n < 1 || n > batch) throw new IllegalArgumentException("n must be in 1.." + batch + ", got " + n);
        int in = model.inputSize();
        int out = model.outputSize();
        int s = model.stateSize();
        if (steps == null) {
            evaluateGraph(n, inputs, states, outputs);
            return;
        }
        Parameters parameters = model.parameters();
        int last = steps.length - 1;
        for (int k = 0; k < n; k++) {
            float[] x;
            if (n == 1 && inputs.length == in) {
                x = inputs;
            } else {
                System.arraycopy(inputs, k * in, single, 0, in);
                x = single;
            }
            for (int p = 0; p < last; p++) {
                steps[p].step(parameters, parameterBase[p], x, states, k * s + stateBase[p], buffers[p]);
                x = buffers[p];
            }
            boolean direct = n == 1 && outputs != x;   // one sample: straight into the caller's array
            steps[last].step(parameters, parameterBase[last], x, states, k * s + stateBase[last], direct ? outputs : singleOut);
            if (!direct) System.arraycopy(singleOut, 0, outputs, k * out, out);
        }
    }

    private void evaluateGraph(int n, float[] inputs, float[] states, float[] outputs) {
        int in = model.inputSize();
        int s = model.stateSize();
        float[] x = new float[batch * in];
        System.arraycopy(inputs, 0, x, 0, n * in);
        graphInput.data().setData(x);
        INDArray result;
        if (model.isRecurrent()) {
            float[] st = new float[batch * s];
            System.arraycopy(states, 0, st, 0, n * s);
            graphState.data().setData(st);
            result = graph.forward(graphInput, graphState, graphStarts);
            float[] next = graph.finalState().castTo(DataType.FLOAT).dup('c').data().asFloat();
            System.arraycopy(next, 0, states, 0, n * s);
        } else {
            result = graph.forward(graphInput, null, null);
        }
        float[] y = result.castTo(DataType.FLOAT).dup('c').data().asFloat();
        System.arraycopy(y, 0, outputs, 0, n * model.outputSize());
    }

    /**
     * One observation: prepares it (normalisation) and writes the model's output.
     *
     * @param state the sample's state (read and overwritten), or null for a stateless model
     */
    public void evaluate(double[] observation, float[] state, double[] output) {
        model.prepare(observation, single, 0);
        evaluate(1, single, state, singleOut);
        for (int i = 0; i < output.length; i++) output[i] = singleOut[i];
    }

    @Override
    public void close() {
        if (graph != null) {
            graph.close();
            graphInput.close();
            graphState.close();
            graphStarts.close();
        }
    }
}
