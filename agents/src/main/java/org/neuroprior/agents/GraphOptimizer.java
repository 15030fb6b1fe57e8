package org.neuroprior.agents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains the variables of a SameDiff graph whose names start with a prefix: SameDiff computes the gradients,
 * a {@link FlatAdam} on one flat vector applies them. Keeping the parameters and optimiser state as plain double
 * arrays makes checkpoints exact and independent of ND4J's internals.
 */
public final class GraphOptimizer {
    private final SameDiff sd;
    private final List<String> names;
    private final double[] flat;
    private final double[] direction;
    private final FlatAdam adam;

    /** Trains every trainable variable of {@code sd} named {@code prefixes[i] + "/..."} or exactly a prefix. */
    public GraphOptimizer(SameDiff sd, double learningRate, String... prefixes) {
        this.sd = sd;
        this.names = sd.variables().stream()
                .filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name)
                .filter(n -> matches(n, prefixes))
                .sorted()
                .toList();
        if (names.isEmpty()) throw new IllegalArgumentException("no trainable variables under " + String.join(", ", prefixes));
        long size = 0;
        for (String n : names) size += sd.getVariable(n).getArr().length();
        this.flat = new double[Math.toIntExact(size)];
        this.direction = new double[flat.length];
        this.adam = new FlatAdam(flat.length, learningRate);
        readFromGraph();
    }

    private static boolean matches(String name, String[] prefixes) {
        for (String p : prefixes) {
            if (name.equals(p) || name.startsWith(p + "/")) return true;
        }
        return false;
    }

    public List<String> variableNames() {
        return names;
    }

    /**
     * One Adam step down the gradients (as returned by {@code sd.calculateGradients} for {@link #variableNames()}),
     * then frees the gradients' native memory.
     */
    public void descend(Map<String, INDArray> gradients) {
        descend(gradients, true);
    }

    /** One Adam step down the gradients; frees them if {@code free} (not when the caller reuses the arrays). */
    public void descend(Map<String, INDArray> gradients, boolean free) {
        int at = 0;
        for (String n : names) {
            INDArray g = gradients.get(n);
            if (g == null) throw new IllegalStateException("no gradient for variable " + n);
            double[] values = flatValues(g);
            if (values.length != sd.getVariable(n).getArr().length()) {
                throw new IllegalStateException("gradient of " + n + " has " + values.length + " values, the variable "
                        + sd.getVariable(n).getArr().length());
            }
            for (double v : values) direction[at++] = -v;
        }
        adam.ascend(flat, direction);
        writeToGraph();
        if (!free) return;
        for (INDArray g : gradients.values()) {
            if (g.closeable()) g.close(); // the caller's gradients are spent: free their native memory now
        }
    }

    private void readFromGraph() {
        int at = 0;
        for (String n : names) {
            double[] values = flatValues(sd.getVariable(n).getArr());
            System.arraycopy(values, 0, flat, at, values.length);
            at += values.length;
        }
    }

    /** The array's values in row-major order (never its whole backing buffer, which a cache may have made larger). */
    public static double[] flatValues(INDArray array) {
        if (isPlain(array)) return array.data().asDouble(); // a copy on the Java heap, no native temporaries
        try (INDArray copy = array.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c')) {
            return copy.reshape(array.length()).toDoubleVector();
        }
    }

    /** A row-major array that owns exactly its buffer, from its start. */
    private static boolean isPlain(INDArray array) {
        return !array.isView() && array.ordering() == 'c' && array.offset() == 0 && array.data().length() == array.length();
    }

    private void writeToGraph() {
        int at = 0;
        for (String n : names) {
            INDArray arr = sd.getVariable(n).getArr();
            int len = (int) arr.length();
            double[] slice = java.util.Arrays.copyOfRange(flat, at, at + len);
            if (isPlain(arr) && arr.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
                float[] values = new float[len];
                for (int i = 0; i < len; i++) values[i] = (float) slice[i];
                arr.data().setData(values); // in place: no native temporaries on every optimiser step
            } else if (isPlain(arr) && arr.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
                arr.data().setData(slice);
            } else {
                try (INDArray source = org.nd4j.linalg.factory.Nd4j.createFromArray(slice)) {
                    arr.assign(source.reshape(arr.shape()).castTo(arr.dataType()));
                }
            }
            at += len;
        }
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(flat.length);
        for (double v : flat) out.writeDouble(v);
        adam.write(out);
    }

    public void read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n != flat.length) throw new IOException("checkpoint holds " + n + " graph parameters; this graph has " + flat.length);
        for (int i = 0; i < n; i++) flat[i] = in.readDouble();
        adam.read(in);
        writeToGraph();
    }
}
