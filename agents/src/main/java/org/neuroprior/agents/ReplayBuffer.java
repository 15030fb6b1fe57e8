package org.neuroprior.agents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The replay memory of off-policy agents (DDPG, DQN): the steps they lived, in the order they lived them, in float32,
 * the oldest overwritten when full. Saved and restored whole ({@link #write}, {@link #read}), so an off-policy run
 * resumes exactly.
 *
 * <p><b>Layout: whole steps.</b> One row per observation. A step (s, a, r, terminated, truncated) is kept in the row of
 * its observation s; the observation that followed it is the next row's. An episode of k steps takes k + 1 rows: the
 * row after its last step holds its final observation, which has no action (no transition starts there; a truncated
 * episode is bootstrapped from it). Each row also records whether it starts an episode and, for recurrent models,
 * the state the model had just before reading it while collecting ({@code stateSize} floats; 0 for stateless models).
 * Actions are rows of {@code actionWidth} numbers ({@link ActionCoding#width()}: a Box action's dimensions, or one
 * number holding a Discrete action's index). {@code capacity} counts rows, so a full buffer holds
 * {@code capacity - episodes} transitions.
 *
 * <p><b>Sampling</b> draws uniformly, with replacement, among the rows that hold a step: single transitions
 * ({@link #sample(SplittableRandom, int, float[], float[], float[], float[], float[])}) or windows of consecutive rows
 * for truncated backpropagation through time ({@link #sample(SplittableRandom, Windows)}). Every draw comes from the
 * caller's generator, so results depend only on it and on the buffer's content.
 *
 * <p>Not thread-safe.
 */
public final class ReplayBuffer {
    private static final byte STEP = 1;       // the row holds a step (it has an action)
    private static final byte START = 2;      // the row's observation starts an episode
    private static final byte TERMINATED = 4; // the step ended the episode in a terminal state
    private static final byte TRUNCATED = 8;  // the step ended the episode by a time limit (or another cut)

    private final int capacity;
    private final int obsSize;
    private final int actionWidth;
    private final int stateSize;
    private final float[] observations;
    private final float[] actions;
    private final float[] rewards;
    private final float[] states;
    private final byte[] flags;
    /** Rows stored (at most capacity). */
    private int rows;
    /** Physical index of the next row to write. */
    private int end;
    /** Whether the newest row is an observation that awaits its step (the episode goes on). */
    private boolean continuing;

    /**
     * An empty buffer.
     *
     * @param capacity    rows kept (observations: one per step, plus one per episode end), at least 2
     * @param obsSize     numbers per observation
     * @param actionWidth numbers per action
     * @param stateSize   floats of a recurrent model's state per row, 0 for a stateless model
     * @throws IllegalArgumentException if a size is out of range
     */
    public ReplayBuffer(int capacity, int obsSize, int actionWidth, int stateSize) {
        if (capacity < 2) throw new IllegalArgumentException("replay capacity = " + capacity + " is not valid; accepted: >= 2 rows");
        if (obsSize < 1 || actionWidth < 1 || stateSize < 0) {
            throw new IllegalArgumentException("replay rows of " + obsSize + " observation, " + actionWidth + " action and " + stateSize
                    + " state values are not valid; accepted: >= 1, >= 1, >= 0");
        }
        this.capacity = capacity;
        this.obsSize = obsSize;
        this.actionWidth = actionWidth;
        this.stateSize = stateSize;
        this.observations = new float[Math.multiplyExact(capacity, obsSize)];
        this.actions = new float[Math.multiplyExact(capacity, actionWidth)];
        this.rewards = new float[capacity];
        this.states = new float[Math.multiplyExact(capacity, stateSize)];
        this.flags = new byte[capacity];
    }

    /** Rows stored: observations, each episode's final one included. */
    public int rows() {
        return rows;
    }

    /** Rows kept at most. */
    public int capacity() {
        return capacity;
    }

    /**
     * Stores one step. An episode's steps must come in order: unless the previous step ended its episode (terminated
     * or truncated), {@code observation} is the previous step's {@code next}, which is already stored; otherwise it
     * starts a new episode.
     *
     * @param observation the observation the action answered
     * @param action      {@code actionWidth} numbers
     * @param reward      the reward that followed
     * @param next        the observation after the step (an ended episode's final observation)
     * @param terminated  the episode ended in a terminal state
     * @param truncated   the episode was cut (time limit); its final observation can still be bootstrapped from
     * @param state       the model's state just before reading {@code observation} ({@code stateSize} floats), or
     *                    null for a stateless model
     * @throws IllegalArgumentException if {@code observation} does not continue the previous, unfinished step, or a
     *                                  length is wrong
     */
    public void add(double[] observation, double[] action, double reward, double[] next, boolean terminated, boolean truncated,
                    float[] state) {
        if (observation.length != obsSize || next.length != obsSize || action.length < actionWidth
                || (state == null ? stateSize != 0 : state.length != stateSize)) {
            throw new IllegalArgumentException("a step of " + observation.length + " + " + next.length + " observation, " + action.length
                    + " action and " + (state == null ? 0 : state.length) + " state values does not fit rows of " + obsSize + ", "
                    + actionWidth + ", " + stateSize);
        }
        int row;
        if (continuing) {
            row = physical(rows - 1);
            for (int i = 0; i < obsSize; i++) {
                if (observations[row * obsSize + i] != (float) observation[i]) {
                    throw new IllegalArgumentException("the observation does not continue the previous step, whose episode was not over; "
                            + "mark episode ends with terminated or truncated");
                }
            }
        } else {
            row = append();
            writeObservation(row, observation);
            flags[row] = START;
        }
        if (stateSize > 0) System.arraycopy(state, 0, states, row * stateSize, stateSize);
        for (int i = 0; i < actionWidth; i++) actions[row * actionWidth + i] = (float) action[i];
        rewards[row] = (float) reward;
        flags[row] |= (byte) (STEP | (terminated ? TERMINATED : 0) | (truncated ? TRUNCATED : 0));
        int following = append();
        writeObservation(following, next);
        flags[following] = 0;
        continuing = !(terminated || truncated);
    }

    private int append() {
        int row = end;
        end = (end + 1) % capacity;
        rows = Math.min(rows + 1, capacity);
        Arrays.fill(actions, row * actionWidth, (row + 1) * actionWidth, 0f);
        Arrays.fill(states, row * stateSize, (row + 1) * stateSize, 0f);
        rewards[row] = 0;
        return row;
    }

    private void writeObservation(int row, double[] observation) {
        for (int i = 0; i < obsSize; i++) observations[row * obsSize + i] = (float) observation[i];
    }

    /** The physical index of the {@code k}-th oldest row. */
    private int physical(int k) {
        return Math.floorMod(end - rows + k, capacity);
    }

    /** Whether some row holds a step and is followed by at least {@code window} rows. */
    private boolean hasStart(int window) {
        int candidates = rows - window; // the newest row never holds a step: it awaits one, or ends an episode
        // Rows without a step are never adjacent, so with two candidates or more one of them holds a step.
        return candidates > 1 || (candidates == 1 && (flags[physical(0)] & STEP) != 0);
    }

    /** The logical index (0 = oldest) of a uniformly drawn row that holds a step and is followed by {@code window} rows. */
    private int drawStart(SplittableRandom rng, int window) {
        int candidates = rows - window;
        while (true) {
            int k = rng.nextInt(candidates);
            if ((flags[physical(k)] & STEP) != 0) return k;
        }
    }

    /**
     * Fills the arrays (row-major) with {@code batch} single transitions drawn uniformly with replacement:
     * observations, actions, rewards, next observations and 1 - terminated.
     *
     * @throws IllegalStateException if the buffer holds no transition yet
     */
    public void sample(SplittableRandom rng, int batch, float[] obs, float[] act, float[] reward, float[] nextObs, float[] notTerminal) {
        if (!hasStart(1)) throw new IllegalStateException("the replay buffer holds no transition yet");
        for (int b = 0; b < batch; b++) {
            int k = drawStart(rng, 1);
            int row = physical(k);
            int next = physical(k + 1);
            System.arraycopy(observations, row * obsSize, obs, b * obsSize, obsSize);
            System.arraycopy(observations, next * obsSize, nextObs, b * obsSize, obsSize);
            System.arraycopy(actions, row * actionWidth, act, b * actionWidth, actionWidth);
            reward[b] = rewards[row];
            notTerminal[b] = (flags[row] & TERMINATED) != 0 ? 0f : 1f;
        }
    }

    /**
     * Fills {@code into} with {@link Windows#batch()} windows drawn uniformly with replacement: each starts at a row
     * that holds a step and takes the {@link Windows#window()} rows from there as its steps, plus the row after them
     * (the observation that followed the last one). A window may cross episode boundaries: {@link Windows#starts}
     * marks where episodes begin, and {@link Windows#steps} is 0 at rows that end an episode (they hold no step).
     *
     * @return false (and {@code into} untouched) if the buffer cannot supply such a window yet
     * @throws IllegalArgumentException if {@code into} was made for other row sizes
     */
    public boolean sample(SplittableRandom rng, Windows into) {
        if (into.obsSize != obsSize || into.actionWidth != actionWidth || into.stateSize != stateSize) {
            throw new IllegalArgumentException("windows of " + into.obsSize + ", " + into.actionWidth + ", " + into.stateSize
                    + " values do not fit rows of " + obsSize + ", " + actionWidth + ", " + stateSize);
        }
        int w = into.window;
        if (!hasStart(w)) return false;
        for (int b = 0; b < into.batch; b++) {
            int k = drawStart(rng, w);
            System.arraycopy(states, physical(k) * stateSize, into.states, b * stateSize, stateSize);
            for (int t = 0; t <= w; t++) {
                int row = physical(k + t);
                int o = b * (w + 1) + t;
                System.arraycopy(observations, row * obsSize, into.observations, o * obsSize, obsSize);
                into.starts[o] = (flags[row] & START) != 0 ? 1f : 0f;
                if (t == w) break;
                int s = b * w + t;
                System.arraycopy(actions, row * actionWidth, into.actions, s * actionWidth, actionWidth);
                into.rewards[s] = rewards[row];
                into.steps[s] = (flags[row] & STEP) != 0 ? 1f : 0f;
                into.terminated[s] = (flags[row] & TERMINATED) != 0 ? 1f : 0f;
                into.truncated[s] = (flags[row] & TRUNCATED) != 0 ? 1f : 0f;
            }
        }
        return true;
    }

    /**
     * A batch of windows of consecutive rows, as {@link #sample(SplittableRandom, Windows)} fills it; allocate it once.
     * Window b's observation t is at {@code observations[((b * (window + 1)) + t) * obsSize ...]} (t = 0 .. window), its
     * step t at index {@code b * window + t} of the per-step arrays (t = 0 .. window - 1): step t was taken from
     * observation t and was followed by observation t + 1.
     */
    public static final class Windows {
        private final int batch;
        private final int window;
        private final int obsSize;
        private final int actionWidth;
        private final int stateSize;
        /** [batch, window + 1, obsSize]: the observations of each window's rows. */
        public final float[] observations;
        /** [batch, window + 1]: 1 where an observation starts an episode (a recurrent state is zeroed before it). */
        public final float[] starts;
        /** [batch, stateSize]: the collecting state stored with each window's first row. */
        public final float[] states;
        /** [batch, window, actionWidth]: each step's action. */
        public final float[] actions;
        /** [batch, window]: each step's reward. */
        public final float[] rewards;
        /** [batch, window]: 1 where the row holds a step, 0 where it is an episode's final observation. */
        public final float[] steps;
        /** [batch, window]: 1 where the step ended its episode in a terminal state. */
        public final float[] terminated;
        /** [batch, window]: 1 where the step's episode was cut (time limit). */
        public final float[] truncated;

        /**
         * @param batch  windows per sample (>= 1)
         * @param window steps per window (>= 1; 1 for single transitions)
         * @throws IllegalArgumentException if a size is out of range
         */
        public Windows(int batch, int window, int obsSize, int actionWidth, int stateSize) {
            if (batch < 1 || window < 1) throw new IllegalArgumentException("batch and window must be >= 1, got " + batch + ", " + window);
            this.batch = batch;
            this.window = window;
            this.obsSize = obsSize;
            this.actionWidth = actionWidth;
            this.stateSize = stateSize;
            int rows = Math.multiplyExact(batch, window + 1);
            int steps = Math.multiplyExact(batch, window);
            this.observations = new float[Math.multiplyExact(rows, obsSize)];
            this.starts = new float[rows];
            this.states = new float[Math.multiplyExact(batch, stateSize)];
            this.actions = new float[Math.multiplyExact(steps, actionWidth)];
            this.rewards = new float[steps];
            this.steps = new float[steps];
            this.terminated = new float[steps];
            this.truncated = new float[steps];
        }

        public int batch() {
            return batch;
        }

        public int window() {
            return window;
        }
    }

    /** Writes the rows, oldest first, with the sizes they were made for. */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(obsSize);
        out.writeInt(actionWidth);
        out.writeInt(stateSize);
        out.writeInt(rows);
        out.writeBoolean(continuing);
        for (int k = 0; k < rows; k++) {
            int row = physical(k);
            for (int i = 0; i < obsSize; i++) out.writeFloat(observations[row * obsSize + i]);
            for (int i = 0; i < actionWidth; i++) out.writeFloat(actions[row * actionWidth + i]);
            for (int i = 0; i < stateSize; i++) out.writeFloat(states[row * stateSize + i]);
            out.writeFloat(rewards[row]);
            out.writeByte(flags[row]);
        }
    }

    /**
     * Restores what {@link #write} wrote (the rows keep their order, so sampling continues exactly).
     *
     * @throws IOException if the saved buffer was made for another capacity or other row sizes
     */
    public void read(DataInputStream in) throws IOException {
        int c = in.readInt();
        int o = in.readInt();
        int a = in.readInt();
        int s = in.readInt();
        if (c != capacity || o != obsSize || a != actionWidth || s != stateSize) {
            throw new IOException("replay buffer in the checkpoint is " + c + " rows of (" + o + ", " + a + ", " + s + ") values, this agent's is "
                    + capacity + " rows of (" + obsSize + ", " + actionWidth + ", " + stateSize + ")");
        }
        int n = in.readInt();
        if (n < 0 || n > capacity) throw new IOException("replay buffer in the checkpoint holds " + n + " rows, more than its capacity " + c);
        boolean cont = in.readBoolean();
        for (int row = 0; row < n; row++) {
            for (int i = 0; i < obsSize; i++) observations[row * obsSize + i] = in.readFloat();
            for (int i = 0; i < actionWidth; i++) actions[row * actionWidth + i] = in.readFloat();
            for (int i = 0; i < stateSize; i++) states[row * stateSize + i] = in.readFloat();
            rewards[row] = in.readFloat();
            flags[row] = in.readByte();
        }
        rows = n;
        end = n % capacity;
        continuing = cont;
    }
}
