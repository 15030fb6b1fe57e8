package org.neuroprior.envs.rl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.deeplearning4j.gym.StepReply;
import org.deeplearning4j.rl4j.space.Box;
import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

class MdpAdapterTest {

    private final List<Corridor> made = new ArrayList<>();

    private Supplier<Env<Integer>> corridors(int length, int timeLimit) {
        return () -> {
            Corridor c = new Corridor(length, timeLimit);
            made.add(c);
            return c;
        };
    }

    private static int position(Box obs) {
        double[] a = obs.toArray();
        for (int i = 0; i < a.length; i++) if (a[i] == 1) return i;
        throw new AssertionError("not one-hot");
    }

    @Test
    void spacesMirrorTheEnv() {
        MdpAdapter mdp = new MdpAdapter(corridors(8, 20), 1);
        assertArrayEquals(new int[] {8}, mdp.getObservationSpace().getShape());
        assertEquals(2, mdp.getActionSpace().getSize());
        int a = mdp.getActionSpace().randomAction();
        assertTrue(a == 0 || a == 1);
        assertEquals(0, mdp.getActionSpace().noOp());
        mdp.close();
    }

    @Test
    void firstResetIsSeededLaterResetsContinueTheStream() {
        MdpAdapter mdp = new MdpAdapter(corridors(8, 20), 7);
        Corridor env = made.get(0);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) starts.add(position(mdp.reset()));
        assertEquals(1, env.seededResets);
        assertEquals(6, env.resets);

        MdpAdapter again = new MdpAdapter(corridors(8, 20), 7);
        List<Integer> startsAgain = new ArrayList<>();
        for (int i = 0; i < 6; i++) startsAgain.add(position(again.reset()));
        assertEquals(starts, startsAgain, "same seed, same episodes");
        assertTrue(starts.stream().distinct().count() > 1, "later resets continue the stream: " + starts);
    }

    @Test
    void stepReturnsRewardObservationAndInfo() {
        MdpAdapter mdp = new MdpAdapter(corridors(8, 20), 3);
        int p = position(mdp.reset());
        assertFalse(mdp.isDone());
        StepReply<Box> r = mdp.step(1);
        assertEquals(p + 1, position(r.getObservation()));
        assertEquals(-Corridor.STEP_COST, r.getReward(), 0);
        assertFalse(r.isDone());
        assertFalse(mdp.isDone());
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) r.getInfo();
        assertEquals(-Corridor.STEP_COST, info.get("reward"));
        assertEquals(false, info.get("done"));
        assertEquals(false, info.get("terminated"));
        assertEquals(false, info.get("truncated"));
        assertEquals(1, info.get("t"), "env info is carried over");
        assertThrows(UnsupportedOperationException.class, () -> info.put("x", 1));
    }

    @Test
    void terminationEndsTheEpisodeAndIsTerminal() {
        MdpAdapter mdp = new MdpAdapter(corridors(8, 20), 3);
        mdp.reset();
        StepReply<Box> r;
        do r = mdp.step(1); while (!mdp.isDone());
        assertTrue(r.isDone(), "termination is RL4J's terminal flag");
        assertEquals(Corridor.GOAL_REWARD, r.getReward(), 0);
        assertEquals(7, position(r.getObservation()));
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) r.getInfo();
        assertEquals(true, info.get("terminated"));
        assertEquals(true, info.get("done"));
        assertThrows(IllegalStateException.class, () -> mdp.step(1), "no stepping past the end");
        mdp.reset();
        assertFalse(mdp.isDone());
    }

    @Test
    void truncationEndsTheEpisodeButIsNotTerminal() {
        MdpAdapter mdp = new MdpAdapter(corridors(8, 5), 3);
        mdp.reset();
        StepReply<Box> r = null;
        int steps = 0;
        while (!mdp.isDone()) {
            r = mdp.step(0); // walk into the left wall until the time limit
            steps++;
        }
        assertEquals(5, steps);
        assertFalse(r.isDone(), "a truncated transition must still be bootstrapped");
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) r.getInfo();
        assertEquals(true, info.get("truncated"));
        assertEquals(false, info.get("terminated"));
        assertEquals(true, info.get("done"));
    }

    @Test
    void observationsAreCopiesNotTheEnvsArray() {
        MdpAdapter mdp = new MdpAdapter(corridors(8, 20), 11);
        Box first = mdp.reset();
        double[] before = first.toArray().clone();
        int p = position(first);
        StepReply<Box> r = mdp.step(1);
        assertArrayEquals(before, first.toArray(), "the env overwrote its array; our copy must not change");
        assertEquals(p, position(first));
        assertEquals(p + 1, position(r.getObservation()));
        made.get(0).reset().observation()[0] = 42; // scribble on the env's array
        assertNotEquals(42, r.getObservation().toArray()[0]);
    }

    @Test
    void stepBeforeResetFails() {
        MdpAdapter mdp = new MdpAdapter(corridors(8, 20), 1);
        assertTrue(mdp.isDone(), "no episode runs before reset");
        assertThrows(IllegalStateException.class, () -> mdp.step(0));
    }

    @Test
    void invalidActionIsRejectedByTheEnv() {
        MdpAdapter mdp = new MdpAdapter(corridors(8, 20), 1);
        mdp.reset();
        assertThrows(IllegalArgumentException.class, () -> mdp.step(2));
    }

    @Test
    void closeIsIdempotentAndClosesTheEnv() {
        MdpAdapter mdp = new MdpAdapter(corridors(8, 20), 1);
        mdp.reset();
        mdp.close();
        assertTrue(made.get(0).closed);
        mdp.close();
        assertTrue(mdp.isDone());
        assertThrows(IllegalStateException.class, mdp::reset);
        assertThrows(IllegalStateException.class, () -> mdp.step(1));
    }

    @Test
    void newInstanceIsAFreshIndependentEnvWithADerivedSeed() {
        MdpAdapter mdp = new MdpAdapter(corridors(8, 20), 5);
        MdpAdapter a = mdp.newInstance();
        MdpAdapter b = mdp.newInstance();
        assertEquals(3, made.size(), "each instance builds its own env");
        assertNotSame(mdp.env(), a.env());
        assertNotEquals(mdp.seed(), a.seed());
        assertNotEquals(a.seed(), b.seed());

        // deterministic: a second parent with the same seed derives the same child seeds
        MdpAdapter twin = new MdpAdapter(corridors(8, 20), 5);
        assertEquals(a.seed(), twin.newInstance().seed());

        // independent: stepping or closing one does not touch the other
        mdp.reset();
        a.reset();
        int pa = ((Corridor) a.env()).position();
        mdp.step(1);
        mdp.step(1);
        assertEquals(pa, ((Corridor) a.env()).position());
        mdp.close();
        assertFalse(((Corridor) a.env()).closed);
        a.step(1);
        assertFalse(b.env() == a.env());
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void boxActionEnvIsRejectedWithAHint() {
        Corridor inner = new Corridor();
        boolean[] closed = {false};
        Env boxEnv = new Env<double[]>() {
            @Override public org.neuroprior.envs.Box observationSpace() { return inner.observationSpace(); }
            @Override public Space<double[]> actionSpace() { return org.neuroprior.envs.Box.uniform(2, -1, 1); }
            @Override public Step reset(long seed) { return inner.reset(seed); }
            @Override public Step reset() { return inner.reset(); }
            @Override public Step step(double[] action) { return inner.step(0); }
            @Override public void close() { closed[0] = true; }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MdpAdapter(() -> (Env<Integer>) boxEnv, 1));
        assertTrue(e.getMessage().contains("Box"), e.getMessage());
        assertTrue(e.getMessage().contains("DiscretizeAction"), e.getMessage());
        assertTrue(closed[0], "the rejected env is closed");
    }

    @Test
    void discreteSpaceSizeIsCarriedOver() {
        Corridor inner = new Corridor();
        Env<Integer> five = new Env<>() {
            @Override public org.neuroprior.envs.Box observationSpace() { return inner.observationSpace(); }
            @Override public Space<Integer> actionSpace() { return new Discrete(5); }
            @Override public Step reset(long seed) { return inner.reset(seed); }
            @Override public Step reset() { return inner.reset(); }
            @Override public Step step(Integer action) { return inner.step(action % 2); }
            @Override public void close() { inner.close(); }
        };
        MdpAdapter mdp = new MdpAdapter(() -> five, 1);
        assertEquals(5, mdp.getActionSpace().getSize());
    }
}
