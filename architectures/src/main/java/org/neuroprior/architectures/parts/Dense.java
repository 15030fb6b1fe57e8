package org.neuroprior.architectures.parts;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;

/**
 * A fully connected layer {@code y = act(x W + b)} on the flattened input (PyTorch's {@code nn.Linear} followed by an
 * activation). Parameters: {@code W} [in, out] (element [k][j] at {@code k * out + j}) and {@code b} [1, out], both
 * initialised uniform in +-1/sqrt(in) as PyTorch does.
 *
 * <p>Its plain-Java step computes in float in the graph's order; its fused pass uses BLAS matrix products on arrays
 * allocated once (what made PPO's MLP updates fast: BENCHMARKS.md).
 *
 * @param name       the part's name, e.g. {@code dense0}
 * @param inputShape the input's shape (flattened: {@code in} is its product)
 * @param width      number of outputs
 * @param activation applied to every output
 */
public record Dense(String name, int[] inputShape, int width, Activation activation) implements Part {

    public Dense {
        inputShape = inputShape.clone();
        if (width < 1) throw new IllegalArgumentException("dense layer " + name + " needs a width >= 1, got " + width);
    }

    /**
     * Fully connected layers of {@code widths}, one after the other, named {@code prefix0, prefix1, ...}, all with
     * {@code activation}; the first reads {@code inputShape}. An empty list gives no layers.
     */
    public static java.util.List<Dense> chain(String prefix, int[] inputShape, java.util.List<Integer> widths, Activation activation) {
        java.util.List<Dense> layers = new ArrayList<>();
        int[] shape = inputShape;
        for (int l = 0; l < widths.size(); l++) {
            Dense layer = new Dense(prefix + l, shape, widths.get(l), activation);
            layers.add(layer);
            shape = layer.outputShape();
        }
        return layers;
    }

    /** Number of inputs (the flattened input shape). */
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
        return new int[] {width};
    }

    @Override
    public List<ParameterSpec> parameters() {
        ParameterSpec.Initializer init = ParameterSpec.Initializer.uniformFanIn(in());
        return List.of(new ParameterSpec("W", new int[] {in(), width}, init), new ParameterSpec("b", new int[] {1, width}, init));
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SDVariable x = input.reshape(-1, in());
        SDVariable y = x.mmul(scope.parameter("W")).add(scope.parameter("b"));
        return new Output(activation.apply(scope.sd(), y), null);
    }

    @Override
    public JavaStep javaStep() {
        int in = in();
        return (parameters, base, input, state, stateOffset, output) -> {
            float[] p = parameters.array();
            int bias = base + in * width;
            System.arraycopy(p, bias, output, 0, width);
            for (int k = 0; k < in; k++) {
                float xk = input[k];
                int row = base + k * width;
                for (int j = 0; j < width; j++) output[j] += xk * p[row + j];
            }
            for (int j = 0; j < width; j++) output[j] = activation.apply(output[j]);
        };
    }

    @Override
    public FusedPass fusedPass(int batch) {
        return new Pass(batch);
    }

    /** Forward and backward over a batch with BLAS on buffers allocated once. */
    private final class Pass implements FusedPass {
        private final int batch;
        private final INDArray weight;
        private final INDArray bias;
        private final INDArray output;
        private final INDArray delta;
        private final INDArray weightGradient;
        private final INDArray biasGradient;
        private final INDArray inputGradient;
        private final INDArray ones;
        private final float[] scratch;
        private final List<INDArray> owned = new ArrayList<>();
        private INDArray input;
        private long version = Long.MIN_VALUE;
        private Parameters synced;

        Pass(int batch) {
            this.batch = batch;
            int in = in();
            weight = own(Nd4j.create(DataType.FLOAT, in, width));
            bias = own(Nd4j.create(DataType.FLOAT, 1, width));
            output = own(Nd4j.create(DataType.FLOAT, batch, width));
            delta = own(Nd4j.create(DataType.FLOAT, batch, width));
            weightGradient = own(Nd4j.create(DataType.FLOAT, in, width));
            biasGradient = own(Nd4j.create(DataType.FLOAT, 1, width));
            inputGradient = own(Nd4j.create(DataType.FLOAT, batch, in));
            ones = own(Nd4j.ones(DataType.FLOAT, 1, batch));
            scratch = new float[in * width];
        }

        private INDArray own(INDArray a) {
            owned.add(a);
            return a;
        }

        /** The weights as ND4J arrays: a cache of the parameters, refreshed when they change. */
        private void sync(Parameters parameters, int base) {
            if (parameters == synced && parameters.version() == version) return;
            float[] p = parameters.array();
            int in = in();
            System.arraycopy(p, base, scratch, 0, in * width);
            weight.data().setData(scratch);
            bias.data().setData(java.util.Arrays.copyOfRange(p, base + in * width, base + in * width + width));
            synced = parameters;
            version = parameters.version();
        }

        @Override
        public INDArray forward(Parameters parameters, int base, INDArray x) {
            sync(parameters, base);
            input = x.reshape(batch, in());
            Nd4j.gemm(input, weight, output, false, false, 1.0, 0.0);
            output.addiRowVector(bias);
            activation.applyInPlace(output);
            return output;
        }

        @Override
        public INDArray backward(INDArray outputGradient, float[] gradient, int base, boolean wantInput) {
            activation.derivativeFromOutput(output, delta);
            delta.muli(outputGradient.reshape(batch, width));
            Nd4j.gemm(input, delta, weightGradient, true, false, 1.0, 0.0);
            Nd4j.gemm(ones, delta, biasGradient, false, false, 1.0, 0.0);
            add(weightGradient, gradient, base);
            add(biasGradient, gradient, base + in() * width);
            if (!wantInput) return null;
            Nd4j.gemm(delta, weight, inputGradient, false, true, 1.0, 0.0);
            return inputGradient;
        }

        private static void add(INDArray g, float[] into, int offset) {
            float[] values = g.data().asFloat();
            for (int i = 0; i < values.length; i++) into[offset + i] += values[i];
        }

        @Override
        public void close() {
            for (INDArray a : owned) if (a.closeable()) a.close();
            owned.clear();
        }
    }
}
