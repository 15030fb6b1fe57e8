package org.neuroprior.agents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Adam (Kingma and Ba 2015) on a flat float vector, in single precision and in PyTorch's order of operations
 * ({@code torch.optim.Adam}): {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g^2}, then the
 * parameters move by {@code lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)}. PyTorch's defaults:
 * beta1 0.9, beta2 0.999, epsilon 1e-8. Its state is saved and restored exactly (the moments are written as
 * doubles, the format of the earlier double-precision moments, so older checkpoints still load, rounded to float).
 *
 * <p>Single precision lets the JIT compile the loop to vector instructions: about 20 times as fast as the same loop
 * with double moments, which was a large share of a DDPG update (BENCHMARKS.md, updates against PyTorch).
 */
public final class Adam {
    private final double learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float[] m;
    private final float[] v;
    private long t;

    public Adam(int size, double learningRate) {
        this(size, learningRate, 0.9, 0.999, 1e-8);
    }

    /** @throws IllegalArgumentException if the learning rate is not > 0 */
    public Adam(int size, double learningRate, double beta1, double beta2, double epsilon) {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        this.learningRate = learningRate;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        this.m = new float[size];
        this.v = new float[size];
    }

    public int size() {
        return m.length;
    }

    /** One step down {@code gradient} (dL/d parameters): {@code parameters} move against it. */
    public void descend(float[] parameters, float[] gradient) {
        descend(parameters, gradient, learningRate, 0);
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
        check(parameters.length, gradient.length);
        t++;
        float step = stepSize(learningRate);
        float correction = correction();
        float b1 = beta1;
        float b2 = beta2;
        float eps = epsilon;
        if (weightDecay != 0) {
            float shrink = (float) (1 - learningRate * weightDecay);
            for (int i = 0; i < parameters.length; i++) parameters[i] *= shrink;
        }
        for (int i = 0; i < parameters.length; i++) {
            float g = gradient[i];
            float mi = b1 * m[i] + (1 - b1) * g;
            float vi = b2 * v[i] + (1 - b2) * g * g;
            m[i] = mi;
            v[i] = vi;
            parameters[i] -= step * mi / ((float) Math.sqrt(vi) / correction + eps);
        }
    }

    /** One step up {@code direction} (an ascent direction, e.g. evolution strategies' gradient estimate). */
    public void ascend(float[] parameters, double[] direction) {
        check(parameters.length, direction.length);
        t++;
        float step = stepSize(learningRate);
        float correction = correction();
        for (int i = 0; i < parameters.length; i++) {
            float g = (float) direction[i];
            float mi = beta1 * m[i] + (1 - beta1) * g;
            float vi = beta2 * v[i] + (1 - beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            parameters[i] += step * mi / ((float) Math.sqrt(vi) / correction + epsilon);
        }
    }

    /** lr / (1 - beta1^t). */
    private float stepSize(double learningRate) {
        return (float) (learningRate / (1 - Math.pow(beta1, t)));
    }

    /** sqrt(1 - beta2^t). */
    private float correction() {
        return (float) Math.sqrt(1 - Math.pow(beta2, t));
    }

    private void check(int parameters, int gradient) {
        if (parameters != m.length || gradient != m.length) {
            throw new IllegalArgumentException("Adam over " + m.length + " values got " + parameters + " parameters and " + gradient
                    + " gradients");
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
            m[i] = (float) in.readDouble();
            v[i] = (float) in.readDouble();
        }
    }
}
