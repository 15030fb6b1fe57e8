package org.neuroprior.architectures.parts;

import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.kernels.HostPass;

/**
 * The arithmetic of one NCAP part on float arrays, written once and run two ways: sample by sample as the part's
 * plain-Java step (the kernel is one), and over a batch, forward and backward, as its fused pass ({@link #pass}). A kernel
 * for {@code rows} samples keeps, when asked to trace, what its backward pass needs for each of them.
 */
abstract class NcapKernel implements Part.JavaStep {
    /** The part's effective weights, refreshed from the parameters in {@link #prepare}. */
    protected final NcapCircuit.Effective effective;
    /** dL/d effective weight, [role][joint], filled by {@link #backward}. */
    protected final double[][] effectiveGradient;
    /** The model's parameters (the live vector) and this part's first index in it, as of the last {@link #prepare}. */
    protected float[] params;
    protected int base;

    /** A kernel of {@code part}, for its synapses. */
    NcapKernel(NcapPart part) {
        this.effective = part.circuit.effective(part.roles, part.roleOffsets);
        this.effectiveGradient = new double[part.roles.length][part.joints];
    }

    /** Reads the parameters (refreshing the effective weights if they changed) for the next samples. */
    final void prepare(Parameters parameters, int base) {
        effective.refresh(parameters, base);
        this.params = parameters.array();
        this.base = base;
    }

    /**
     * One sample: input {@code x[in ..]} -> output {@code out[at ..]} and, if {@code trace}, what the backward pass
     * needs at row {@code s} (a plain-Java step skips those stores).
     */
    abstract void sample(float[] x, int in, float[] out, int at, int s, boolean trace);

    /**
     * Back-propagates {@code g} (dL/d output, [rows][output]) through the last {@code rows} traced samples, whose
     * inputs were {@code x} ([rows][input]): adds dL/d parameters into {@code gradient[gradientBase ..]} and, if
     * {@code inputGradient} is not null, writes dL/d input into it.
     */
    final void backward(int rows, float[] x, float[] g, float[] gradient, int gradientBase, float[] inputGradient) {
        for (double[] row : effectiveGradient) java.util.Arrays.fill(row, 0.0);
        accumulate(rows, x, g, gradient, gradientBase, inputGradient);
        effective.backward(effectiveGradient, gradient, gradientBase);
    }

    /**
     * The part's own back-propagation (see {@link #backward}): sums dL/d effective weight into the zeroed
     * {@link #effectiveGradient} (turned into raw parameters' gradients afterwards), adds the gradients of
     * parameters that are not synapses into {@code gradient}, and writes dL/d input if asked.
     */
    protected abstract void accumulate(int rows, float[] x, float[] g, float[] gradient, int gradientBase, float[] inputGradient);

    /**
     * One sample as the part's plain-Java step (a kernel made for one row; the part has no state). The kernel is the
     * step itself, so that a caller that sees one part's steps calls that part's {@link #sample} directly.
     */
    @Override
    public final void step(Parameters parameters, int base, float[] input, float[] state, int stateOffset, float[] output) {
        prepare(parameters, base);
        sample(input, 0, output, 0, 0, false);
    }

    /**
     * A fused pass running a kernel made for {@code rows} samples.
     *
     * @param inputShape one sample's input shape (its product is the input size)
     * @param outputSize values per output sample
     */
    static Part.FusedPass pass(NcapKernel kernel, int rows, int[] inputShape, int outputSize) {
        return new HostPass(rows, inputShape, outputSize) {
            private final int inputSize = input.length / rows;

            @Override
            protected void compute(Parameters parameters, int base) {
                kernel.prepare(parameters, base);
                for (int s = 0; s < rows; s++) kernel.sample(input, s * inputSize, output, s * outputSize, s, true);
            }

            @Override
            protected void differentiate(float[] gradient, int base, float[] inputGradient) {
                kernel.backward(rows, input, outputGradient, gradient, base, inputGradient);
            }
        };
    }
}
