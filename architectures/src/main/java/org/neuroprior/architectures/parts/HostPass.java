package org.neuroprior.architectures.parts;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;

/**
 * A fused pass computed in plain Java on float arrays allocated once: it copies the input batch (and, backward, the
 * output gradient) out of ND4J, lets the part compute on the copies, and copies the results into ND4J arrays it
 * owns. The copies are native bulk copies (JavaCPP's {@code FloatPointer.get/put}), without allocating when an array is
 * dense, row-major and float (the usual case): several times faster than a loop through the buffer's indexer or
 * {@code data().asFloat()}, which also allocates (BENCHMARKS.md, NCAP on the model core).
 */
abstract class HostPass implements Part.FusedPass {
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

    /**
     * @param rows       samples per batch
     * @param inputShape one sample's input shape
     * @param outputSize values per output sample
     */
    HostPass(int rows, int[] inputShape, int outputSize) {
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
        read(x, input);
        compute(parameters, base);
        write(output, outputArray);
        return outputArray;
    }

    @Override
    public final INDArray backward(INDArray g, float[] gradient, int base, boolean wantInput) {
        read(g, outputGradient);
        differentiate(gradient, base, wantInput ? inputGradient : null);
        if (!wantInput) return null;
        write(inputGradient, inputGradientArray);
        return inputGradientArray;
    }

    @Override
    public void close() {
        outputArray.close();
        inputGradientArray.close();
    }

    /** Float, its elements row-major and contiguous in memory (from its strides, read without allocating). */
    private static boolean dense(INDArray a) {
        if (a.dataType() != DataType.FLOAT) return false;
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            long size = a.size(d);
            if (size != 1 && a.stride(d) != expected) return false;
            expected *= size;
        }
        return true;
    }

    /**
     * Copies the values of {@code a} (row-major) into {@code into}.
     *
     * @throws IllegalArgumentException if {@code a} does not have {@code into.length} values
     */
    static void read(INDArray a, float[] into) {
        if (a.length() != into.length) {
            throw new IllegalArgumentException("expected an array of " + into.length + " values, got " + a.length()
                    + " " + java.util.Arrays.toString(a.shape()));
        }
        if (dense(a)) {
            pointer(a).get(into, 0, into.length);
            return;
        }
        try (INDArray copy = Nd4j.createUninitialized(DataType.FLOAT, a.shape(), 'c').assign(a)) { // a view or another type
            pointer(copy).get(into, 0, into.length);
        }
    }

    /** Writes {@code values} into {@code a}, a dense row-major float array of as many values. */
    static void write(float[] values, INDArray a) {
        pointer(a).put(values, 0, values.length);
    }

    /** The native memory of a float array's first element ({@code pointer()} allocates nothing but ignores offsets). */
    private static FloatPointer pointer(INDArray a) {
        DataBuffer d = a.data();
        return (FloatPointer) (d.offset() == 0 ? d.pointer() : d.addressPointer());
    }
}
