package org.neuroprior.architectures.parts;

import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;
import org.neuroprior.architectures.kernels.HostPass;

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
            System.arraycopy(input, 0, output, 0, n);
            activation.apply(output, 0, n);
        };
    }

    @Override
    public FusedPass fusedPass(int batch) {
        int n = batch * size();
        return new HostPass(batch, inputShape, size()) {
            @Override
            protected void compute(Parameters parameters, int base) {
                System.arraycopy(input, 0, output, 0, n);
                activation.apply(output, 0, n);
            }

            @Override
            protected void differentiate(float[] gradient, int base, float[] inputGradient) {
                if (inputGradient == null) return;
                System.arraycopy(outputGradient, 0, inputGradient, 0, n);
                activation.multiplyByDerivative(output, inputGradient, 0, n);
            }
        };
    }
}
