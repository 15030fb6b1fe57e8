package org.neuroprior.agents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Stochastic gradient descent with momentum and (coupled, L2) weight decay on a flat float vector, as PyTorch's
 * {@code torch.optim.SGD} (dampening 0, not Nesterov): {@code g = gradient + weightDecay x p}, {@code b = momentum x b + g}
 * (b = g at the first step), {@code p -= learningRate x b}. The momentum buffer is kept in double precision and saved
 * and restored exactly.
 */
public final class Sgd {
    private final double momentum;
    private final double weightDecay;
    private final double[] buffer;
    private long t;

    /**
     * @param size        number of parameters
     * @param momentum    in [0, 1)
     * @param weightDecay L2 penalty coefficient, >= 0
     * @throws IllegalArgumentException if momentum or weight decay is out of range
     */
    public Sgd(int size, double momentum, double weightDecay) {
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must lie in [0, 1), got " + momentum);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.buffer = new double[size];
    }

    /** One step down {@code gradient} (dL/d parameters) with this step's learning rate. */
    public void descend(float[] parameters, float[] gradient, double learningRate) {
        if (parameters.length != buffer.length || gradient.length != buffer.length) {
            throw new IllegalArgumentException("SGD over " + buffer.length + " values got " + parameters.length + " parameters and "
                    + gradient.length + " gradients");
        }
        for (int i = 0; i < parameters.length; i++) {
            double g = gradient[i] + weightDecay * parameters[i];
            buffer[i] = t == 0 ? g : momentum * buffer[i] + g;
            parameters[i] -= (float) (learningRate * buffer[i]);
        }
        t++;
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(buffer.length);
        out.writeLong(t);
        for (double b : buffer) out.writeDouble(b);
    }

    /** @throws IOException if the saved state is for another number of parameters */
    public void read(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size != buffer.length) throw new IOException("optimiser state is for " + size + " parameters, this one has " + buffer.length);
        t = in.readLong();
        for (int i = 0; i < size; i++) buffer[i] = in.readDouble();
    }
}
