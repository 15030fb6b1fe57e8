package org.neuroprior.architectures.parts;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.HostArrays;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;
import org.neuroprior.architectures.kernels.Gemm;

/**
 * A fully connected layer {@code y = act(x W + b)} on the flattened input (PyTorch's {@code nn.Linear} followed by an
 * activation). Parameters: {@code W} [in, out] (element [k][j] at {@code k * out + j}) and {@code b} [1, out], both
 * initialised uniform in +-1/sqrt(in) as PyTorch does.
 *
 * <p>Its plain-Java step computes in float in the graph's order; its fused pass uses BLAS matrix products on arrays
 * allocated once and does the rest in Java (what made PPO's and DDPG's updates fast: BENCHMARKS.md).
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

    /**
     * Forward and backward over a batch on buffers allocated once: the matrix products, the bias and its gradient with
     * BLAS ({@link Gemm}), the activation and its derivative in Java on copies (native bulk copies; ND4J's element-wise
     * ops cost 10 to 30 us each in overhead, and its tanh is 6 times as slow as {@link Activation#tanh(float)}).
     */
    private final class Pass implements FusedPass {
        private final int batch;
        private final int in;
        private final INDArray weight;
        private final INDArray output;
        private final INDArray delta;
        private final INDArray weightGradient;
        private final INDArray inputGradient;
        /** The input, copied when the caller's is not dense row-major float. */
        private final INDArray denseInput;
        private final INDArray bias;
        private final INDArray biasGradient;
        private final INDArray ones;
        /** The layer's outputs of the last forward, [batch][width] row-major (the derivative reads them). */
        private final float[] y;
        /** dL/d pre-activation of the last backward, [batch][width]. */
        private final float[] dz;
        private final List<INDArray> owned = new ArrayList<>();
        private INDArray input;
        private long version = Long.MIN_VALUE;
        private Parameters synced;

        Pass(int batch) {
            this.batch = batch;
            this.in = in();
            weight = own(Nd4j.create(DataType.FLOAT, in, width));
            output = own(Nd4j.create(DataType.FLOAT, batch, width));
            delta = own(Nd4j.create(DataType.FLOAT, batch, width));
            weightGradient = own(Nd4j.create(DataType.FLOAT, in, width));
            inputGradient = own(Nd4j.create(DataType.FLOAT, batch, in));
            denseInput = own(Nd4j.create(DataType.FLOAT, batch, in));
            bias = own(Nd4j.create(DataType.FLOAT, width));
            biasGradient = own(Nd4j.create(DataType.FLOAT, width));
            ones = own(Nd4j.ones(DataType.FLOAT, batch));
            y = new float[batch * width];
            dz = new float[batch * width];
        }

        private INDArray own(INDArray a) {
            owned.add(a);
            return a;
        }

        /** The weights as ND4J arrays: a cache of the parameters, refreshed (native bulk copies) when they change. */
        private void sync(Parameters parameters, int base) {
            if (parameters == synced && parameters.version() == version) return;
            HostArrays.write(parameters.array(), base, in * width, weight);
            HostArrays.write(parameters.array(), base + in * width, width, bias);
            synced = parameters;
            version = parameters.version();
        }

        @Override
        public INDArray forward(Parameters parameters, int base, INDArray x) {
            sync(parameters, base);
            input = x.rank() == 2 && x.size(0) == batch && x.size(1) == in ? x : x.reshape(batch, in); // a reshape allocates
            if (!HostArrays.dense(input)) input = denseInput.assign(input); // a view or another type
            Gemm.multiply(input, false, weight, false, output);
            Gemm.addToRows(output, ones, bias);
            HostArrays.read(output, y);
            activation.apply(y, 0, y.length);
            HostArrays.write(y, output);
            return output;
        }

        @Override
        public INDArray backward(INDArray outputGradient, float[] gradient, int base, boolean wantInput) {
            HostArrays.read(outputGradient, dz);
            activation.multiplyByDerivative(y, dz, 0, dz.length);
            HostArrays.write(dz, delta);
            if (gradient != null) { // the part's block is zero on entry (FusedPass#backward)
                Gemm.multiply(input, true, delta, false, weightGradient);
                HostArrays.read(weightGradient, gradient, base);
                Gemm.sumRows(delta, ones, biasGradient);
                HostArrays.read(biasGradient, gradient, base + in * width);
            }
            if (!wantInput) return null;
            Gemm.multiply(delta, false, weight, true, inputGradient);
            return inputGradient;
        }

        @Override
        public void close() {
            for (INDArray a : owned) if (a.closeable()) a.close();
            owned.clear();
        }
    }
}
