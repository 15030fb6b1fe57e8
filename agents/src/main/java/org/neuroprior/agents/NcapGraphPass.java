package org.neuroprior.agents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Ncap;
import org.neuroprior.architectures.NcapPass;

/**
 * An {@link NcapPass} on the variables of the graph that {@link Ncap#define} built: each forward pass reads the
 * graph's current parameter arrays (so a {@link GraphOptimizer} step is seen at the next pass), and the gradients
 * come back as arrays named and shaped like the graph's variables, as {@code calculateGradients} returns them, so
 * the optimiser, its Adam state and checkpoints are the same as with SameDiff's gradients.
 *
 * <p>Not thread-safe; {@link #close} frees the gradient arrays.
 */
public final class NcapGraphPass implements AutoCloseable {
    private final SameDiff sd;
    private final List<String> names = new ArrayList<>();
    private final int[] offsets;
    private final int[] sizes;
    private final NcapPass pass;
    private final float[] params;
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();

    /** For {@code net} defined in {@code sd} under {@code prefix}, on batches of exactly {@code batch} rows. */
    public NcapGraphPass(SameDiff sd, String prefix, Ncap net, int batch) {
        this.sd = sd;
        this.pass = new NcapPass(net, batch);
        this.params = new float[(int) net.parameterCount()];
        List<String> blocks = net.parameterNames();
        this.offsets = new int[blocks.size()];
        this.sizes = new int[blocks.size()];
        int at = 0;
        for (int b = 0; b < blocks.size(); b++) {
            String name = prefix + "/" + blocks.get(b);
            INDArray variable = sd.getVariable(name).getArr();
            names.add(name);
            offsets[b] = at;
            sizes[b] = (int) variable.length();
            at += sizes[b];
            gradients.put(name, Nd4j.create(DataType.FLOAT, variable.shape()));
        }
        if (at != params.length) throw new IllegalStateException("graph holds " + at + " ncap parameters, the network " + params.length);
    }

    public int batch() {
        return pass.batch();
    }

    /**
     * The circuit's outputs ([batch][joints] row-major, owned by this object, valid until the next call) for
     * {@code input} ([batch, inputSize]) under the graph's current parameters.
     */
    public float[] forward(INDArray input) {
        for (int b = 0; b < names.size(); b++) {
            double[] values = GraphOptimizer.flatValues(sd.getVariable(names.get(b)).getArr());
            for (int k = 0; k < sizes[b]; k++) params[offsets[b] + k] = (float) values[k];
        }
        return pass.forward(params, floats(input));
    }

    /**
     * Gradients with respect to the graph's NCAP variables, given the gradient ([batch][joints] row-major) of the
     * loss with respect to the outputs of the last {@link #forward}. The map and its arrays are owned by this object
     * and overwritten by the next call.
     */
    public Map<String, INDArray> backward(float[] outputGradient) {
        double[] flat = pass.backward(outputGradient);
        for (int b = 0; b < names.size(); b++) {
            float[] values = new float[sizes[b]];
            for (int k = 0; k < sizes[b]; k++) values[k] = (float) flat[offsets[b] + k];
            gradients.get(names.get(b)).data().setData(values);
        }
        return gradients;
    }

    /** The row-major values of a float matrix, on the Java heap. */
    private static float[] floats(INDArray input) {
        if (!input.isView() && input.ordering() == 'c' && input.offset() == 0 && input.data().length() == input.length()
                && input.dataType() == DataType.FLOAT) {
            return input.data().asFloat();
        }
        try (INDArray copy = input.castTo(DataType.FLOAT).dup('c')) {
            return copy.data().asFloat();
        }
    }

    @Override
    public void close() {
        for (INDArray g : gradients.values()) {
            if (g.closeable()) g.close();
        }
    }
}
