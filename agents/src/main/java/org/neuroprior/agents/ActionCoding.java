package org.neuroprior.agents;

import java.util.Arrays;

import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Space;

/**
 * How agents turn numbers into an environment's actions, for the two kinds of action space:
 * <ul>
 *   <li>{@link Box} (continuous): a policy model writes one bounded output per action dimension (in [-1, 1]; the
 *       experiment rescales other bounds with {@code RescaleAction}); an action is those numbers clipped to [-1, 1].
 *   </li>
 *   <li>{@link Discrete} (n actions): a model writes one unbounded output per action (logits or Q values); the greedy
 *       action is the index of the largest; a stored action is its index as a number.</li>
 * </ul>
 *
 * @param <A> {@code double[]} for a Box, {@code Integer} for a Discrete space
 */
public abstract sealed class ActionCoding<A> permits ActionCoding.Continuous, ActionCoding.Categorical {

    /**
     * The coding of {@code space}.
     *
     * @throws IllegalArgumentException for a Box that is not [-1, 1] in every dimension
     */
    @SuppressWarnings("unchecked")
    public static <A> ActionCoding<A> of(Space<A> space) {
        if (space instanceof Box box) return (ActionCoding<A>) new Continuous(box);
        return (ActionCoding<A>) new Categorical((Discrete) space); // Space is sealed: Box or Discrete
    }

    /** Outputs a policy model needs: one per dimension (Box) or per action (Discrete). */
    public abstract int outputs();

    /** Numbers that store one action: its dimensions (Box) or 1, the index (Discrete). */
    public abstract int width();

    public abstract boolean isDiscrete();

    /** A new array for one action per environment of a vector env. */
    public abstract A[] newArray(int n);

    /**
     * The greedy action for a model's outputs {@code outputs[offset .. offset + outputs())}: clipped (Box) or the
     * arg max (Discrete; ties go to the lowest index). {@code reuse} may be filled and returned (Box).
     */
    public abstract A greedy(double[] outputs, int offset, A reuse);

    /** The action stored as {@code row[offset .. offset + width())} (a sampled action), clipped to the space. */
    public abstract A decode(double[] row, int offset, A reuse);

    /** A fresh buffer for {@link #greedy} / {@link #decode} (null for Discrete, whose actions are immutable). */
    public abstract A newAction();

    /** Box actions in [-1, 1]. */
    public static final class Continuous extends ActionCoding<double[]> {
        private final int size;

        Continuous(Box box) {
            for (int i = 0; i < box.size(); i++) {
                if (box.low(i) != -1 || box.high(i) != 1) {
                    throw new IllegalArgumentException("agents act in [-1, 1]; the action space is " + box
                            + " (wrap the environment in RescaleAction)");
                }
            }
            this.size = box.size();
        }

        @Override
        public int outputs() {
            return size;
        }

        @Override
        public int width() {
            return size;
        }

        @Override
        public boolean isDiscrete() {
            return false;
        }

        @Override
        public double[][] newArray(int n) {
            return new double[n][size];
        }

        @Override
        public double[] greedy(double[] outputs, int offset, double[] reuse) {
            return decode(outputs, offset, reuse);
        }

        @Override
        public double[] decode(double[] row, int offset, double[] reuse) {
            double[] a = reuse != null ? reuse : new double[size];
            for (int i = 0; i < size; i++) a[i] = Math.max(-1, Math.min(1, row[offset + i]));
            return a;
        }

        @Override
        public double[] newAction() {
            return new double[size];
        }
    }

    /** Discrete actions 0 .. n - 1. */
    public static final class Categorical extends ActionCoding<Integer> {
        private final int n;

        Categorical(Discrete space) {
            this.n = space.n();
        }

        @Override
        public int outputs() {
            return n;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public boolean isDiscrete() {
            return true;
        }

        @Override
        public Integer[] newArray(int count) {
            Integer[] a = new Integer[count];
            Arrays.fill(a, 0);
            return a;
        }

        @Override
        public Integer greedy(double[] outputs, int offset, Integer reuse) {
            int best = 0;
            for (int i = 1; i < n; i++) if (outputs[offset + i] > outputs[offset + best]) best = i;
            return best;
        }

        @Override
        public Integer decode(double[] row, int offset, Integer reuse) {
            int a = (int) row[offset];
            if (a < 0 || a >= n) throw new IllegalArgumentException("action " + row[offset] + " is not in 0.." + (n - 1));
            return a;
        }

        @Override
        public Integer newAction() {
            return null;
        }
    }
}
