package org.neuroprior.architectures.parts;

import java.util.List;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;

/**
 * A gated recurrent unit (Cho et al. 2014) in PyTorch's formulation ({@code torch.nn.GRUCell}): with
 * {@code g_x = x W_x + b_x} and {@code g_h = h W_h + b_h}, each [batch, 3 size] holding the reset, update and new
 * gates' blocks in that order,
 * <pre>
 *   r  = sigmoid(g_x[r] + g_h[r])
 *   z  = sigmoid(g_x[z] + g_h[z])
 *   n  = tanh(g_x[n] + r * g_h[n])
 *   h' = (1 - z) * n + z * h
 * </pre>
 * The output is h', which is also the next state (zeros at an episode start). Parameters {@code W_x} [in, 3 size],
 * {@code W_h} [size, 3 size], {@code b_x}, {@code b_h} [1, 3 size], uniform in +-1/sqrt(size) as PyTorch.
 *
 * @param name       the part's name
 * @param inputShape the input's shape (flattened)
 * @param size       number of units (state size)
 */
public record Gru(String name, int[] inputShape, int size) implements Part {

    public Gru {
        inputShape = inputShape.clone();
        if (size < 1) throw new IllegalArgumentException("gru " + name + " needs size >= 1, got " + size);
    }

    public int in() {
        int n = 1;
        for (int d : inputShape) n *= d;
        return n;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {size};
    }

    @Override
    public int stateSize() {
        return size;
    }

    @Override
    public List<ParameterSpec> parameters() {
        ParameterSpec.Initializer init = ParameterSpec.Initializer.uniformFanIn(size);
        return List.of(new ParameterSpec("W_x", new int[] {in(), 3 * size}, init),
                new ParameterSpec("W_h", new int[] {size, 3 * size}, init),
                new ParameterSpec("b_x", new int[] {1, 3 * size}, init),
                new ParameterSpec("b_h", new int[] {1, 3 * size}, init));
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable h) {
        var sd = scope.sd();
        SDVariable gx = input.reshape(-1, in()).mmul(scope.parameter("W_x")).add(scope.parameter("b_x"));
        SDVariable gh = h.mmul(scope.parameter("W_h")).add(scope.parameter("b_h"));
        SDVariable r = sd.nn.sigmoid(gate(gx, 0).add(gate(gh, 0)));
        SDVariable z = sd.nn.sigmoid(gate(gx, 1).add(gate(gh, 1)));
        SDVariable n = sd.math.tanh(gate(gx, 2).add(r.mul(gate(gh, 2))));
        SDVariable next = n.add(z.mul(h.sub(n))); // (1 - z) n + z h
        return new Output(next, next);
    }

    private SDVariable gate(SDVariable g, int k) {
        return g.get(SDIndex.all(), SDIndex.interval(k * size, (k + 1) * size));
    }

    @Override
    public JavaStep javaStep() {
        int in = in();
        int width = 3 * size;
        float[] gx = new float[width];
        float[] gh = new float[width];
        return (parameters, base, input, state, stateOffset, output) -> {
            float[] p = parameters.array();
            int wx = base;
            int wh = wx + in * width;
            int bx = wh + size * width;
            int bh = bx + width;
            System.arraycopy(p, bx, gx, 0, width);
            System.arraycopy(p, bh, gh, 0, width);
            for (int k = 0; k < in; k++) {
                float xk = input[k];
                int row = wx + k * width;
                for (int j = 0; j < width; j++) gx[j] += xk * p[row + j];
            }
            for (int k = 0; k < size; k++) {
                float hk = state[stateOffset + k];
                int row = wh + k * width;
                for (int j = 0; j < width; j++) gh[j] += hk * p[row + j];
            }
            for (int j = 0; j < size; j++) {
                float r = sigmoid(gx[j] + gh[j]);
                float z = sigmoid(gx[size + j] + gh[size + j]);
                float n = (float) Math.tanh(gx[2 * size + j] + r * gh[2 * size + j]);
                float h = state[stateOffset + j];
                output[j] = n + z * (h - n);
            }
            System.arraycopy(output, 0, state, stateOffset, size);
        };
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }
}
