package org.neuroprior.architectures.tactile;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.LayerNorm;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.ParameterSpec.Initializer;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;

/**
 * The state-space baseline of Chung et al. (2025), an S4 encoder, here with S4D-Real layers (Gu et al. 2022, "On the
 * parameterization and initialization of diagonal state space models"): a diagonal linear recurrence per channel,
 * computed as a causal convolution over time. Input {@code [F, 35, 6]} whisker frames, output {@code [T, d]}.
 *
 * <p>Each {@link TactileGrid} image (30 x 5 x 7 values) is flattened and mapped to {@code d} channels by a dense
 * layer. Then {@code layers} blocks, each {@code u <- LN(u + W gelu(y) + b)} (LN: {@link LayerNorm}; post-norm
 * residual, S4's example model, with a dense output layer instead of its GLU), where for every channel h
 * independently
 * <pre>
 *   x_t = exp(dt_h A_h) x_{t-1} + (exp(dt_h A_h) - 1) / A_h u_t     (zero-order hold, B = 1, N states)
 *   y_t = C_h . x_t + D_h u_t
 * </pre>
 * with {@code A_h = -exp(log_a)} (initialised {@code -(n + 1)}, n = 0 .. N-1), {@code dt = exp(log_dt)} (log-uniform
 * in [0.001, 0.1]), {@code C ~ N(0, 1)}, {@code D ~ N(0, 1)}, zero state at t = 0. The recurrence is computed as
 * {@code y = K * u + D u} with the kernel {@code K_h[k] = sum_n C_hn (exp(dt_h A_hn) - 1) / A_hn exp(dt_h A_hn k)},
 * laid out as a lower-triangular T x T (Toeplitz) matrix per channel and applied by one batched matrix product:
 * a constant number of graph ops whatever T is. GELU: {@link Gelu}, the sigmoid approximation x sigmoid(1.702 x).
 * Dropout (0.2 in the paper) is left out: the model core has no training mode.
 *
 * <p>It trains through {@link StateSpaceEncoderPass}, the same function in plain Java (checked against this
 * definition by ModelContractTest and SequenceFusedPassTest).
 */
public final class StateSpaceEncoder implements Part {
    private static final double DT_MIN = 1e-3;
    private static final double DT_MAX = 1e-1;

    private final String name;
    private final int[] inputShape;
    private final int steps;
    private final int width;
    private final int layers;
    private final int states;

    /**
     * @param width  channels d
     * @param layers S4D blocks (>= 1)
     * @param states N, the diagonal state size per channel
     * @throws IllegalArgumentException for another input shape or a size < 1
     */
    public StateSpaceEncoder(String name, int[] inputShape, int width, int layers, int states) {
        this.name = name;
        this.inputShape = inputShape.clone();
        this.steps = TactileGrid.steps(inputShape);
        if (width < 1 || layers < 1 || states < 1) {
            throw new IllegalArgumentException("an S4 encoder needs width, layers and states >= 1, got " + width + ", " + layers + ", " + states);
        }
        this.width = width;
        this.layers = layers;
        this.states = states;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {steps, width};
    }

    @Override
    public List<ParameterSpec> parameters() {
        int pixels = TactileGrid.CHANNELS * TactileGrid.ROWS * TactileGrid.COLUMNS;
        List<ParameterSpec> specs = new ArrayList<>();
        specs.add(new ParameterSpec("in/W", new int[] {pixels, width}, Initializer.uniformFanIn(pixels)));
        specs.add(new ParameterSpec("in/b", new int[] {width}, Initializer.uniformFanIn(pixels)));
        Initializer logDt = (v, o, n, s, rng) -> {
            for (int i = 0; i < n; i++) v[o + i] = (float) (Math.log(DT_MIN) + rng.nextDouble() * (Math.log(DT_MAX) - Math.log(DT_MIN)));
        };
        Initializer logA = (v, o, n, s, rng) -> {
            for (int i = 0; i < n; i++) v[o + i] = (float) Math.log(i % states + 1);
        };
        for (int l = 0; l < layers; l++) {
            String p = "layer" + (l + 1) + "/";
            specs.add(new ParameterSpec(p + "log_dt", new int[] {width, 1}, logDt));
            specs.add(new ParameterSpec(p + "log_a", new int[] {width, states}, logA));
            specs.add(new ParameterSpec(p + "C", new int[] {width, states}, Initializer.normal(1)));
            specs.add(new ParameterSpec(p + "D", new int[] {width, 1, 1}, Initializer.normal(1)));
            specs.add(new ParameterSpec(p + "out/W", new int[] {width, width}, Initializer.uniformFanIn(width)));
            specs.add(new ParameterSpec(p + "out/b", new int[] {width}, Initializer.uniformFanIn(width)));
            specs.add(new ParameterSpec(p + "norm/g", new int[] {width}, Initializer.constant(1)));
            specs.add(new ParameterSpec(p + "norm/b", new int[] {width}, Initializer.constant(0)));
        }
        return specs;
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SameDiff sd = scope.sd();
        int pixels = TactileGrid.CHANNELS * TactileGrid.ROWS * TactileGrid.COLUMNS;
        SDVariable images = TactileGrid.images(input, steps).reshape(-1, pixels);               // [T B, pixels]
        SDVariable u = GraphOps.linear(images, scope.parameter("in/W"), scope.parameter("in/b")); // [T B, d], time-major
        SDVariable lags = sd.constant(Nd4j.arange(steps).castTo(scope.dataType()).reshape(1, 1, steps));
        SDVariable toeplitz = sd.constant(toeplitzBasis(steps).castTo(scope.dataType()));     // [T, T T]
        for (int l = 0; l < layers; l++) {
            String p = "layer" + (l + 1) + "/";
            SDVariable dt = sd.math.exp(scope.parameter(p + "log_dt"));                             // [d, 1]
            SDVariable a = sd.math.exp(scope.parameter(p + "log_a")).neg();                         // [d, N]
            SDVariable dtA = a.mul(dt);
            SDVariable decay = sd.math.exp(dtA);
            SDVariable weight = scope.parameter(p + "C").mul(decay.sub(1.0).div(a));               // C (e^{dt A} - 1) / A
            SDVariable powers = sd.math.exp(dtA.reshape(width, states, 1).mul(lags));              // [d, N, T]
            SDVariable kernel = sd.mmul(weight.reshape(width, 1, states), powers).reshape(width, steps);
            SDVariable causal = sd.mmul(kernel, toeplitz).reshape(width, steps, steps);          // [d, t, s] = K[t - s]
            SDVariable v = u.reshape(steps, -1, width).permute(2, 0, 1);                            // [d, T, B]
            SDVariable y = sd.mmul(causal, v).add(v.mul(scope.parameter(p + "D")));
            SDVariable z = GraphOps.linear(Gelu.define(sd, y.permute(1, 2, 0).reshape(-1, width)), scope.parameter(p + "out/W"), scope.parameter(p + "out/b"));
            u = LayerNorm.define(sd, u.add(z), scope.parameter(p + "norm/g"), scope.parameter(p + "norm/b"), false);
        }
        return new Output(u.reshape(steps, -1, width).permute(1, 0, 2), null);                 // [B, T, d]
    }

    /** Its definition in plain Java over batches of {@code batch} samples ({@link StateSpaceEncoderPass}). */
    @Override
    public FusedPass fusedPass(int batch) {
        return new StateSpaceEncoderPass(this, batch, steps, width, layers, states);
    }

    /** E[k, t T + s] = 1 where t - s = k: a kernel [d, T] times E is each channel's causal Toeplitz matrix. */
    static INDArray toeplitzBasis(int steps) {
        double[][] e = new double[steps][steps * steps];
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s <= t; s++) e[t - s][t * steps + s] = 1;
        }
        return Nd4j.createFromArray(e);
    }
}
