package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a model costs: its parameter count and the floating-point operations of one forward pass per sample, counted
 * from its definition (the parts' SameDiff graph for one sample, run once on zeros), so the figure follows the
 * code. Counted: convolutions ({@code conv2d}) and matrix products ({@code matmul}, batched or not, and
 * {@code xw_plus_b}), at 2 FLOPs per multiply-add, the convention of papers' GFLOP figures; element-wise ops,
 * normalisations, softmax and data movement are not (a few percent in these models). Backward passes cost about
 * twice the forward.
 *
 * @param parameters trainable scalars
 * @param ops        graph ops of one forward pass (each costs a fixed ~0.3 ms of SameDiff's execution overhead)
 * @param flops      forward FLOPs per sample
 */
public record ModelCost(int parameters, int ops, double flops) {

    /** Forward GFLOP per sample. */
    public double gflops() {
        return flops / 1e9;
    }

    /**
     * The cost of {@code model}: builds its graph for one sample and runs it once on zeros (zero parameters, so the
     * model itself is not touched).
     */
    public static ModelCost of(Model model) {
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> variables = new HashMap<>();
        for (Parameters.Block b : model.parameters().blocks()) variables.put(b.name(), sd.var(b.name(), Nd4j.zeros(DataType.FLOAT, b.longShape())));
        GraphPass.Scope scope = new GraphPass.Scope(sd, DataType.FLOAT, variables);
        int[] in = model.io().inputShape();
        long[] shape = new long[in.length + 1];
        shape[0] = 1;
        for (int i = 0; i < in.length; i++) shape[i + 1] = in[i];
        Map<String, INDArray> feed = new LinkedHashMap<>();
        feed.put("input", Nd4j.zeros(DataType.FLOAT, shape));
        SDVariable state = null;
        if (model.isRecurrent()) {
            state = sd.placeHolder("state", DataType.FLOAT, 1, model.stateSize());
            feed.put("state", Nd4j.zeros(DataType.FLOAT, 1, model.stateSize()));
        }
        model.defineStep(scope, sd.placeHolder("input", DataType.FLOAT, shape), state);
        List<String> computed = new ArrayList<>();
        for (SDVariable v : sd.variables()) if (v.getVariableType() == VariableType.ARRAY) computed.add(v.name());
        Map<String, INDArray> values = new HashMap<>(sd.output(feed, computed.toArray(String[]::new)));
        values.putAll(feed);
        double flops = 0;
        for (DifferentialFunction op : sd.ops()) flops += 2 * multiplyAdds(op, sd, values);
        return new ModelCost(model.parameterCount(), sd.ops().length, flops);
    }

    private static long[] shape(SDVariable v, SameDiff sd, Map<String, INDArray> values) {
        INDArray a = values.get(v.name());
        if (a == null) a = sd.getArrForVarName(v.name());
        if (a == null) throw new IllegalStateException("no value for " + v.name() + " while counting FLOPs");
        return a.shape();
    }

    private static double length(long[] shape, int from) {
        double n = 1;
        for (int i = from; i < shape.length; i++) n *= shape[i];
        return n;
    }

    /** Multiply-adds of one op (0 for the ops not counted). */
    static double multiplyAdds(DifferentialFunction op, SameDiff sd, Map<String, INDArray> values) {
        String name = op.opName();
        if (!name.equals("conv2d") && !name.equals("matmul") && !name.equals("xw_plus_b")) return 0;
        SDVariable[] args = op.args();
        long[] out = shape(op.outputVariables()[0], sd, values);
        if (op instanceof Conv2D conv) {
            Conv2DConfig c = conv.getConfig();
            long[] x = shape(args[0], sd, values);
            long channels = c.getDataFormat().equalsIgnoreCase(Conv2DConfig.NCHW) ? x[1] : x[3];
            return length(out, 0) * c.getKH() * c.getKW() * channels;
        }
        // A product [.., M, K] x [.., K, N] -> [.., M, N] (either operand possibly transposed): K^2 = MK * KN / MN.
        long[] a = shape(args[0], sd, values);
        long[] b = shape(args[1], sd, values);
        double inner = Math.sqrt(length(a, Math.max(0, a.length - 2)) * length(b, Math.max(0, b.length - 2)) / length(out, Math.max(0, out.length - 2)));
        return length(out, 0) * Math.round(inner);
    }
}
