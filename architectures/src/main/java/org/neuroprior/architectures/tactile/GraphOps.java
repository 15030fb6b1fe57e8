package org.neuroprior.architectures.tactile;

import java.util.HashMap;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/** Graph pieces the tactile parts share: convolutions in one layout, and zero tensors of a batch-dependent shape. */
final class GraphOps {
    private GraphOps() {
    }

    /**
     * A 2-D convolution of NCHW images with YXIO weights {@code [k, k, in, out]} (ND4J's default layout).
     *
     * @param bias   [out], or null for none
     * @param same   "same" padding (output size ceil(size / stride); an even kernel pads bottom and right, as
     *               TensorFlow and PyTorch do), else "valid"
     */
    static SDVariable conv(SameDiff sd, SDVariable x, SDVariable weight, SDVariable bias, int kernel, int stride, boolean same) {
        Conv2DConfig config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).dH(1).dW(1)
                .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build();
        return bias == null ? sd.cnn.conv2d(x, weight, config) : sd.cnn.conv2d(x, weight, bias, config);
    }

    /**
     * A dense layer {@code x W + b} as a matrix product and an addition.
     *
     * <p>Not {@code sd.nn.linear} (libnd4j's {@code xw_plus_b}), whose oneDNN kernel in ND4J 1.0.0-M2.1's oneDNN binary
     * returns wrong values in some graphs: with it, the tactile models' evaluator disagreed with their definition
     * (8 cases of ModelContractTest, e.g. 3.18 against 0.18) and a tiny batch was not memorised, and a dense layer on
     * the tanh of time-major images was off by 96 on values of about 30 ({@code GraphOpsTest}); the same op alone on
     * the same input was right, and the generic binary is right throughout. {@code matmul} and {@code add} have no
     * such fault, and the function is the same. Every dense layer of a SameDiff graph goes through here (the
     * non-tactile parts multiply with {@code mmul} already).
     *
     * @param x      [rows, in]
     * @param weight [in, out]
     * @param bias   [out]
     * @return [rows, out]
     */
    static SDVariable linear(SDVariable x, SDVariable weight, SDVariable bias) {
        return x.mmul(weight).add(bias);
    }

    /**
     * Zero tensors {@code [batch, shape...]} whose batch is that of a reference tensor, made once per shape and
     * reused (they stand for the zero states and the inputs before the first step).
     */
    static final class Zeros {
        private final SameDiff sd;
        private final DataType type;
        private final SDVariable batch;
        private final Map<String, SDVariable> made = new HashMap<>();

        /** @param reference any tensor whose first dimension is the batch */
        Zeros(SameDiff sd, DataType type, SDVariable reference) {
            this.sd = sd;
            this.type = type;
            this.batch = sd.sizeAt(reference, 0).castTo(DataType.LONG).reshape(1);
        }

        /** Zeros of shape {@code [batch, shape...]}. */
        SDVariable of(long... shape) {
            return made.computeIfAbsent(java.util.Arrays.toString(shape),
                    k -> sd.fill(sd.concat(0, batch, sd.constant(Nd4j.createFromArray(shape))), type, 0.0));
        }
    }
}
