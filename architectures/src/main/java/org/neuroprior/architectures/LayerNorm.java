package org.neuroprior.architectures;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Layer normalisation (Ba, Kiros and Hinton 2016, "Layer Normalization"), the one definition every LayerNorm of the
 * project follows: the tactile models' channel LayerNorms (the ResNet's, the {@code -ln} ConvRNN cells') and token
 * LayerNorms (the GPT attender's, the S4 encoder's) are defined through {@link #define}, and
 * {@link org.neuroprior.architectures.kernels.LayerNormKernel}, which their fused passes use, computes the same.
 *
 * <p>Each vector {@code x} of {@code n} values along the normalised axis becomes
 * {@code y = g (x - mean) / sqrt(var + EPSILON) + b}, with {@code mean} its mean and {@code var} its biased variance
 * (divisor {@code n}) computed from the centred values, and {@code g}, {@code b} a gain and bias per position of the
 * axis. This is PyTorch's {@code torch.nn.LayerNorm} with its default {@code eps}, which the EAD reference code
 * (PyTorchTNN) uses and which {@code scripts/bench/tactile_torch.py} rebuilds the models with.
 *
 * <p>Why an epsilon: without one (libnd4j's {@code layer_norm}, which the models used before), dL/dx grows as
 * 1 / sd, and whisker grids give vectors whose spread is tiny but not zero (residual forces near 1e-23 at whiskers
 * nothing touches): their variance underflows to 0 in float, and the fused pass's kernel gave Infinity and NaN there
 * (BENCHMARKS.md, "The ResNet's fused pass: the NaN"). With it, a vector of near-equal values normalises to about 0
 * ({@code y} about {@code b}), and the factor 1 / sqrt(var + EPSILON) in dL/dx is at most 1 / sqrt(EPSILON), about
 * 316.
 */
public final class LayerNorm {
    /** Added to the variance before its square root: 1e-5, PyTorch's default. */
    public static final double EPSILON = 1e-5;

    private LayerNorm() {
    }

    /**
     * The LayerNorm as SameDiff ops (mean, centring, square, mean, square root, division, gain, bias), in the data
     * type of {@code x}.
     *
     * @param x             {@code [N, C, H, W]} images (channels first: each pixel's {@code C} channels are
     *                      normalised) or {@code [N, C]} rows (each row normalised)
     * @param gain          {@code [C]}
     * @param bias          {@code [C]}
     * @param channelsFirst whether {@code x} is {@code [N, C, H, W]} (else {@code [N, C]})
     * @return {@code y}, the shape of {@code x}
     */
    public static SDVariable define(SameDiff sd, SDVariable x, SDVariable gain, SDVariable bias, boolean channelsFirst) {
        // A mean over an axis of size 1 is that value; SameDiff 1.0.0-M2.1's reduce ops fail on such an axis (a
        // NullPointerException in BaseReduceOp.noOp), so a LayerNorm of one channel skips them (its y is b).
        boolean one = gain.getShape()[0] == 1;
        SDVariable centred = x.sub(one ? x : x.mean(true, 1));
        SDVariable square = sd.math.square(centred);
        SDVariable variance = one ? square : square.mean(true, 1);
        SDVariable normalised = centred.div(sd.math.sqrt(variance.add(EPSILON)));
        if (channelsFirst) return normalised.mul(gain.reshape(1, -1, 1, 1)).add(bias.reshape(1, -1, 1, 1));
        return normalised.mul(gain).add(bias);
    }
}
