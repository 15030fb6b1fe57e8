package org.neuroprior.architectures.parts;

import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.kernels.ConvKernel;
import org.neuroprior.architectures.kernels.HostPass;

/**
 * The fused pass of a {@link Conv2D}: the project's convolution kernel ({@link ConvKernel}: im2col and BLAS) with
 * stride 1 and no padding, then the activation, on buffers allocated once.
 */
final class ConvPass extends HostPass {
    private final Activation activation;
    private final int weights;
    private final ConvKernel kernel;
    /** The parameters of the last forward pass, which the backward pass differentiates at. */
    private float[] parameters;
    private int base;

    ConvPass(Conv2D part, int batch) {
        super(batch, part.inputShape(), size(part.outputShape()));
        this.activation = part.activation();
        int[] in = part.inputShape();
        this.weights = part.kernel() * part.kernel() * in[2] * part.channels();
        this.kernel = new ConvKernel(batch, in[0], in[1], in[2], part.channels(), part.kernel(), 1, ConvKernel.Padding.VALID);
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    @Override
    protected void compute(Parameters parameters, int base) {
        this.parameters = parameters.array();
        this.base = base;
        kernel.forward(input, 0, this.parameters, base, this.parameters, base + weights, output, 0);
        activation.apply(output, 0, output.length);
    }

    @Override
    protected void differentiate(float[] gradient, int base, float[] inputGradient) {
        // dL/d(pre-activation), in place in the output gradient's buffer (read again only by the next backward's copy).
        float[] delta = outputGradient;
        activation.multiplyByDerivative(output, delta, 0, delta.length);
        // The chain has not changed the input or the parameters since the forward pass: its patches serve again.
        kernel.backwardAfterForward(input, 0, parameters, this.base, delta, 0, gradient, base, gradient, base + weights, inputGradient, 0);
    }

    @Override
    public void close() {
        super.close();
        kernel.close();
    }
}
