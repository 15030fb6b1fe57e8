package org.neuroprior.agents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Adam (Kingma and Ba 2015) on a flat float vector, with its moments in double precision, saved and restored exactly.
 * PyTorch's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8.
 */
public final class Adam {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[] m;
    private final double[] v;
    private long t;

    public Adam(int size, double learningRate) {
        this(size, learningRate, 0.9, 0.999, 1e-8);
    }

    /** @throws IllegalArgumentException if the learning rate is not > 0 */
    public Adam(int size, double learningRate, double beta1, double beta2, double epsilon) {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new double[size];
        this.v = new double[size];
    }

    public int size() {
        return m.length;
    }

    /** One step down {@code gradient} (dL/d parameters): {@code parameters} move against it. */
    public void descend(float[] parameters, float[] gradient) {
        step(parameters, gradient, -1, learningRate, 0);
    }

    /**
     * One AdamW step (Loshchilov and Hutter 2019, as PyTorch's {@code AdamW}): the parameters first shrink by
     * {@code learningRate x weightDecay} of themselves (decoupled weight decay), then take Adam's step down
     * {@code gradient} with this learning rate (a schedule's value for this step).
     *
     * @param learningRate this step's learning rate (> 0)
     * @param weightDecay  decoupled weight decay (>= 0; 0 is plain Adam)
     */
    public void descend(float[] parameters, float[] gradient, double learningRate, double weightDecay) {
        step(parameters, gradient, -1, learningRate, weightDecay);
    }

    /** One step up {@code direction} (an ascent direction, e.g. evolution strategies' gradient estimate). */
    public void ascend(float[] parameters, double[] direction) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < parameters.length; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * direction[i];
            v[i] = beta2 * v[i] + (1 - beta2) * direction[i] * direction[i];
            parameters[i] += (float) (learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon));
        }
    }

    private void step(float[] parameters, float[] gradient, double sign, double learningRate, double weightDecay) {
        if (parameters.length != m.length || gradient.length != m.length) {
            throw new IllegalArgumentException("Adam over " + m.length + " values got " + parameters.length + " parameters and "
                    + gradient.length + " gradients");
        }
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        double shrink = 1 - learningRate * weightDecay;
        for (int i = 0; i < parameters.length; i++) {
            if (weightDecay != 0) parameters[i] = (float) (parameters[i] * shrink);
            double g = sign * gradient[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            parameters[i] += (float) (learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon));
        }
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(m.length);
        out.writeLong(t);
        for (int i = 0; i < m.length; i++) {
            out.writeDouble(m[i]);
            out.writeDouble(v[i]);
        }
    }

    /** @throws IOException if the saved state is for another number of parameters */
    public void read(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size != m.length) throw new IOException("optimiser state is for " + size + " parameters, this one has " + m.length);
        t = in.readLong();
        for (int i = 0; i < size; i++) {
            m[i] = in.readDouble();
            v[i] = in.readDouble();
        }
    }
}
