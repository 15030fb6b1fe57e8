package org.neuroprior.agents.ddpg;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * A ring buffer of transitions (s, a, r, s', terminated) in float32, the oldest overwritten when full. Saved
 * and restored whole, so an off-policy run resumes exactly.
 */
final class ReplayBuffer {
    private final int capacity;
    private final int obsSize;
    private final int actSize;
    private final float[] observations;
    private final float[] actions;
    private final float[] rewards;
    private final float[] nextObservations;
    private final boolean[] terminated;
    private int size;
    private int next;

    ReplayBuffer(int capacity, int obsSize, int actSize) {
        this.capacity = capacity;
        this.obsSize = obsSize;
        this.actSize = actSize;
        this.observations = new float[Math.multiplyExact(capacity, obsSize)];
        this.actions = new float[Math.multiplyExact(capacity, actSize)];
        this.rewards = new float[capacity];
        this.nextObservations = new float[Math.multiplyExact(capacity, obsSize)];
        this.terminated = new boolean[capacity];
    }

    int size() {
        return size;
    }

    void add(double[] obs, double[] act, double reward, double[] nextObs, boolean isTerminal) {
        for (int i = 0; i < obsSize; i++) {
            observations[next * obsSize + i] = (float) obs[i];
            nextObservations[next * obsSize + i] = (float) nextObs[i];
        }
        for (int i = 0; i < actSize; i++) actions[next * actSize + i] = (float) act[i];
        rewards[next] = (float) reward;
        terminated[next] = isTerminal;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /** Fills the batch arrays (row-major) with {@code batch} transitions drawn uniformly with replacement. */
    void sample(SplittableRandom rng, int batch, float[] obs, float[] act, float[] reward, float[] nextObs, float[] notTerminal) {
        for (int b = 0; b < batch; b++) {
            int j = rng.nextInt(size);
            System.arraycopy(observations, j * obsSize, obs, b * obsSize, obsSize);
            System.arraycopy(nextObservations, j * obsSize, nextObs, b * obsSize, obsSize);
            System.arraycopy(actions, j * actSize, act, b * actSize, actSize);
            reward[b] = rewards[j];
            notTerminal[b] = terminated[j] ? 0f : 1f;
        }
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(obsSize);
        out.writeInt(actSize);
        out.writeInt(size);
        out.writeInt(next);
        for (int i = 0; i < size; i++) {
            for (int k = 0; k < obsSize; k++) out.writeFloat(observations[i * obsSize + k]);
            for (int k = 0; k < obsSize; k++) out.writeFloat(nextObservations[i * obsSize + k]);
            for (int k = 0; k < actSize; k++) out.writeFloat(actions[i * actSize + k]);
            out.writeFloat(rewards[i]);
            out.writeBoolean(terminated[i]);
        }
    }

    void read(DataInputStream in) throws IOException {
        int c = in.readInt();
        int o = in.readInt();
        int a = in.readInt();
        if (c != capacity || o != obsSize || a != actSize) {
            throw new IOException("replay buffer in the checkpoint is " + c + " x (" + o + ", " + a + "), this agent's is "
                    + capacity + " x (" + obsSize + ", " + actSize + ")");
        }
        size = in.readInt();
        next = in.readInt();
        for (int i = 0; i < size; i++) {
            for (int k = 0; k < obsSize; k++) observations[i * obsSize + k] = in.readFloat();
            for (int k = 0; k < obsSize; k++) nextObservations[i * obsSize + k] = in.readFloat();
            for (int k = 0; k < actSize; k++) actions[i * actSize + k] = in.readFloat();
            rewards[i] = in.readFloat();
            terminated[i] = in.readBoolean();
        }
    }
}
