package org.neuroprior.architectures.parts;

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
 * An activation applied to every input value, without parameters ({@code nn.ReLU()} as a layer of its own): the
 * first part of a head that reads {@code relu(z)} while the latent z itself stays unbounded.
 *
 * @param name       the part's name
 * @param inputShape the shape of one sample, kept as the output's
 * @param activation applied element-wise
 */
public record Activate(String name, int[] inputShape, Activation activation) implements Part {

    public Activate {
        inputShape = inputShape.clone();
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return inputShape.clone();
    }

    private int size() {
        int n = 1;
        for (int d : inputShape) n *= d;
        return n;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        return new Output(activation.apply(scope.sd(), input), null);
    }

    @Override
    public JavaStep javaStep() {
        int n = size();
        return (parameters, base, input, state, stateOffset, output) -> {
            for (int i = 0; i < n; i++) output[i] = activation.apply(input[i]);
        };
    }

    @Override
    public FusedPass fusedPass(int batch) {
        return new Pass(batch);
    }

    /** Forward and backward on ND4J arrays allocated once. */
    private final class Pass implements FusedPass {
        private final INDArray output;
        private final INDArray inputGradient;

        Pass(int batch) {
            output = Nd4j.create(DataType.FLOAT, batch, size());
            inputGradient = Nd4j.create(DataType.FLOAT, batch, size());
        }

        @Override
        public INDArray forward(Parameters parameters, int base, INDArray input) {
            output.assign(input.reshape(output.shape()));
            activation.applyInPlace(output);
            return output;
        }

        @Override
        public INDArray backward(INDArray outputGradient, float[] gradient, int base, boolean wantInput) {
            if (!wantInput) return null;
            activation.derivativeFromOutput(output, inputGradient);
            inputGradient.muli(outputGradient.reshape(inputGradient.shape()));
            return inputGradient;
        }

        @Override
        public void close() {
            output.close();
            inputGradient.close();
        }
    }
}
