package org.neuroprior.architectures.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.HostArrays;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;

/**
 * A fused pass computed in plain Java on float arrays allocated once: it copies the input batch (and, backward, the
 * output gradient) out of ND4J, lets the part compute on the copies, and copies the results into ND4J arrays it
 * owns, with {@link HostArrays}' native bulk copies.
 *
 * <p>Two host passes one after the other in a chain can be {@link #link linked}: the first then writes its output
 * straight into the second's input array, and the second writes dL/d its input straight into the first's output
 * gradient array, so the values between them never go through ND4J (for the conv encoder, about 2 million floats
 * copied out of and back into ND4J per DQN update; BENCHMARKS.md, 2026-12-02). A linked pass's results between the
 * two are null, as nothing outside the chain reads them.
 */
public abstract class HostPass implements Part.FusedPass {
    /** Samples per batch. */
    protected final int rows;
    /** The last forward input, [rows][input size] row-major. */
    protected final float[] input;
    /**
     * The part writes its outputs here, [rows][output size]: its own array, or, once {@link #link linked} to the next
     * pass, that pass's {@link #input}. Read it from the field at every call.
     */
    protected float[] output;
    /** The last backward call's dL/d output, [rows][output size]. */
    protected final float[] outputGradient;
    /** The part writes dL/d input here when it is asked for, [rows][input size]. */
    protected final float[] inputGradient;
    private final INDArray outputArray;
    private final INDArray inputGradientArray;
    /** The host pass this one's output goes to directly ({@link #link}), or null: the output goes to ND4J. */
    private HostPass next;
    /** The host pass whose output is this one's input ({@link #link}), or null: the input comes from ND4J. */
    private HostPass previous;
    /** Receives the parameters' gradients when the caller does not want them ({@code backward} with null). */
    private float[] discard = new float[0];
    private int parameterCount;

    /**
     * @param rows       samples per batch
     * @param inputShape one sample's input shape
     * @param outputSize values per output sample
     */
    protected HostPass(int rows, int[] inputShape, int outputSize) {
        long[] shape = new long[inputShape.length + 1];
        shape[0] = rows;
        int inputSize = 1;
        for (int i = 0; i < inputShape.length; i++) {
            shape[i + 1] = inputShape[i];
            inputSize *= inputShape[i];
        }
        this.rows = rows;
        this.input = new float[rows * inputSize];
        this.output = new float[rows * outputSize];
        this.outputGradient = new float[rows * outputSize];
        this.inputGradient = new float[rows * inputSize];
        this.outputArray = Nd4j.create(DataType.FLOAT, rows, outputSize);
        this.inputGradientArray = Nd4j.create(DataType.FLOAT, shape);
    }

    /**
     * Links {@code first} to {@code second}, the pass after it in a chain, if both are host passes of the same rows
     * whose sizes fit: {@code first}'s {@link Part.FusedPass#forward} then returns null and writes its output into
     * {@code second}'s input, {@code second}'s forward ignores its {@code x} argument (null) and reads that input;
     * {@code second}'s {@link Part.FusedPass#backward} writes dL/d its input into {@code first}'s output gradient
     * and returns null, {@code first}'s ignores its {@code g} argument. A pass links to at most one next and one
     * previous pass; the chain must call them in order (forward first to last, backward last to first).
     *
     * @return whether they were linked (false: they stay as they were, exchanging ND4J arrays)
     */
    public static boolean link(Part.FusedPass first, Part.FusedPass second) {
        if (!(first instanceof HostPass a) || !(second instanceof HostPass b) || a == b) return false;
        if (a.next != null || b.previous != null || a.rows != b.rows || a.output.length != b.input.length) return false;
        a.output = b.input;
        a.next = b;
        b.previous = a;
        return true;
    }

    /** Computes {@link #output} from {@link #input} under {@code parameters} (the part's block starts at {@code base}). */
    protected abstract void compute(Parameters parameters, int base);

    /**
     * Back-propagates {@link #outputGradient} through the last {@link #compute}: adds dL/d parameters into
     * {@code gradient[base ..]} and, if {@code inputGradient} is not null, writes dL/d input into it.
     */
    protected abstract void differentiate(float[] gradient, int base, float[] inputGradient);

    @Override
    public final INDArray forward(Parameters parameters, int base, INDArray x) {
        if (previous == null) HostArrays.read(x, input);
        parameterCount = parameters.size();
        compute(parameters, base);
        if (next != null) return null;   // the output is the next pass's input already
        HostArrays.write(output, outputArray);
        return outputArray;
    }

    @Override
    public final INDArray backward(INDArray g, float[] gradient, int base, boolean wantInput) {
        if (next == null) HostArrays.read(g, outputGradient); // else the next pass wrote it there
        if (gradient == null) {
            if (discard.length != parameterCount) discard = new float[parameterCount];
            else java.util.Arrays.fill(discard, 0f);
            gradient = discard;
        }
        if (previous != null) {
            differentiate(gradient, base, wantInput ? previous.outputGradient : null);
            return null;
        }
        differentiate(gradient, base, wantInput ? inputGradient : null);
        if (!wantInput) return null;
        HostArrays.write(inputGradient, inputGradientArray);
        return inputGradientArray;
    }

    @Override
    public void close() {
        outputArray.close();
        inputGradientArray.close();
    }
}
