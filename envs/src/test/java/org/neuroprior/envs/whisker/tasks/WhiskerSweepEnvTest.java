package org.neuroprior.envs.whisker.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.gym.StepReply;
import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.rl4j.MdpAdapter;

/** Sweeps cost a few tenths of a second each: these tests use the low protocol and 4 links, and few resets. */
class WhiskerSweepEnvTest {
    private static final int STEPS = 110;
    static final Map<String, Object> LEAN = Map.of("protocol", "low", "links", 4, "classes", "box,torus,mug");

    static WhiskerSweepEnv unwrapped(Env<?> env) {
        return (WhiskerSweepEnv) env.unwrapped();
    }

    @Test
    void anEpisodeReplays110FramesAndOnlyTheLastActionIsTheAnswer() {
        try (Env<Integer> env = Envs.makeDiscrete("whisker-sweep", LEAN)) {
            assertEquals(new org.neuroprior.envs.Discrete(3), env.actionSpace());
            assertEquals(211, env.observationSpace().size());
            Step s = env.reset(5);
            int label = unwrapped(env).label();
            int wrong = (label + 1) % 3;
            List<double[]> frames = new ArrayList<>();
            frames.add(s.observation().clone());
            assertEquals(-1.0, s.observation()[210]);
            double peak = 0;
            for (int t = 1; t <= STEPS; t++) {
                s = env.step(t < STEPS ? wrong : label); // ignored until the last step
                for (double v : s.observation()) assertTrue(Double.isFinite(v));
                for (int i = 0; i < 210; i++) peak = Math.max(peak, Math.abs(s.observation()[i]));
                if (t < STEPS) {
                    assertEquals(0.0, s.reward());
                    assertFalse(s.done(), "step " + t);
                    frames.add(s.observation().clone());
                }
            }
            assertEquals(1.0, s.observation()[210], 1e-12, "the last frame is marked +1");
            assertEquals(1.0, s.reward(), "right class");
            assertTrue(s.terminated());
            assertFalse(s.truncated());
            assertEquals(label, s.info().get("label"));
            assertEquals(true, s.info().get("correct"));
            assertTrue(peak > 0.1, "the object touched some whisker: peak " + peak);
            assertThrows(IllegalStateException.class, () -> env.step(0), "no frames after the answer");

            // Same seed: the same sweep, frame for frame; a wrong answer earns 0.
            s = env.reset(5);
            assertEquals(label, unwrapped(env).label());
            assertArrayEquals(frames.get(0), s.observation());
            for (int t = 1; t < STEPS; t++) assertArrayEquals(frames.get(t), env.step(label).observation(), "frame " + t);
            s = env.step(wrong);
            assertEquals(0.0, s.reward());
            assertTrue(s.terminated());
            assertEquals(false, s.info().get("correct"));
        }
    }

    /** RL4J's view: 110 steps per episode, terminal at the answer, rewards in {0, 1}. */
    @Test
    void runsThroughTheRl4jAdapter() {
        MdpAdapter mdp = new MdpAdapter(() -> Envs.makeDiscrete("whisker-sweep", LEAN), 3);
        assertEquals(3, mdp.getActionSpace().getSize());
        assertArrayEquals(new int[] {211}, mdp.getObservationSpace().getShape());
        for (int episode = 0; episode < 2; episode++) {
            mdp.reset();
            int label = unwrapped(mdp.env()).label();
            int steps = 0;
            StepReply<org.deeplearning4j.rl4j.space.Box> r = null;
            double total = 0;
            while (!mdp.isDone()) {
                r = mdp.step(1);
                steps++;
                total += r.getReward();
                assertTrue(r.getReward() == 0 || r.getReward() == 1, "reward " + r.getReward());
                assertEquals(211, r.getObservation().toArray().length);
            }
            assertEquals(110, steps);
            assertTrue(r.isDone(), "the answer ends the episode as a terminal transition");
            assertEquals(label == 1 ? 1.0 : 0.0, total);
        }
        mdp.close();
    }

    /** The 110 observations of one episode of the lean task, one frame per step, from {@code seed}. */
    private static List<double[]> oneFramePerStep(long seed) {
        List<double[]> single = new ArrayList<>();
        try (Env<Integer> env = Envs.makeDiscrete("whisker-sweep", LEAN)) {
            single.add(env.reset(seed).observation().clone());
            for (int t = 1; t < STEPS; t++) single.add(env.step(0).observation().clone());
        }
        return single;
    }

    /** The lean options with one more. */
    private static java.util.HashMap<String, Object> leanWith(String key, Object value) {
        var options = new java.util.HashMap<String, Object>(LEAN);
        options.put(key, value);
        return options;
    }

    /** Five frames per step show the same sweep as one per step, stacked as channel = 6 x frame + feature, in 22 steps. */
    @Test
    void fiveFramesPerStepStackTheFramesOfOneFramePerStep() {
        List<double[]> single = oneFramePerStep(9);
        var options = leanWith("frames_per_step", 5);
        try (Env<Integer> env = Envs.makeDiscrete("whisker-sweep", options)) {
            assertEquals(1051, env.observationSpace().size());
            Step s = env.reset(9);
            for (int step = 0; step < 22; step++) {
                double[] obs = s.observation();
                for (int f = 0; f < 5; f++) {
                    double[] frame = single.get(step * 5 + f);
                    for (int cell = 0; cell < 35; cell++) {
                        for (int c = 0; c < 6; c++) assertEquals(frame[cell * 6 + c], obs[cell * 30 + f * 6 + c], "step " + step + " frame " + f);
                    }
                }
                assertEquals(-1 + 2.0 * step / 21, obs[1050], 1e-12);
                s = env.step(0);
                assertEquals(step == 21, s.terminated(), "the answer is due at step 22: step " + (step + 1));
            }
        }
    }

    /**
     * {@code obs_type=frames}: the same scaled values as one frame per step, as a Box [5, 35, 6] frame-major (the EAD
     * models' input), no progress value, still 22 steps; the env checker passes on it.
     */
    @Test
    void framesObservationIsTheStepsFramesFrameMajor() {
        List<double[]> single = oneFramePerStep(9);
        var options = leanWith("frames_per_step", 5);
        options.put("obs_type", "frames");
        try (Env<Integer> env = Envs.makeDiscrete("whisker-sweep", options)) {
            assertArrayEquals(new int[] {5, 35, 6}, ((org.neuroprior.envs.Box) env.observationSpace()).shape());
            Step s = env.reset(9);
            for (int step = 0; step < 22; step++) {
                double[] obs = s.observation();
                assertEquals(1050, obs.length);
                for (int f = 0; f < 5; f++) {
                    double[] frame = single.get(step * 5 + f);
                    for (int i = 0; i < 210; i++) assertEquals(frame[i], obs[f * 210 + i], "step " + step + " frame " + f + " value " + i);
                }
                s = env.step(0);
                assertEquals(step == 21, s.terminated(), "the answer is due at step 22: step " + (step + 1));
            }
        }
        org.neuroprior.envs.check.EnvChecker.checkAny(() -> Envs.make("whisker-sweep", options), 50).assertPassed();
        var bad = assertThrows(IllegalArgumentException.class, () -> Envs.make("whisker-sweep", Map.of("obs_type", "image")));
        assertTrue(bad.getMessage().contains("'obs_type'") && bad.getMessage().contains("image") && bad.getMessage().contains("vector, frames"),
                bad.getMessage());
    }

    @Test
    void signalScalingKeepsSignAndCompressesTheTail() {
        var log = SignalScaling.defaults();
        assertEquals(0.0, log.apply(0));
        assertEquals(Math.log(2), log.apply(100), 1e-12);
        assertEquals(-Math.log(2), log.apply(-100), 1e-12);
        assertEquals(Math.log1p(100), log.apply(10_000), 1e-12);
        assertEquals(0.0, log.apply(Double.NaN));
        assertEquals(0.0, log.apply(Double.POSITIVE_INFINITY));
        var linear = new SignalScaling(SignalScaling.Kind.LINEAR, 1000);
        assertEquals(-2.5, linear.apply(-2500));
        assertThrows(IllegalArgumentException.class, () -> new SignalScaling(SignalScaling.Kind.LOG, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> SignalScaling.Kind.of("sqrt"));
        assertTrue(e.getMessage().contains("sqrt") && e.getMessage().contains("log, linear"), e.getMessage());
    }
}
