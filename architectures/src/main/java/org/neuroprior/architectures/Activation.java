package org.neuroprior.architectures;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Element-wise activations. Each is written here once in every form the project computes it: as a SameDiff op (the
 * definition), on one float (plain-Java steps), in place on a float array, and its derivative expressed through its
 * output, multiplied into a gradient in place (fused backward passes). Adding an activation is one constant here.
 *
 * <p>The array forms are plain loops the JIT compiles to vector instructions; tanh in Java is {@link #tanh(float)},
 * a rational approximation within 4e-7 of the exact value (float rounding), about 100 times as fast as
 * {@code Math.tanh} and 6 times as fast as ND4J's tanh op on this project's machine (BENCHMARKS.md).
 */
public enum Activation {
    IDENTITY((sd, x) -> x, x -> x, (y, from, to) -> { }, (y, g, from, to) -> { }),
    TANH((sd, x) -> sd.math.tanh(x), Activation::tanh,
            (y, from, to) -> {
                for (int i = from; i < to; i++) y[i] = tanh(y[i]);
            },
            (y, g, from, to) -> {
                for (int i = from; i < to; i++) g[i] *= 1 - y[i] * y[i];                      // 1 - y^2
            }),
    RELU((sd, x) -> sd.nn.relu(x, 0.0), x -> x > 0 ? x : 0f,
            (y, from, to) -> {
                for (int i = from; i < to; i++) y[i] = Math.max(y[i], 0f);
            },
            (y, g, from, to) -> {
                // [y > 0] without a branch (a mispredicted one per sample on random signs, 5 times as slow): any y > 0,
                // even the smallest subnormal, times 3.4e38 twice is >= 1; 0 stays 0; clamped to [0, 1].
                for (int i = from; i < to; i++) g[i] *= Math.min(Math.max(y[i] * 3.4e38f * 3.4e38f, 0f), 1f);
            }),
    SIGMOID((sd, x) -> sd.nn.sigmoid(x), x -> (float) (1 / (1 + Math.exp(-x))),
            (y, from, to) -> {
                for (int i = from; i < to; i++) y[i] = (float) (1 / (1 + Math.exp(-y[i])));
            },
            (y, g, from, to) -> {
                for (int i = from; i < to; i++) g[i] *= y[i] * (1 - y[i]);                    // y (1 - y)
            });

    /** A float function of a float, for plain-Java steps. */
    @FunctionalInterface
    interface FloatFunction {
        float apply(float x);
    }

    /** The activation over {@code y[from .. to)}, in place. */
    @FunctionalInterface
    interface ArrayFunction {
        void apply(float[] y, int from, int to);
    }

    /** {@code g[i] *= f'(x_i)} over {@code [from, to)}, where {@code y[i] = f(x_i)}. */
    @FunctionalInterface
    interface ArrayDerivative {
        void multiply(float[] y, float[] g, int from, int to);
    }

    private final BiFunction<SameDiff, SDVariable, SDVariable> graph;
    private final FloatFunction scalar;
    private final ArrayFunction array;
    private final ArrayDerivative derivative;

    Activation(BiFunction<SameDiff, SDVariable, SDVariable> graph, FloatFunction scalar, ArrayFunction array, ArrayDerivative derivative) {
        this.graph = graph;
        this.scalar = scalar;
        this.array = array;
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

    /** Applies the activation to {@code y[from .. to)}, in place. */
    public void apply(float[] y, int from, int to) {
        array.apply(y, from, to);
    }

    /**
     * Multiplies {@code g[from .. to)} by the activation's derivative, given its outputs {@code y} (same indices): the
     * backward pass through the activation, in place.
     */
    public void multiplyByDerivative(float[] y, float[] g, int from, int to) {
        derivative.multiply(y, g, from, to);
    }

    /**
     * tanh in float: Eigen's rational approximation ({@code generic_fast_tanh_float}, a degree-13 odd polynomial over a
     * degree-6 even one, the input clamped to +-7.90531), within 4e-7 of {@code Math.tanh} everywhere (at most 6 ulp;
     * checked by ActivationTest), odd, with |tanh(x)| <= 1, NaN for NaN. Plain float arithmetic, so loops over arrays
     * of it compile to vector instructions.
     */
    public static float tanh(float x) {
        float c = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, x));
        float x2 = c * c;
        float p = -2.76076847742355e-16f;
        p = p * x2 + 2.00018790482477e-13f;
        p = p * x2 + -8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        float q = 1.19825839466702e-06f;
        q = q * x2 + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return Math.max(-1f, Math.min(1f, p * c / q));
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
