package org.neuroprior.agents;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.ModelIO;

/** ND4J arrays as agents hand them to models' passes and read them back. */
public final class NdArrays {
    private NdArrays() {
    }

    /** A zero float array for {@code rows} inputs of a model: shape [rows, inputShape...], as {@code BatchPass} takes them. */
    public static INDArray inputs(int rows, ModelIO io) {
        int[] shape = io.inputShape();
        long[] s = new long[shape.length + 1];
        s[0] = rows;
        for (int i = 0; i < shape.length; i++) s[i + 1] = shape[i];
        return Nd4j.create(DataType.FLOAT, s);
    }

    /** An array's values in row-major order, as doubles on the Java heap. */
    public static double[] doubles(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asDouble();
    }
}
