package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The pass through a model's definition: its parts' SameDiff graphs, the recurrence unrolled in Java over the window
 * (SameDiff 1.0.0-M2.1 cannot backpropagate through its own loop ops). Gradients are SameDiff's: the backward pass
 * differentiates {@code sum(output * dL/doutput) + sum(latent * dL/dlatent)}, whose gradient with respect to every
 * parameter is the loss's (a vector-Jacobian product).
 *
 * <p>The graph's variables are a cache of the model's {@link Parameters}, refreshed whenever their version moves.
 */
final class GraphPass implements BatchPass {
    private static final String INPUT = "input";
    private static final String STATE = "state";
    private static final String STARTS = "starts";
    private static final String OUTPUT = "output";
    private static final String LATENT = "latent";
    private static final String FINAL_STATE = "final_state";
    private static final String OUTPUT_GRADIENT = "output_gradient";
    private static final String LATENT_GRADIENT = "latent_gradient";

    private final Model model;
    private final int batch;
    private final int window;
    private final int rows;
    private final boolean wantInput;
    private final DataType type;
    private final SameDiff sd;
    private final List<String> gradientNames = new ArrayList<>();
    private final float[] gradient;
    private final INDArray zeroOutputGradient;
    private final INDArray zeroLatentGradient;
    private final List<INDArray> owned = new ArrayList<>();
    private final List<INDArray> results = new ArrayList<>();
    private Map<String, INDArray> lastFeed;
    private INDArray output;
    private INDArray latent;
    private INDArray finalState;
    private INDArray inputGradient;
    private long syncedVersion = Long.MIN_VALUE;

    GraphPass(Model model, int batch, int window, boolean wantInput, DataType type) {
        if (batch < 1 || window < 1) throw new IllegalArgumentException("batch and window must be >= 1, got " + batch + ", " + window);
        this.model = model;
        this.batch = batch;
        this.window = window;
        this.rows = batch * window;
        this.wantInput = wantInput;
        this.type = type;
        this.sd = SameDiff.create();
        this.gradient = new float[model.parameterCount()];
        Map<String, SDVariable> variables = new HashMap<>();
        for (Parameters.Block b : model.parameters().blocks()) {
            variables.put(b.name(), sd.var(b.name(), Nd4j.create(type, b.longShape())));
            gradientNames.add(b.name());
        }
        Scope scope = new Scope(sd, type, variables);
        SDVariable input = sd.placeHolder(INPUT, type, withRows(rows, model.io().inputShape()));
        if (wantInput) gradientNames.add(INPUT);
        SDVariable out;
        SDVariable lat;
        if (!model.isRecurrent()) {
            Model.StepGraph step = model.defineStep(scope, input, null);
            out = step.output();
            lat = step.latent();
        } else {
            SDVariable state = sd.placeHolder(STATE, type, batch, model.stateSize());
            SDVariable starts = sd.placeHolder(STARTS, type, rows).reshape(batch, window);
            // Samples flattened: SameDiff M2.1's strided-slice backprop fails on slices of rank > 3.
            SDVariable sequences = input.reshape(batch, window, model.inputSize());
            List<SDVariable> outs = new ArrayList<>();
            List<SDVariable> lats = new ArrayList<>();
            for (int t = 0; t < window; t++) {
                SDVariable x = sequences.get(SDIndex.all(), SDIndex.point(t), SDIndex.all());
                SDVariable keep = starts.get(SDIndex.all(), SDIndex.point(t)).rsub(1.0).reshape(batch, 1);
                state = state.mul(keep);
                Model.StepGraph step = model.defineStep(scope, x, state);
                outs.add(step.output());
                lats.add(step.latent());
                state = step.state();
            }
            out = stackRows(outs, model.outputSize());
            lat = stackRows(lats, model.latentSize());
            sd.identity(FINAL_STATE, state);
        }
        out = sd.identity(OUTPUT, out);
        lat = sd.identity(LATENT, lat);
        SDVariable dOut = sd.placeHolder(OUTPUT_GRADIENT, type, rows, model.outputSize());
        SDVariable dLat = sd.placeHolder(LATENT_GRADIENT, type, rows, model.latentSize());
        SDVariable loss = out.mul(dOut).sum().add(lat.mul(dLat).sum());
        sd.setLossVariables(loss);
        // Placeholders get gradients only if named when the gradient function is made.
        if (wantInput) sd.createGradFunction(INPUT);
        else sd.createGradFunction();
        this.zeroOutputGradient = own(Nd4j.zeros(type, rows, model.outputSize()));
        this.zeroLatentGradient = own(Nd4j.zeros(type, rows, model.latentSize()));
    }

    /** Per-step [batch, size] results as rows b * window + t of a [batch * window, size] array. */
    private SDVariable stackRows(List<SDVariable> perStep, int size) {
        SDVariable stacked = sd.stack(1, perStep.toArray(SDVariable[]::new)); // [batch, window, size]
        return stacked.reshape(rows, size);
    }

    private static long[] withRows(long rows, int[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = rows;
        for (int i = 0; i < shape.length; i++) s[i + 1] = shape[i];
        return s;
    }

    private INDArray own(INDArray a) {
        owned.add(a);
        return a;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public int window() {
        return window;
    }

    /** Copies the model's parameters into the graph's variables if they changed since the last copy. */
    private void sync() {
        Parameters p = model.parameters();
        if (p.version() == syncedVersion) return;
        float[] values = p.array();
        for (Parameters.Block b : p.blocks()) {
            INDArray variable = sd.getVariable(b.name()).getArr();
            float[] slice = java.util.Arrays.copyOfRange(values, b.offset(), b.offset() + b.size());
            if (type == DataType.FLOAT) {
                variable.data().setData(slice);
            } else {
                try (INDArray source = Nd4j.createFromArray(slice)) {
                    variable.assign(source.castTo(type).reshape(b.longShape()));
                }
            }
        }
        syncedVersion = p.version();
    }

    private INDArray typed(INDArray a) {
        if (a.dataType() == type) return a;
        INDArray cast = a.castTo(type);
        results.add(cast);
        return cast;
    }

    @Override
    public INDArray forward(INDArray inputs, INDArray initialState, INDArray starts) {
        freeResults();
        sync();
        Map<String, INDArray> feed = new LinkedHashMap<>();
        feed.put(INPUT, typed(inputs));
        if (model.isRecurrent()) {
            if (initialState == null || starts == null) {
                throw new IllegalArgumentException("a recurrent model's pass needs the initial states and the episode starts");
            }
            feed.put(STATE, typed(initialState));
            feed.put(STARTS, typed(starts.reshape(rows)));
        }
        feed.put(OUTPUT_GRADIENT, zeroOutputGradient);
        feed.put(LATENT_GRADIENT, zeroLatentGradient);
        lastFeed = feed;
        BoundedGraphMemory.apply(sd);
        Map<String, INDArray> out = model.isRecurrent()
                ? sd.output(feed, OUTPUT, LATENT, FINAL_STATE) : sd.output(feed, OUTPUT, LATENT);
        output = keep(out.get(OUTPUT));
        latent = keep(out.get(LATENT));
        finalState = model.isRecurrent() ? keep(out.get(FINAL_STATE)) : null;
        return output;
    }

    private INDArray keep(INDArray a) {
        results.add(a);
        return a;
    }

    /** The state after the last row of each sequence of the last {@link #forward}: [batch, stateSize], or null. */
    INDArray finalState() {
        return finalState;
    }

    @Override
    public INDArray latent() {
        return latent;
    }

    @Override
    public float[] backward(INDArray outputGradient, INDArray latentGradient) {
        if (lastFeed == null) throw new IllegalStateException("backward before forward");
        sync();
        Map<String, INDArray> feed = new LinkedHashMap<>(lastFeed);
        feed.put(OUTPUT_GRADIENT, typed(outputGradient));
        feed.put(LATENT_GRADIENT, latentGradient == null ? zeroLatentGradient : typed(latentGradient));
        BoundedGraphMemory.apply(sd);
        Map<String, INDArray> grads = sd.calculateGradients(feed, gradientNames);
        for (Parameters.Block b : model.parameters().blocks()) {
            INDArray g = grads.get(b.name());
            if (g == null) {
                java.util.Arrays.fill(gradient, b.offset(), b.offset() + b.size(), 0f); // the loss does not depend on it
                continue;
            }
            float[] values = g.castTo(DataType.FLOAT).dup('c').data().asFloat();
            System.arraycopy(values, 0, gradient, b.offset(), b.size());
        }
        if (wantInput) {
            if (inputGradient != null) results.remove(inputGradient);
            INDArray g = grads.get(INPUT);
            // SameDiff gives none when the loss does not depend differentiably on the input (NCAP with 1 joint reads
            // only its time feature, through round): the gradient is then zero.
            inputGradient = keep(g != null ? g : Nd4j.zeros(type, withRows(rows, model.io().inputShape())));
        }
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            if (!e.getKey().equals(INPUT) && e.getValue().closeable()) e.getValue().close();
        }
        return gradient;
    }

    @Override
    public INDArray inputGradient() {
        if (!wantInput) throw new IllegalStateException("this pass was made without input gradients");
        return inputGradient;
    }

    private void freeResults() {
        for (INDArray a : results) {
            if (a != null && a.closeable()) a.close();
        }
        results.clear();
        inputGradient = null;
    }

    @Override
    public void close() {
        freeResults();
        for (INDArray a : owned) if (a.closeable()) a.close();
        owned.clear();
    }

    /** The {@link PartScope} of one part in this graph. */
    static final class Scope implements PartScope {
        private final SameDiff sd;
        private final DataType type;
        private final Map<String, SDVariable> variables;
        private final String prefix;
        private int counter;

        Scope(SameDiff sd, DataType type, Map<String, SDVariable> variables) {
            this(sd, type, variables, "");
        }

        private Scope(SameDiff sd, DataType type, Map<String, SDVariable> variables, String prefix) {
            this.sd = sd;
            this.type = type;
            this.variables = variables;
            this.prefix = prefix;
        }

        Scope forPart(Part part) {
            return new Scope(sd, type, variables, part.name() + "/");
        }

        @Override
        public SameDiff sd() {
            return sd;
        }

        @Override
        public DataType dataType() {
            return type;
        }

        @Override
        public SDVariable parameter(String name) {
            SDVariable v = variables.get(prefix + name);
            if (v == null) throw new IllegalArgumentException("no parameter '" + prefix + name + "' in the graph");
            return v;
        }

        @Override
        public String name(String what) {
            String base = prefix + what;
            String name = base;
            while (sd.hasVariable(name)) name = base + "_" + (++counter);
            return name;
        }
    }
}
