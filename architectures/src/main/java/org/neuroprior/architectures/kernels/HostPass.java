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
 */
public abstract class HostPass implements Part.FusedPass {
    /** Samples per batch. */
    protected final int rows;
    /** The last forward input, [rows][input size] row-major. */
    protected final float[] input;
    /** The part writes its outputs here, [rows][output size]. */
    protected final float[] output;
    /** The last backward call's dL/d output, [rows][output size]. */
    protected final float[] outputGradient;
    /** The part writes dL/d input here when it is asked for, [rows][input size]. */
    protected final float[] inputGradient;
    private final INDArray outputArray;
    private final INDArray inputGradientArray;
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

    /** Computes {@link #output} from {@link #input} under {@code parameters} (the part's block starts at {@code base}). */
    protected abstract void compute(Parameters parameters, int base);

    /**
     * Back-propagates {@link #outputGradient} through the last {@link #compute}: adds dL/d parameters into
     * {@code gradient[base ..]} and, if {@code inputGradient} is not null, writes dL/d input into it.
     */
    protected abstract void differentiate(float[] gradient, int base, float[] inputGradient);

    @Override
    public final INDArray forward(Parameters parameters, int base, INDArray x) {
        HostArrays.read(x, input);
        parameterCount = parameters.size();
        compute(parameters, base);
        HostArrays.write(output, outputArray);
        return outputArray;
    }

    @Override
    public final INDArray backward(INDArray g, float[] gradient, int base, boolean wantInput) {
        HostArrays.read(g, outputGradient);
        if (gradient == null) {
            if (discard.length != parameterCount) discard = new float[parameterCount];
            else java.util.Arrays.fill(discard, 0f);
            gradient = discard;
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
