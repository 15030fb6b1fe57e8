package org.neuroprior.agents;

import org.neuroprior.architectures.Evaluator;
import org.neuroprior.architectures.Model;
import org.neuroprior.envs.Space;

/**
 * A trained model acting greedily in an environment: Box actions are its outputs clipped to [-1, 1], Discrete actions
 * the arg max of its outputs ({@link ActionCoding}). A recurrent model's state is carried from one {@link #act} to
 * the next and cleared by {@link #reset}, which every episode start must call. Used for test episodes, evaluation
 * and playing; the model (with its observation statistics) is all a saved policy needs.
 *
 * <p>Not thread-safe: {@link #copy()} for another thread.
 *
 * @param <A> the environment's action type
 */
public final class Policy<A> implements AutoCloseable {
    private final Model model;
    private final Space<A> space;
    private final ActionCoding<A> coding;
    private final Evaluator evaluator;
    private final float[] state;
    private final double[] outputs;
    private final A action;

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
        this.evaluator = model.evaluator(1);
        this.state = new float[model.stateSize()];
        this.outputs = new double[model.outputSize()];
        this.action = coding.newAction();
    }

    public Model model() {
        return model;
    }

    public Space<A> actionSpace() {
        return space;
    }

    /** Clears the recurrent state: call at every episode start. */
    public void reset() {
        java.util.Arrays.fill(state, 0f);
    }

    /** The greedy action for {@code observation} (a Box action is a buffer reused by the next call). */
    public A act(double[] observation) {
        evaluator.evaluate(observation, state, outputs);
        return coding.greedy(outputs, 0, action);
    }

    /** The model's raw outputs for the last {@link #act} (means, logits or Q values). */
    public double[] lastOutputs() {
        return outputs;
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
