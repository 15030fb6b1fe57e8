package org.neuroprior.agents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.Mlp;

/**
 * The forward and backward pass of an {@link Mlp} that {@link Mlp#define} put into a SameDiff graph, computed with
 * plain ND4J operations (BLAS matrix products, in-place element-wise ops) on arrays allocated once for a fixed batch
 * size, instead of through a SameDiff session. It reads the graph's own variable arrays, so a {@link GraphOptimizer}
 * step on the graph is seen at the next pass, and it computes the same function and gradients as the graph (up to
 * float rounding: checked against {@code calculateGradients} by MlpPassTest).
 *
 * <p>Why: one SameDiff gradient step of PPO's (64, 64) tanh critic on 4,096 samples took 15 to 21 ms, of which the
 * arithmetic is a few ms; the rest is the session's per-op overhead (BENCHMARKS.md). Here the backward pass also
 * reuses the forward activations.
 *
 * <p>Not thread-safe; {@link #close} frees the buffers.
 */
public final class MlpPass implements AutoCloseable {
    private final SameDiff sd;
    private final String prefix;
    private final int layers;
    private final int[] sizes;
    private final Activation[] activations;
    private final int batch;
    private final INDArray ones;       // [1, batch], for bias gradients as a matrix product
    private final INDArray[] outputs;  // per layer [batch, sizes[l + 1]]: after the activation
    private final INDArray[] deltas;   // per layer [batch, sizes[l + 1]]: d loss / d pre-activation
    private final INDArray[] scratch;  // per layer, for activation derivatives
    private final INDArray[] weightGradients;
    private final INDArray[] biasGradients;
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();
    private final List<INDArray> owned = new ArrayList<>();

    /** For the network {@code net} defined in {@code sd} under {@code prefix}, on batches of exactly {@code batch} rows. */
    public MlpPass(SameDiff sd, String prefix, Mlp net, int batch) {
        this.sd = sd;
        this.prefix = prefix;
        List<Integer> hidden = net.mlpOptions().hidden();
        this.layers = hidden.size() + 1;
        this.sizes = new int[layers + 1];
        sizes[0] = net.inputSize();
        for (int l = 0; l < hidden.size(); l++) sizes[l + 1] = hidden.get(l);
        sizes[layers] = net.outputSize();
        this.activations = new Activation[layers];
        for (int l = 0; l < layers; l++) activations[l] = l == layers - 1 ? net.mlpOptions().output() : net.mlpOptions().activation();
        this.batch = batch;
        DataType type = weight(0).dataType();
        this.ones = keep(Nd4j.ones(type, 1, batch));
        this.outputs = new INDArray[layers];
        this.deltas = new INDArray[layers];
        this.scratch = new INDArray[layers];
        this.weightGradients = new INDArray[layers];
        this.biasGradients = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            outputs[l] = keep(Nd4j.create(type, batch, sizes[l + 1]));
            deltas[l] = keep(Nd4j.create(type, batch, sizes[l + 1]));
            scratch[l] = keep(Nd4j.create(type, batch, sizes[l + 1]));
            weightGradients[l] = keep(Nd4j.create(type, sizes[l], sizes[l + 1]));
            biasGradients[l] = keep(Nd4j.create(type, 1, sizes[l + 1]));
            gradients.put(prefix + "/W" + l, weightGradients[l]);
            gradients.put(prefix + "/b" + l, biasGradients[l]);
        }
    }

    private INDArray keep(INDArray a) {
        owned.add(a);
        return a;
    }

    private INDArray weight(int l) {
        return sd.getVariable(prefix + "/W" + l).getArr();
    }

    private INDArray bias(int l) {
        return sd.getVariable(prefix + "/b" + l).getArr();
    }

    public int batch() {
        return batch;
    }

    /**
     * The network's output for {@code input} ([batch, inputSize], the graph's data type): a [batch, outputSize]
     * array owned by this object, valid until the next call.
     */
    public INDArray forward(INDArray input) {
        if (input.rows() != batch || input.columns() != sizes[0]) {
            throw new IllegalArgumentException("input of shape " + java.util.Arrays.toString(input.shape()) + "; this pass takes ["
                    + batch + ", " + sizes[0] + "]");
        }
        INDArray x = input;
        for (int l = 0; l < layers; l++) {
            INDArray y = outputs[l];
            Nd4j.gemm(x, weight(l), y, false, false, 1.0, 0.0);
            y.addiRowVector(bias(l));
            switch (activations[l]) {
                case IDENTITY -> { }
                case TANH -> Nd4j.getExecutioner().exec(new Tanh(y, y));
                case RELU -> Nd4j.getExecutioner().exec(new RectifiedLinear(y, y, 0.0));
            }
            x = y;
        }
        return outputs[layers - 1];
    }

    /**
     * Gradients of the loss with respect to every variable of the network, given the gradient {@code outputGradient}
     * ([batch, outputSize]) of the loss with respect to the output of the last {@link #forward} on {@code input}.
     * The returned map (variable name to array, as {@code SameDiff.calculateGradients} names them) and its arrays are
     * owned by this object and overwritten by the next call; {@code outputGradient} is left unchanged.
     */
    public Map<String, INDArray> backward(INDArray input, INDArray outputGradient) {
        INDArray upstream = outputGradient;
        for (int l = layers - 1; l >= 0; l--) {
            INDArray delta = deltas[l];
            INDArray y = outputs[l];
            switch (activations[l]) {
                case IDENTITY -> delta.assign(upstream);
                case TANH -> { // (1 - y^2) * upstream
                    INDArray s = scratch[l];
                    s.assign(y).muli(y).rsubi(1.0);
                    delta.assign(upstream).muli(s);
                }
                case RELU -> { // [y > 0] * upstream
                    INDArray s = scratch[l];
                    Nd4j.getExecutioner().exec(new Step(y, s, 0.0));
                    delta.assign(upstream).muli(s);
                }
            }
            INDArray x = l == 0 ? input : outputs[l - 1];
            Nd4j.gemm(x, delta, weightGradients[l], true, false, 1.0, 0.0);
            Nd4j.gemm(ones, delta, biasGradients[l], false, false, 1.0, 0.0);
            if (l > 0) {
                // d loss / d output of layer l - 1, written into that layer's delta buffer, used as upstream next.
                Nd4j.gemm(delta, weight(l), deltas[l - 1], false, true, 1.0, 0.0);
                upstream = deltas[l - 1];
            }
        }
        return gradients;
    }

    @Override
    public void close() {
        for (INDArray a : owned) {
            if (a.closeable()) a.close();
        }
        owned.clear();
    }
}
