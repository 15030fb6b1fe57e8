package org.neuroprior.envs.whisker.tasks;

/**
 * The meaning of a {@code whisker-active} action index: 0 to 5 move the head one control step along +x, -x, +y, -y,
 * +z, -z (lateral, rostral, dorsal in the head frame); {@code 6 + k} names class k and ends the episode.
 */
public sealed interface ActiveAction {
    int MOVES = 6;

    /** Move along {@code axis} (0 x, 1 y, 2 z) in the direction {@code sign} (+1 or -1). */
    record Move(int axis, int sign) implements ActiveAction {
        public Move {
            if (axis < 0 || axis > 2 || (sign != 1 && sign != -1)) {
                throw new IllegalArgumentException("move axis " + axis + ", sign " + sign + "; accepted: axis 0..2, sign +1 or -1");
            }
        }
    }

    /** Answer: the object is of class {@code classIndex}. */
    record Name(int classIndex) implements ActiveAction {
        public Name {
            if (classIndex < 0) throw new IllegalArgumentException("class index " + classIndex + " is negative");
        }
    }

    /** The action with index {@code action} (>= 0; the env checks the upper end). */
    static ActiveAction decode(int action) {
        if (action < 0) throw new IllegalArgumentException("action " + action + " is negative");
        return action < MOVES ? new Move(action / 2, action % 2 == 0 ? 1 : -1) : new Name(action - MOVES);
    }

    /** The index of {@code action}. */
    static int encode(ActiveAction action) {
        if (action instanceof Move m) return 2 * m.axis() + (m.sign() > 0 ? 0 : 1);
        return MOVES + ((Name) action).classIndex(); // the only other kind (sealed)
    }
}
