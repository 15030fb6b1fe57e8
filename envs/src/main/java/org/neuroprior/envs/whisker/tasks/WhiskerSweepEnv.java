package org.neuroprior.envs.whisker.tasks;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.AbstractEnv;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.whisker.SweepParameters;
import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.WhiskerSweeper;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectShape;

/**
 * {@code whisker-sweep}: one episode is one sweep of an object past the still whisker array; the agent watches it
 * frame by frame and names the object's class at the end.
 *
 * <p><b>Reset</b> draws a class uniformly, an object of that class and the sweep parameters from the protocol, all
 * from the env's random stream, and simulates the whole sweep at once ({@link WhiskerSweeper}, a few tenths of a
 * second); the steps replay its {@value SweepSample#FRAMES} frames.
 *
 * <p><b>Observation</b> ({@value #OBSERVATION_SIZE} values): the current frame, 35 grid cells x 6 channels
 * (Fx, Fy, Fz in micronewtons, Mx, My, Mz in micronewton-millimetres at each whisker base, the 5 x 7 grid of
 * {@link SweepSample} with zeros in the padding cells) through a {@link SignalScaling}, then the progress
 * {@code -1 + 2 f / 109} of frame f: -1 at the first frame, exactly +1 at the last, where the decision is due.
 *
 * <p><b>Actions</b>: Discrete(classes). Reset shows frame 0 and step k shows frame k; the actions of the first 109
 * steps are ignored (reward 0). Step 110 is taken on the last frame: its action is the answer, the reward is 1 if it
 * is the object's class and 0 otherwise, and the episode terminates (the observation stays the last frame;
 * {@code info} holds {@code label}, {@code class} and {@code correct}). Every episode has exactly 110 steps; stepping
 * after the end throws until the next reset.
 *
 * <p>The sweeper turns NaN readings into 0 and forward-fills glitches; the scaling maps anything non-finite to 0, so
 * no NaN leaves the env. If MuJoCo reported a diverged state during the sweep, the reset's info holds
 * {@code physics_diverged = true} (the frames are still finite).
 */
public final class WhiskerSweepEnv extends AbstractEnv<Integer> {
    public static final int FRAME_SIZE = SweepSample.CELLS * SweepSample.CHANNELS;
    public static final int OBSERVATION_SIZE = FRAME_SIZE + 1;
    /** Steps per episode: one per frame; the last one's action is the answer. */
    public static final int EPISODE_STEPS = SweepSample.FRAMES;

    private static final int LAST_FRAME = SweepSample.FRAMES - 1;

    private final ObjectCatalog catalog;
    private final SweepProtocol protocol;
    private final SignalScaling scaling;
    private final WhiskerSweeper sweeper;
    private final Box observationSpace;
    private final Discrete actionSpace;
    private final Step step = new Step(OBSERVATION_SIZE);
    private float[] signals;
    private int label;
    private ObjectShape object;
    private SweepParameters parameters;
    private int frame;

    public WhiskerSweepEnv(ObjectCatalog catalog, SweepProtocol protocol, SignalScaling scaling, WhiskerPhysics physics) {
        this.catalog = catalog;
        this.protocol = protocol;
        this.scaling = scaling;
        this.sweeper = WhiskerSweeper.mouse(physics);
        this.actionSpace = new Discrete(catalog.classNames().size());
        double[] low = new double[OBSERVATION_SIZE];
        double[] high = new double[OBSERVATION_SIZE];
        Arrays.fill(low, Double.NEGATIVE_INFINITY);
        Arrays.fill(high, Double.POSITIVE_INFINITY);
        low[FRAME_SIZE] = -1;
        high[FRAME_SIZE] = 1;
        this.observationSpace = Box.of(low, high);
    }

    /** Class names in label (action) order. */
    public List<String> classNames() {
        return catalog.classNames();
    }

    /** The class index of the current episode's object: the action that earns the reward. */
    public int label() {
        requireEpisode();
        return label;
    }

    /** The current episode's object, centred and scaled as swept. */
    public ObjectShape object() {
        requireEpisode();
        return object;
    }

    public SweepParameters parameters() {
        requireEpisode();
        return parameters;
    }

    /** The frame shown by the last reset or step (0 after reset). */
    public int frame() {
        return frame;
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    @Override
    protected Step resetEpisode(SplittableRandom rng) {
        label = rng.nextInt(actionSpace.n());
        object = catalog.draw(label, rng);
        parameters = protocol.draw(rng);
        WhiskerSweeper.Result result;
        try {
            result = sweeper.sweep(object, parameters);
        } catch (RuntimeException e) {
            throw new IllegalStateException("sweep of " + object.className() + " (" + parameters + ") failed: " + e.getMessage(), e);
        }
        signals = result.signals();
        frame = 0;
        writeFrame();
        step.set(0.0, false, false);
        if (result.divergenceWarnings() > 0) step.info().put(PHYSICS_DIVERGED, Boolean.TRUE);
        return step;
    }

    @Override
    protected Step stepEpisode(Integer action) {
        if (frame < LAST_FRAME) {
            frame++;
            writeFrame();
            return step.set(0.0, false, false);
        }
        boolean correct = action == label;
        endEpisode();
        step.set(correct ? 1.0 : 0.0, true, false);
        step.info().put("label", label);
        step.info().put("class", catalog.classNames().get(label));
        step.info().put("correct", correct);
        return step;
    }

    private void writeFrame() {
        double[] obs = step.observation();
        int offset = frame * FRAME_SIZE;
        for (int i = 0; i < FRAME_SIZE; i++) obs[i] = scaling.apply(signals[offset + i]);
        obs[FRAME_SIZE] = -1.0 + 2.0 * frame / LAST_FRAME;
    }

    private void requireEpisode() {
        if (signals == null) throw new IllegalStateException("no episode yet: call reset()");
    }


    @Override
    public String toString() {
        return "WhiskerSweepEnv[" + protocol.name() + ", " + actionSpace.n() + " classes]";
    }
}
