package org.neuroprior.architectures;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small SameDiff helpers shared by the networks: creating variables from the flat parameters and reading them back. */
final class Graphs {
    private Graphs() {
    }

    /** A row-major [rows, cols] array of {@code values[offset..offset + rows * cols)} in {@code type}. */
    static INDArray array(double[] values, int offset, int rows, int cols, DataType type) {
        double[] part = Arrays.copyOfRange(values, offset, offset + rows * cols);
        return Nd4j.create(part, new long[] {rows, cols}, 'c').castTo(type);
    }

    /** A trainable variable holding {@code values[offset..offset + rows * cols)} as [rows, cols]. */
    static SDVariable variable(SameDiff sd, String name, double[] values, int offset, int rows, int cols,
                               DataType type) {
        if (sd.hasVariable(name)) {
            throw new IllegalArgumentException("SameDiff already has a variable named '" + name
                    + "': define each network under its own prefix");
        }
        return sd.var(name, array(values, offset, rows, cols, type));
    }

    /** A named constant [rows, cols] from a row-major array. */
    static SDVariable constant(SameDiff sd, String name, double[] rowMajor, int rows, int cols, DataType type) {
        return sd.constant(name, array(rowMajor, 0, rows, cols, type));
    }

    /** Copies the current value of variable {@code name} (rows * cols values, row-major) into {@code into}. */
    static void read(SameDiff sd, String name, int rows, int cols, double[] into, int offset) {
        if (!sd.hasVariable(name)) {
            throw new IllegalArgumentException("SameDiff has no variable '" + name + "': was define() called with this prefix?");
        }
        INDArray arr = sd.getVariable(name).getArr();
        if (arr == null) throw new IllegalArgumentException("variable '" + name + "' has no value");
        long[] shape = arr.shape();
        if (shape.length != 2 || shape[0] != rows || shape[1] != cols) {
            throw new IllegalArgumentException("variable '" + name + "' has shape " + Arrays.toString(shape)
                    + ", expected [" + rows + ", " + cols + "]");
        }
        // A fresh row-major copy, flattened: toDoubleMatrix() fails on some arrays that SameDiff hands back.
        double[] flat = arr.castTo(DataType.DOUBLE).dup('c').reshape((long) rows * cols).toDoubleVector();
        System.arraycopy(flat, 0, into, offset, rows * cols);
    }

    /** clamp(x, 0, 1) as one differentiable op. */
    static SDVariable clamp01(SameDiff sd, SDVariable x) {
        return sd.math.clipByValue(x, 0.0, 1.0);
    }

    static void checkInput(SDVariable input, int inputSize, String kind) {
        long[] shape = input.getShape();
        if (shape != null && (shape.length != 2 || (shape[1] >= 0 && shape[1] != inputSize))) {
            throw new IllegalArgumentException(kind + " expects input of shape [batch, " + inputSize + "], got "
                    + Arrays.toString(shape));
        }
        if (!input.dataType().isFPType()) {
            throw new IllegalArgumentException(kind + " needs a floating-point input, got " + input.dataType());
        }
    }
}
