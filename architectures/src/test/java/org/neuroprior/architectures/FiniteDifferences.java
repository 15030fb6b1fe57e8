package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central finite differences of {@code loss = sum(output * weights)} through a stateless model's DOUBLE graph, against
 * the graph's own backward pass: the check that a definition's gradients are its function's derivatives. The
 * parameters are floats, so each difference divides by the step actually taken ({@code (double) up - down}).
 */
final class FiniteDifferences implements AutoCloseable {
    private final Model model;
    private final int rows;
    private final long[] shape;
    private final float[] inputs;
    private final float[] weights;
    private final BatchPass graph;
    private final INDArray x;
    private final float[] analytic;
    private final float[] analyticInput;

    /**
     * Runs the graph forward and backward once.
     *
     * @param inputs  {@code rows} samples, flattened
     * @param weights {@code rows * outputSize} loss weights
     */
    FiniteDifferences(Model model, float[] inputs, float[] weights) {
        this.model = model;
        this.rows = inputs.length / model.inputSize();
        int[] in = model.io().inputShape();
        this.shape = new long[in.length + 1];
        shape[0] = rows;
        for (int i = 0; i < in.length; i++) shape[i + 1] = in[i];
        this.inputs = inputs;
        this.weights = weights;
        this.graph = model.graphPass(rows, 1, true, DataType.DOUBLE);
        this.x = Nd4j.create(inputs, shape, 'c');
        graph.forward(x, null, null);
        this.analytic = graph.backward(Nd4j.create(weights, new long[] {rows, model.outputSize()}, 'c'), null).clone();
        this.analyticInput = graph.inputGradient().castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** The backward pass's d loss / d parameters. */
    float[] analytic() {
        return analytic;
    }

    /**
     * Asserts d loss / d parameter {@code i} against central differences of step {@code step}, within
     * {@code tolerance (1 + |numeric|)}.
     *
     * @return the numeric derivative
     */
    double parameter(String what, int i, float step, double tolerance) {
        float[] p = model.parameters().toArray();
        float keep = p[i];
        float up = keep + step;
        float down = keep - step;
        p[i] = up;
        model.parameters().set(p);
        double lossUp = loss(x);
        p[i] = down;
        model.parameters().set(p);
        double lossDown = loss(x);
        p[i] = keep;
        model.parameters().set(p);
        double numeric = (lossUp - lossDown) / ((double) up - down);
        assertEquals(numeric, analytic[i], tolerance * (1 + Math.abs(numeric)), what + ": d loss / d parameter " + i);
        return numeric;
    }

    /** As {@link #parameter} for input value {@code at} (index into the flattened inputs). */
    double input(String what, int at, float step, double tolerance) {
        float keep = inputs[at];
        float up = keep + step;
        float down = keep - step;
        inputs[at] = up;
        double lossUp = loss(Nd4j.create(inputs, shape, 'c'));
        inputs[at] = down;
        double lossDown = loss(Nd4j.create(inputs, shape, 'c'));
        inputs[at] = keep;
        double numeric = (lossUp - lossDown) / ((double) up - down);
        assertEquals(numeric, analyticInput[at], tolerance * (1 + Math.abs(numeric)), what + ": d loss / d input[" + at + "]");
        return numeric;
    }

    private double loss(INDArray in) {
        double[] y = graph.forward(in, null, null).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double sum = 0;
        for (int i = 0; i < y.length; i++) sum += y[i] * weights[i];
        return sum;
    }

    /** Closes the graph. */
    @Override
    public void close() {
        graph.close();
    }
}
