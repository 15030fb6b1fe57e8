package org.neuroprior.architectures;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A fully connected network, the baseline that NCAP is compared against (tonic's actor and critic torsos).
 *
 * <p>Initialisation is PyTorch's default for {@code nn.Linear} (what tonic uses): weights and biases uniform in
 * {@code ±1/sqrt(fan_in)}, drawn from a {@link SplittableRandom} seeded with the given seed, layer by layer in the
 * flat order below. (Not orthogonal.)
 *
 * <p>Flat parameter order, layer by layer from the input: {@code W_l} row-major as {@code [in_l][out_l]}
 * (element {@code [k][j]} at {@code k * out_l + j}), then {@code b_l} ({@code out_l} values). SameDiff variables are
 * {@code prefix/W<l>} of shape [in_l, out_l] and {@code prefix/b<l>} of shape [1, out_l], l = 0 for the first layer.
 *
 * <p>An instance is single-threaded: {@link #forward} writes into preallocated buffers; use {@link #copy()} for
 * another thread.
 */
public final class Mlp implements ConfiguredNetwork {
    private final int inputSize;
    private final int outputSize;
    private final MlpOptions options;
    /** Layer widths: sizes[0] = input, sizes[last] = output. */
    private final int[] sizes;
    /** Offset of W_l in {@link #params}; b_l follows W_l. */
    private final int[] offsets;
    private final double[] params;
    /** One buffer per hidden layer (reused by forward). */
    private final double[][] buffers;

    /** A new MLP initialised from {@code seed}. */
    public Mlp(int inputSize, int outputSize, MlpOptions options, long seed) {
        if (inputSize < 1) throw new IllegalArgumentException("mlp inputSize must be >= 1, got " + inputSize);
        if (outputSize < 1) throw new IllegalArgumentException("mlp outputSize must be >= 1, got " + outputSize);
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.options = options;
        int layers = options.hidden().size() + 1;
        sizes = new int[layers + 1];
        sizes[0] = inputSize;
        for (int l = 0; l < options.hidden().size(); l++) sizes[l + 1] = options.hidden().get(l);
        sizes[layers] = outputSize;
        offsets = new int[layers];
        long count = 0;
        for (int l = 0; l < layers; l++) {
            offsets[l] = (int) count;
            count += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
            if (count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("mlp too large: " + count + " parameters");
        }
        params = new double[(int) count];
        buffers = new double[layers - 1][];
        for (int l = 0; l < layers - 1; l++) buffers[l] = new double[sizes[l + 1]];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < layers; l++) {
            double bound = 1.0 / Math.sqrt(sizes[l]);
            int n = sizes[l] * sizes[l + 1] + sizes[l + 1];
            for (int i = 0; i < n; i++) params[offsets[l] + i] = rng.nextDouble(-bound, bound);
        }
    }

    private Mlp(Mlp other) {
        this(other.inputSize, other.outputSize, other.options, 0L);
        System.arraycopy(other.params, 0, params, 0, params.length);
    }

    @Override
    public String kind() {
        return "mlp";
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    public MlpOptions mlpOptions() {
        return options;
    }

    @Override
    public Map<String, Object> options() {
        return options.toMap();
    }

    @Override
    public long parameterCount() {
        return params.length;
    }

    @Override
    public double[] parameters() {
        return params.clone();
    }

    @Override
    public void setParameters(double[] values) {
        if (values.length != params.length) {
            throw new IllegalArgumentException("mlp has " + params.length + " parameters, got " + values.length);
        }
        System.arraycopy(values, 0, params, 0, params.length);
    }

    @Override
    public void forward(double[] input, double[] output) {
        if (input.length != inputSize || output.length != outputSize) {
            throw new IllegalArgumentException("mlp expects input length " + inputSize + " and output length "
                    + outputSize + ", got " + input.length + " and " + output.length);
        }
        int layers = offsets.length;
        double[] x = input;
        for (int l = 0; l < layers; l++) {
            boolean last = l == layers - 1;
            double[] y = last ? output : buffers[l];
            int in = sizes[l];
            int out = sizes[l + 1];
            int w = offsets[l];
            int b = w + in * out;
            System.arraycopy(params, b, y, 0, out);
            for (int k = 0; k < in; k++) {
                double xk = x[k];
                int row = w + k * out;
                for (int j = 0; j < out; j++) y[j] += xk * params[row + j];
            }
            Activation act = last ? options.output() : options.activation();
            if (act != Activation.IDENTITY) for (int j = 0; j < out; j++) y[j] = act.apply(y[j]);
            x = y;
        }
    }

    @Override
    public SDVariable define(SameDiff sd, String prefix, SDVariable input) {
        Graphs.checkInput(input, inputSize, "mlp");
        DataType type = input.dataType();
        int layers = offsets.length;
        SDVariable x = input;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            SDVariable w = Graphs.variable(sd, prefix + "/W" + l, params, offsets[l], in, out, type);
            SDVariable b = Graphs.variable(sd, prefix + "/b" + l, params, offsets[l] + in * out, 1, out, type);
            x = x.mmul(w).add(b);
            x = (l == layers - 1 ? options.output() : options.activation()).apply(sd, x);
        }
        return x;
    }

    @Override
    public void pull(SameDiff sd, String prefix) {
        double[] next = params.clone();
        for (int l = 0; l < offsets.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            Graphs.read(sd, prefix + "/W" + l, in, out, next, offsets[l]);
            Graphs.read(sd, prefix + "/b" + l, 1, out, next, offsets[l] + in * out);
        }
        System.arraycopy(next, 0, params, 0, params.length);
    }

    @Override
    public Mlp copy() {
        return new Mlp(this);
    }

    @Override
    public String toString() {
        return "Mlp" + Arrays.toString(sizes) + " " + options.activation().id() + "/" + options.output().id()
                + " (" + params.length + " parameters)";
    }
}
