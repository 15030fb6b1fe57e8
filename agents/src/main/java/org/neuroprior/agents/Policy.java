package org.neuroprior.agents;

import java.util.Arrays;

import org.neuroprior.architectures.Evaluator;
import org.neuroprior.architectures.Model;
import org.neuroprior.envs.Space;

/**
 * A trained model acting greedily in an environment: Box actions are its outputs clipped to [-1, 1], Discrete actions
 * the arg max of its outputs ({@link ActionCoding}). A recurrent model's state is carried from one {@link #act} to
 * the next and cleared by {@link #reset}, which every episode start must call. Used for test episodes, evaluation
 * and playing; the model (with its observation statistics) is all a saved policy needs.
 *
 * <p><b>Lanes.</b> Several episodes can be played at once ({@link Episodes#runLockstep}): {@link #act(int, double[][],
 * int[])} acts for n observations in one batch through the model, observation k in lane {@code lanes[k]}, each lane
 * with its own recurrent state. {@link #act(double[])} is the same computation with one observation in lane 0. The
 * model's plain-Java evaluation computes each sample alone, so a batch gives the same actions as one call per
 * observation; a model evaluated through its graph may differ from that in the last bits of its outputs.
 *
 * <p>Not thread-safe: {@link #copy()} for another thread.
 *
 * @param <A> the environment's action type
 */
public final class Policy<A> implements AutoCloseable {
    private final Model model;
    private final Space<A> space;
    private final ActionCoding<A> coding;
    private final int inputSize;
    private final int stateSize;
    private final int outputSize;
    private final double[][] single = new double[1][];
    private final int[] lane0 = {0};
    private Evaluator evaluator;
    private int capacity;        // lanes the buffers hold and the evaluator takes at once
    private float[] states;      // [capacity * stateSize], lane by lane
    private float[] inputs;      // [capacity * inputSize], prepared observations of the current call
    private float[] batchStates; // [capacity * stateSize], the current call's lanes' states, gathered
    private float[] outs;        // [capacity * outputSize]
    private double[] outputs;    // [capacity * outputSize], the last call's outputs
    private A[] actions;         // [capacity], the last call's actions

    /**
     * @throws IllegalArgumentException if the model's outputs do not fit the action space
     */
    public Policy(Model model, Space<A> space) {
        this.model = model;
        this.space = space;
        this.coding = ActionCoding.of(space);
        if (model.outputSize() != coding.outputs()) {
            throw new IllegalArgumentException("a model with " + model.outputSize() + " outputs cannot act in " + space
                    + ", which needs " + coding.outputs());
        }
        this.inputSize = model.inputSize();
        this.stateSize = model.stateSize();
        this.outputSize = model.outputSize();
        this.states = new float[0];
        ensureLanes(1);
    }

    public Model model() {
        return model;
    }

    public Space<A> actionSpace() {
        return space;
    }

    /** Clears every lane's recurrent state: call at every episode start. */
    public void reset() {
        Arrays.fill(states, 0f);
    }

    /**
     * Clears lane {@code lane}'s recurrent state (making room for it if needed): call when an episode starts there.
     *
     * @throws IllegalArgumentException if {@code lane < 0}
     */
    public void reset(int lane) {
        if (lane < 0) throw new IllegalArgumentException("lane must be >= 0, got " + lane);
        ensureLanes(lane + 1);
        Arrays.fill(states, lane * stateSize, (lane + 1) * stateSize, 0f);
    }

    /** The greedy action for {@code observation}, in lane 0 (a Box action is a buffer reused by the next call). */
    public A act(double[] observation) {
        single[0] = observation;
        act(1, single, lane0);
        return actions[0];
    }

    /**
     * Greedy actions for {@code n} observations in one batch: observation k is read in lane {@code lanes[k]} (whose
     * recurrent state it reads and advances); {@link #action(int) action(k)} is its action.
     *
     * @param observations at least n observations, each of the model's input size
     * @param lanes        n distinct lanes, each >= 0
     * @throws IllegalArgumentException if {@code n < 1} or the arrays hold fewer than n entries
     */
    public void act(int n, double[][] observations, int[] lanes) {
        if (n < 1 || observations.length < n || lanes.length < n) {
            throw new IllegalArgumentException("n must be in 1.." + Math.min(observations.length, lanes.length) + ", got " + n);
        }
        int most = 0;
        for (int k = 0; k < n; k++) most = Math.max(most, lanes[k] + 1);
        ensureLanes(Math.max(n, most));
        for (int k = 0; k < n; k++) {
            model.prepare(observations[k], inputs, k * inputSize);
            if (stateSize > 0) System.arraycopy(states, lanes[k] * stateSize, batchStates, k * stateSize, stateSize);
        }
        evaluator.evaluate(n, inputs, stateSize > 0 ? batchStates : null, outs);
        for (int k = 0; k < n; k++) {
            if (stateSize > 0) System.arraycopy(batchStates, k * stateSize, states, lanes[k] * stateSize, stateSize);
            for (int i = 0; i < outputSize; i++) outputs[k * outputSize + i] = outs[k * outputSize + i];
            actions[k] = coding.greedy(outputs, k * outputSize, actions[k]);
        }
    }

    /** The action for observation k of the last {@link #act(int, double[][], int[])} (a Box action is reused later). */
    public A action(int k) {
        return actions[k];
    }

    /** The model's raw outputs for the last {@link #act(double[])} (means, logits or Q values). */
    public double[] lastOutputs() {
        return Arrays.copyOf(outputs, outputSize);
    }

    /** Grows the buffers (keeping every lane's state) and the evaluator to take {@code lanes} observations at once. */
    private void ensureLanes(int lanes) {
        if (lanes <= capacity) return;
        if (evaluator != null) evaluator.close();
        evaluator = model.evaluator(lanes);
        states = Arrays.copyOf(states, lanes * stateSize);
        inputs = new float[lanes * inputSize];
        batchStates = new float[lanes * stateSize];
        outs = new float[lanes * outputSize];
        outputs = new double[lanes * outputSize];
        A[] grown = coding.newArray(lanes);
        for (int k = 0; k < lanes; k++) grown[k] = k < capacity ? actions[k] : coding.newAction();
        actions = grown;
        capacity = lanes;
    }

    /** An independent policy with a copy of the model. */
    public Policy<A> copy() {
        return new Policy<>(model.copy(), space);
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
