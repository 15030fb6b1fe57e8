package org.neuroprior.architectures;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Element-wise activations. Each is written here once in every form the project computes it: as a SameDiff op (the
 * definition), on one float (plain-Java steps), in place on an ND4J array, and its derivative expressed through its
 * output (fused backward passes). Adding an activation is one constant here.
 */
public enum Activation {
    IDENTITY((sd, x) -> x, x -> x, y -> { }, (y, d) -> d.assign(1.0)),
    TANH((sd, x) -> sd.math.tanh(x), x -> (float) Math.tanh(x),
            y -> Nd4j.getExecutioner().exec(new Tanh(y, y)),
            (y, d) -> d.assign(y).muli(y).rsubi(1.0)),                           // 1 - y^2
    RELU((sd, x) -> sd.nn.relu(x, 0.0), x -> x > 0 ? x : 0f,
            y -> Nd4j.getExecutioner().exec(new RectifiedLinear(y, y, 0.0)),
            (y, d) -> Nd4j.getExecutioner().exec(new Step(y, d, 0.0))),           // [y > 0]
    SIGMOID((sd, x) -> sd.nn.sigmoid(x), x -> (float) (1 / (1 + Math.exp(-x))),
            y -> Nd4j.getExecutioner().exec(new Sigmoid(y, y)),
            (y, d) -> d.assign(y).rsubi(1.0).muli(y));                           // y (1 - y)

    /** A float function of a float, for plain-Java steps. */
    @FunctionalInterface
    interface FloatFunction {
        float apply(float x);
    }

    private final BiFunction<SameDiff, SDVariable, SDVariable> graph;
    private final FloatFunction scalar;
    private final Consumer<INDArray> inPlace;
    private final BiConsumer<INDArray, INDArray> derivative;

    Activation(BiFunction<SameDiff, SDVariable, SDVariable> graph, FloatFunction scalar, Consumer<INDArray> inPlace,
               BiConsumer<INDArray, INDArray> derivative) {
        this.graph = graph;
        this.scalar = scalar;
        this.inPlace = inPlace;
        this.derivative = derivative;
    }

    /** The activation as a SameDiff op (the definition). */
    public SDVariable apply(SameDiff sd, SDVariable x) {
        return graph.apply(sd, x);
    }

    /** The activation of one value. */
    public float apply(float x) {
        return scalar.apply(x);
    }

    /** Applies the activation to every element of {@code y}, in place. */
    public void applyInPlace(INDArray y) {
        inPlace.accept(y);
    }

    /** Writes d activation / d x into {@code into}, given the activation's output {@code y} (same shape). */
    public void derivativeFromOutput(INDArray y, INDArray into) {
        derivative.accept(y, into);
    }

    /** Lower-case name as used in options and files ("tanh"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation named {@code id} (any case). */
    public static Activation of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** The names of {@code these}, for option choices. */
    public static List<String> ids(Activation... these) {
        return Arrays.stream(these).map(Activation::id).toList();
    }
}
