package org.neuroprior.architectures;

import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Element-wise activations shared by the plain-Java and the SameDiff paths, so both compute the same function. */
public enum Activation {
    IDENTITY,
    TANH,
    RELU;

    /** The activation on one value. */
    public double apply(double x) {
        return switch (this) {
            case IDENTITY -> x;
            case TANH -> Math.tanh(x);
            case RELU -> x > 0 ? x : 0.0;
        };
    }

    /** The activation as a SameDiff op. */
    public SDVariable apply(SameDiff sd, SDVariable x) {
        return switch (this) {
            case IDENTITY -> x;
            case TANH -> sd.math.tanh(x);
            case RELU -> sd.nn.relu(x, 0.0);
        };
    }

    /** Lower-case name as used in options and files ("tanh"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
