package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.neuroprior.envs.wrappers.RunningMeanStd;

/**
 * A network as agents use it: observation -> parts (tonic's encoder, torso, head) -> outputs, with its trainable
 * {@link Parameters}, an optional observation normaliser and, if a part is recurrent, a state that starts from
 * zeros at every episode start.
 *
 * <p><b>Latent.</b> The input of the last part (the head) is the model's latent z: the representation the head reads
 * and where auxiliary heads (predictive heads) attach. For an MLP it is the last hidden layer, for NCAP the B-neuron
 * activity, for a recurrent torso its output.
 *
 * <p><b>One definition, faster paths.</b> The model's function is its parts' {@link Part#define} graphs; gradients
 * come from SameDiff through {@link #graphPass}. {@link #evaluator} and {@link #pass} use the parts' plain-Java steps
 * and fused passes when every part offers one, and the graph otherwise: callers never need to know which.
 *
 * <p><b>Observations</b> are normalised (if the model has a normaliser: running mean and variance, clipped to
 * +-{@value #OBSERVATION_CLIP} standard deviations, as tonic) and converted to float by {@link #prepare} before any
 * pass; the statistics belong to the model, so a saved model acts exactly as it did in training.
 *
 * <p>Not thread-safe: give each thread its own {@link #copy()}.
 */
public final class Model {
    /** The option of architectures whose models may normalise observations (on by default, as tonic's). */
    public static final org.neuroprior.registry.Option OBSERVATION_NORMALIZATION = org.neuroprior.registry.Option.flag(
            "observation_normalization", true, "normalise observations by their running mean and std (tonic's default), clipped to +-10");

    /** Normalised observations are clipped to +-this many standard deviations (tonic's default). */
    public static final double OBSERVATION_CLIP = 10;

    private final String architecture;
    private final Map<String, Object> options;
    private final ModelIO io;
    private final List<Part> parts;
    private final int[] parameterBase;
    private final int[] stateBase;
    private final int stateSize;
    private final int latentSize;
    private final Parameters parameters;
    private final RunningMeanStd normalizer;
    private final double[] normalized;

    /**
     * Assembles parts into a model and initialises its parameters from {@code seed} (part after part, block after
     * block, from one {@link SplittableRandom}).
     *
     * @param architecture          the registered architecture's name
     * @param options               its resolved options (what a config file records)
     * @param io                    the input shape and outputs the model was made for
     * @param parts                 in order; the last one is the head
     * @param normalizeObservations whether observations are normalised by running statistics
     * @throws IllegalArgumentException if the parts do not chain (sizes, names) or do not fit {@code io}
     */
    public Model(String architecture, Map<String, Object> options, ModelIO io, List<Part> parts,
                 boolean normalizeObservations, long seed) {
        if (parts.isEmpty()) throw new IllegalArgumentException("a model needs at least one part");
        this.architecture = architecture;
        this.options = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        this.io = io;
        this.parts = List.copyOf(parts);
        check();
        this.parameterBase = new int[parts.size()];
        this.stateBase = new int[parts.size()];
        List<Parameters.Block> blocks = new ArrayList<>();
        int at = 0;
        int state = 0;
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            parameterBase[p] = at;
            stateBase[p] = state;
            state += part.stateSize();
            for (ParameterSpec spec : part.parameters()) {
                blocks.add(new Parameters.Block(part.name() + "/" + spec.name(), spec.shape(), at, spec.size()));
                at += spec.size();
            }
        }
        this.stateSize = state;
        this.latentSize = product(parts.get(parts.size() - 1).inputShape());   // fused passes ask per call: no allocation
        this.parameters = new Parameters(blocks);
        SplittableRandom rng = new SplittableRandom(seed);
        parameters.update(values -> {
            int offset = 0;
            for (Part part : this.parts) {
                for (ParameterSpec spec : part.parameters()) {
                    spec.init().fill(values, offset, spec.size(), spec.shape(), rng);
                    offset += spec.size();
                }
            }
        });
        this.normalizer = normalizeObservations ? new RunningMeanStd(io.inputSize()) : null;
        this.normalized = new double[io.inputSize()];
    }

    private Model(Model other) {
        this.architecture = other.architecture;
        this.options = other.options;
        this.io = other.io;
        this.parts = other.parts;
        this.parameterBase = other.parameterBase;
        this.stateBase = other.stateBase;
        this.stateSize = other.stateSize;
        this.latentSize = other.latentSize;
        this.parameters = new Parameters(other.parameters.blocks());
        this.parameters.set(other.parameters);
        this.normalizer = other.normalizer == null ? null : new RunningMeanStd(io.inputSize());
        if (normalizer != null) normalizer.restore(other.normalizer.stats());
        this.normalized = new double[io.inputSize()];
    }

    private void check() {
        var names = new HashSet<String>();
        long size = io.inputSize();
        for (Part part : parts) {
            if (!names.add(part.name())) throw new IllegalArgumentException("two parts are named " + part.name());
            if (product(part.inputShape()) != size) {
                throw new IllegalArgumentException("part " + part.name() + " reads " + Arrays.toString(part.inputShape())
                        + " but receives " + size + " values");
            }
            size = product(part.outputShape());
        }
        if (size != io.outputSize()) {
            throw new IllegalArgumentException("the model writes " + size + " outputs, " + io.outputSize() + " were asked for");
        }
    }

    /** The product of a shape's dimensions, without allocating (a stream here allocated 230 bytes per evaluator call). */
    static int product(int[] shape) {
        long n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return Math.toIntExact(n);
    }

    /** An independent model with the same structure, parameters and normaliser statistics (for another thread). */
    public Model copy() {
        return new Model(this);
    }

    /** The registered architecture this model is an instance of. */
    public String architecture() {
        return architecture;
    }

    /** The architecture's resolved options. */
    public Map<String, Object> options() {
        return options;
    }

    public ModelIO io() {
        return io;
    }

    public List<Part> parts() {
        return parts;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** Number of trainable scalars. */
    public int parameterCount() {
        return parameters.size();
    }

    public int inputSize() {
        return io.inputSize();
    }

    public int outputSize() {
        return io.outputSize();
    }

    /** Size of the latent z, the head's input. */
    public int latentSize() {
        return latentSize;
    }

    /** Floats of recurrent state per sample (0: the model is stateless). */
    public int stateSize() {
        return stateSize;
    }

    public boolean isRecurrent() {
        return stateSize > 0;
    }

    /** Index of part {@code p}'s first parameter in the flat vector. */
    int parameterBase(int p) {
        return parameterBase[p];
    }

    /** Index of part {@code p}'s first state value in the state vector. */
    int stateBase(int p) {
        return stateBase[p];
    }

    /** The observation statistics, or null if the model reads raw observations. Update them while training. */
    public RunningMeanStd normalizer() {
        return normalizer;
    }

    /**
     * Writes one observation as the model's input: normalised (if the model has a normaliser) and in float, at
     * {@code into[offset .. offset + inputSize)}.
     */
    public void prepare(double[] observation, float[] into, int offset) {
        if (observation.length != io.inputSize()) {
            throw new IllegalArgumentException("observation of " + observation.length + " values; the model reads " + io.inputSize());
        }
        double[] x = observation;
        if (normalizer != null) {
            normalizer.normalize(observation, normalized, OBSERVATION_CLIP);
            x = normalized;
        }
        for (int i = 0; i < x.length; i++) into[offset + i] = (float) x[i];
    }

    /**
     * A plain-Java evaluator of up to {@code batch} samples at a time (rollouts, ES, test episodes): the parts'
     * Java steps when all have one, the graph otherwise.
     */
    public Evaluator evaluator(int batch) {
        return new Evaluator(this, batch);
    }

    /**
     * Forward and backward over {@code batch} sequences of {@code window} steps: fused when every part has a fused
     * pass and the model is stateless, the graph otherwise.
     *
     * @param inputGradient whether {@link BatchPass#inputGradient()} is wanted (DDPG's actor through its critic)
     */
    public BatchPass pass(int batch, int window, boolean inputGradient) {
        if (!isRecurrent()) {
            List<Part.FusedPass> fused = new ArrayList<>();
            for (Part part : parts) {
                Part.FusedPass f = part.fusedPass(batch * window);
                if (f == null) {
                    fused.forEach(Part.FusedPass::close);
                    return graphPass(batch, window, inputGradient, DataType.FLOAT);
                }
                fused.add(f);
            }
            return new FusedChainPass(this, fused, batch, window, inputGradient);
        }
        return graphPass(batch, window, inputGradient, DataType.FLOAT);
    }

    /** The pass through the definition itself (SameDiff), in {@code type}: FLOAT for training, DOUBLE for checks. */
    public BatchPass graphPass(int batch, int window, boolean inputGradient, DataType type) {
        return new GraphPass(this, batch, window, inputGradient, type);
    }

    /** The outputs of one time step of the definition: the output, the latent and the next state (or null). */
    record StepGraph(SDVariable output, SDVariable latent, SDVariable state) {
    }

    /** Defines one time step of every part, in order, splitting and joining the state vector between parts. */
    StepGraph defineStep(GraphPass.Scope scope, SDVariable input, SDVariable state) {
        SDVariable x = input;
        SDVariable latent = null;
        List<SDVariable> next = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            if (p == parts.size() - 1) latent = flatten(scope, x, latentSize());
            SDVariable partState = null;
            if (part.stateSize() > 0) {
                partState = state.get(org.nd4j.autodiff.samediff.SDIndex.all(),
                        org.nd4j.autodiff.samediff.SDIndex.interval(stateBase[p], stateBase[p] + part.stateSize()));
            }
            x = reshape(scope, x, part.inputShape());
            Part.Output out = part.define(scope.forPart(part), x, partState);
            if (part.stateSize() > 0) {
                if (out.state() == null) throw new IllegalStateException("recurrent part " + part.name() + " returned no state");
                next.add(out.state());
            }
            x = out.output();
        }
        SDVariable nextState = next.isEmpty() ? null
                : next.size() == 1 ? next.get(0) : scope.sd().concat(1, next.toArray(SDVariable[]::new));
        return new StepGraph(flatten(scope, x, io.outputSize()), latent, nextState);
    }

    private static SDVariable flatten(GraphPass.Scope scope, SDVariable x, int size) {
        return x.reshape(-1, size);
    }

    private static SDVariable reshape(GraphPass.Scope scope, SDVariable x, int[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = -1;
        for (int i = 0; i < shape.length; i++) s[i + 1] = shape[i];
        return x.reshape(s);
    }

    @Override
    public String toString() {
        return architecture + " " + io + " (" + parameters.size() + " parameters" + (isRecurrent() ? ", recurrent" : "") + ")";
    }
}
