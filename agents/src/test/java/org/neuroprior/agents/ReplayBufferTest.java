package org.neuroprior.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The replay buffer keeps whole steps: transitions and windows come back as they were lived, final observations
 * included, with the collecting state of a window's first row; it wraps around and round-trips exactly.
 */
class ReplayBufferTest {

    /**
     * Episode e, step t has observation {100 e + t}, action {t, -t} and reward e + t / 10; its collecting state is
     * {e, t}. Episodes of {@code lengths[e]} steps; the last ends by termination if e is even, by truncation if odd.
     */
    private static ReplayBuffer fill(int capacity, int... lengths) {
        ReplayBuffer buffer = new ReplayBuffer(capacity, 1, 2, 2);
        for (int e = 0; e < lengths.length; e++) {
            for (int t = 0; t < lengths[e]; t++) {
                boolean last = t == lengths[e] - 1;
                buffer.add(new double[] {100 * e + t}, new double[] {t, -t}, e + t / 10.0, new double[] {100 * e + t + 1},
                        last && e % 2 == 0, last && e % 2 == 1, new float[] {e, t});
            }
        }
        return buffer;
    }

    @Test
    void transitionsAreTheStepsLivedWithTheirFinalObservations() {
        ReplayBuffer buffer = fill(100, 3, 2); // rows: 0 1 2 3(final) | 100 101 102(final)
        assertEquals(7, buffer.rows());
        int n = 2000;
        float[] obs = new float[n];
        float[] act = new float[2 * n];
        float[] reward = new float[n];
        float[] next = new float[n];
        float[] notTerminal = new float[n];
        buffer.sample(new SplittableRandom(1), n, obs, act, reward, next, notTerminal);
        Set<Float> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            seen.add(obs[i]);
            int e = (int) obs[i] / 100;
            int t = (int) obs[i] % 100;
            assertEquals(obs[i] + 1, next[i], "s' follows s, a final observation included");
            assertEquals(t, act[2 * i]);
            assertEquals(-t, act[2 * i + 1]);
            assertEquals((float) (e + t / 10.0), reward[i]);
            boolean terminal = e == 0 && t == 2; // episode 1 ends by truncation: not terminal
            assertEquals(terminal ? 0f : 1f, notTerminal[i], "step " + obs[i]);
        }
        assertEquals(Set.of(0f, 1f, 2f, 100f, 101f), seen, "every step is drawn, final observations never start one");
    }

    @Test
    void windowsCarryEpisodeStartsFinalObservationsAndTheFirstRowsCollectingState() {
        ReplayBuffer buffer = fill(100, 3, 2);
        ReplayBuffer.Windows w = new ReplayBuffer.Windows(500, 3, 1, 2, 2);
        assertTrue(buffer.sample(new SplittableRandom(2), w));
        Set<Float> firsts = new HashSet<>();
        for (int b = 0; b < 500; b++) {
            float first = w.observations[b * 4];
            firsts.add(first);
            // Rows in order: 0 1 2 3 100 101 102; the window holds 4 of them from its first.
            float[] order = {0, 1, 2, 3, 100, 101, 102};
            int k = java.util.Arrays.binarySearch(order, first);
            for (int t = 0; t < 4; t++) {
                float o = order[k + t];
                assertEquals(o, w.observations[b * 4 + t]);
                assertEquals(o == 0 || o == 100 ? 1f : 0f, w.starts[b * 4 + t], "episode start at " + o);
                if (t < 3) {
                    boolean isFinal = o == 3 || o == 102;
                    assertEquals(isFinal ? 0f : 1f, w.steps[b * 3 + t], "a final observation holds no step: " + o);
                    assertEquals(o == 2 ? 1f : 0f, w.terminated[b * 3 + t]);
                    assertEquals(o == 101 ? 1f : 0f, w.truncated[b * 3 + t]);
                }
            }
            assertArrayEquals(new float[] {(int) first / 100, (int) first % 100}, new float[] {w.states[2 * b], w.states[2 * b + 1]},
                    "the window starts from the state stored with its first row");
        }
        assertEquals(Set.of(0f, 1f, 2f), firsts, "windows start at steps with 3 rows after them");
    }

    @Test
    void aWindowNeedsRowsAfterItsStart() {
        ReplayBuffer buffer = fill(100, 1); // rows 0, 1(final)
        assertFalse(buffer.sample(new SplittableRandom(3), new ReplayBuffer.Windows(1, 2, 1, 2, 2)));
        assertTrue(buffer.sample(new SplittableRandom(3), new ReplayBuffer.Windows(1, 1, 1, 2, 2)));
    }

    @Test
    void theOldestRowsAreOverwrittenAndWindowsNeverCrossTheNewest() {
        ReplayBuffer buffer = fill(5, 4, 3); // 9 rows written into 5: 4(final) 100 101 102 103(final) remain
        assertEquals(5, buffer.rows());
        ReplayBuffer.Windows w = new ReplayBuffer.Windows(300, 2, 1, 2, 2);
        assertTrue(buffer.sample(new SplittableRandom(4), w));
        Set<Float> firsts = new HashSet<>();
        for (int b = 0; b < 300; b++) {
            firsts.add(w.observations[b * 3]);
            assertEquals(w.observations[b * 3] + 1, w.observations[b * 3 + 1]);
            assertEquals(w.observations[b * 3] + 2, w.observations[b * 3 + 2]);
        }
        assertEquals(Set.of(100f, 101f), firsts);
    }

    @Test
    void anObservationThatDoesNotContinueAnUnfinishedEpisodeIsRefused() {
        ReplayBuffer buffer = new ReplayBuffer(10, 1, 1, 0);
        buffer.add(new double[] {0}, new double[] {0}, 0, new double[] {1}, false, false, null);
        var e = assertThrows(IllegalArgumentException.class,
                () -> buffer.add(new double[] {7}, new double[] {0}, 0, new double[] {8}, false, false, null));
        assertTrue(e.getMessage().contains("does not continue"), e.getMessage());
    }

    @Test
    void aSavedBufferSamplesExactlyAsTheOriginal() throws IOException {
        ReplayBuffer original = fill(6, 4, 3, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            original.write(out);
        }
        ReplayBuffer copy = new ReplayBuffer(6, 1, 2, 2);
        copy.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        ReplayBuffer.Windows a = new ReplayBuffer.Windows(50, 2, 1, 2, 2);
        ReplayBuffer.Windows b = new ReplayBuffer.Windows(50, 2, 1, 2, 2);
        assertTrue(original.sample(new SplittableRandom(5), a));
        assertTrue(copy.sample(new SplittableRandom(5), b));
        assertArrayEquals(a.observations, b.observations);
        assertArrayEquals(a.actions, b.actions);
        assertArrayEquals(a.states, b.states);
        assertArrayEquals(a.starts, b.starts);
        // The episode goes on after a restore as it would have.
        double[] action = {0, 0};
        original.add(new double[] {302}, action, 0, new double[] {303}, false, false, new float[2]);
        copy.add(new double[] {302}, action, 0, new double[] {303}, false, false, new float[2]);
        var wrong = assertThrows(IllegalArgumentException.class, () -> copy.add(new double[] {9}, action, 0, new double[] {1}, false, false,
                new float[2]));
        assertTrue(wrong.getMessage().contains("does not continue"));
        var other = assertThrows(IOException.class, () -> new ReplayBuffer(7, 1, 2, 2).read(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
        assertTrue(other.getMessage().contains("7 rows"), other.getMessage());
    }
}
