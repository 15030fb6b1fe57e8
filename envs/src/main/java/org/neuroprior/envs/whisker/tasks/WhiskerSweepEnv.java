package org.neuroprior.envs.whisker.tasks;

import java.nio.FloatBuffer;
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
import org.neuroprior.envs.whisker.data.WhiskerDataset;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectShape;

/**
 * {@code whisker-sweep}: one episode is one sweep of an object past the still whisker array; the agent watches it
 * step by step and names the object's class at the end.
 *
 * <p><b>Where sweeps come from.</b> Simulated ({@link #WhiskerSweepEnv(ObjectCatalog, SweepProtocol, SignalScaling,
 * WhiskerPhysics, int)}): reset draws a class uniformly, an object of that class and the sweep parameters from the
 * protocol, all from the env's random stream, and simulates the whole sweep at once ({@link WhiskerSweeper}, a few
 * tenths of a second). Replayed ({@link #replaying}): reset takes the next sweep of one split of a
 * {@link WhiskerDataset} (no simulation); the split is visited in passes, each pass a permutation drawn from the env's
 * random stream, and a new random stream (a reset with a seed) starts a new pass. So {@code reset(seed)} followed by
 * {@code size - 1} plain resets shows every sweep of the split exactly once, and the same seed replays the same order.
 * The labels are the dataset's ({@link WhiskerDataset#classNames()} order).
 *
 * <p><b>Observation</b> ({@code 210 k + 1} values for {@code k} frames per step): the step's {@code k} consecutive
 * frames of the {@value SweepSample#FRAMES}, each 35 grid cells x 6 channels (Fx, Fy, Fz in micronewtons, Mx, My, Mz
 * in micronewton-millimetres at each whisker base, the 5 x 7 grid of {@link SweepSample} with zeros in the padding
 * cells) through a {@link SignalScaling}, stacked in the channel order of the EAD models' images: value {@code cell * 6k + 6 f + channel}
 * is channel {@code channel} of frame {@code f} (0..k-1) at {@code cell}, i.e. per cell, channel = 6 x frame +
 * feature. Then the progress {@code -1 + 2 s / (S - 1)} of step s of S: -1 at the first step, exactly +1 at the last,
 * where the decision is due (+1 throughout if S = 1). With {@code k = 1} a step shows one frame as before.
 *
 * <p><b>Frames observation</b> ({@link Observation#FRAMES}, option {@code obs_type=frames}): a Box of shape
 * {@code [k, 35, 6]}, the same scaled values frame-major, as a {@link SweepSample} stores them (value
 * {@code 210 f + 6 cell + channel}): the input the EAD models read ({@code [F, 35, 6]}, F a multiple of 5). There is
 * no progress value: the agent is not told which step is the last, where the decision is due (with k = 5, step 21 of
 * 22), so a policy that needs the step count must keep it in its own state; a stateless one answers at every step.
 *
 * <p><b>Actions</b>: Discrete(classes). An episode has {@code S = 110 / k} steps: reset shows step 0 and step j shows
 * step j's frames; the actions of the first S - 1 steps are ignored (reward 0). Step S is taken on the last
 * observation: its action is the answer, the reward is 1 if it is the object's class and 0 otherwise, and the episode
 * terminates (the observation stays the last; {@code info} holds {@code label}, {@code class} and {@code correct}).
 * Stepping after the end throws until the next reset.
 *
 * <p>The sweeper turns NaN readings into 0 and forward-fills glitches; the scaling maps anything non-finite to 0
 * (replayed data included), so no NaN leaves the env. If MuJoCo reported a diverged state during a simulated sweep,
 * the reset's info holds {@code physics_diverged = true} (the frames are still finite).
 */
public final class WhiskerSweepEnv extends AbstractEnv<Integer> {
    /** Values of one frame: 35 grid cells x 6 channels. */
    public static final int FRAME_SIZE = SweepSample.CELLS * SweepSample.CHANNELS;
    /** The frames per step accepted: the divisors of {@value SweepSample#FRAMES}. */
    public static final List<Integer> FRAMES_PER_STEP = java.util.stream.IntStream.rangeClosed(1, SweepSample.FRAMES)
            .filter(k -> SweepSample.FRAMES % k == 0).boxed().toList();
    /** How the EAD models stack frames: 5 per step, 22 steps. */
    public static final int EAD_FRAMES_PER_STEP = 5;

    private final SweepSupply supply;
    private final SignalScaling scaling;
    private final int framesPerStep;
    private final Observation observation;
    private final int steps;
    private final Box observationSpace;
    private final Discrete actionSpace;
    private final Step step;
    private FloatBuffer signals;
    private SweepSupply.Drawn drawn;
    private int current;

    /** What a step observes (option {@code obs_type}; see the class comment). */
    public enum Observation {
        /** The flat vector of {@code 210 k + 1} values, cell-major, with the progress value last (the default). */
        VECTOR,
        /** The step's frames as a Box {@code [k, 35, 6]}, frame-major, without the progress value. */
        FRAMES;

        /** The option value: {@code vector} or {@code frames}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The accepted option values, default first. */
        public static List<String> keys() {
            return java.util.stream.Stream.of(values()).map(Observation::key).toList();
        }

        /**
         * The observation of an option value.
         *
         * @throws IllegalArgumentException naming the value and the accepted ones if it is none of {@link #keys()}
         */
        public static Observation of(String key) {
            for (Observation o : values()) if (o.key().equals(key)) return o;
            throw new IllegalArgumentException("option 'obs_type' = " + key + " is not valid; accepted: " + String.join(", ", keys()));
        }
    }

    /**
     * A task that simulates each sweep at reset.
     *
     * @param framesPerStep frames shown per step, one of {@link #FRAMES_PER_STEP}
     * @param observation   the flat vector or the frames
     * @throws IllegalArgumentException if {@code framesPerStep} does not divide {@value SweepSample#FRAMES}
     */
    public WhiskerSweepEnv(ObjectCatalog catalog, SweepProtocol protocol, SignalScaling scaling, WhiskerPhysics physics, int framesPerStep,
                           Observation observation) {
        this(new SimulatedSweeps(catalog, protocol, WhiskerSweeper.mouse(physics)), scaling, framesPerStep, observation);
    }

    /**
     * A task that replays the sweeps of one split of a dataset (see the class comment for the order).
     *
     * @param samples       the split, e.g. {@code dataset.split(Split.TRAIN)}
     * @param classNames    the dataset's class names in label order ({@link WhiskerDataset#classNames()})
     * @param framesPerStep frames shown per step, one of {@link #FRAMES_PER_STEP}
     * @param observation   the flat vector or the frames
     * @throws IllegalArgumentException if the split holds no sweep or {@code framesPerStep} does not divide 110
     */
    public static WhiskerSweepEnv replaying(WhiskerDataset.Samples samples, List<String> classNames, SignalScaling scaling, int framesPerStep,
                                            Observation observation) {
        return new WhiskerSweepEnv(new ReplayedSweeps(samples, classNames), scaling, framesPerStep, observation);
    }

    private WhiskerSweepEnv(SweepSupply supply, SignalScaling scaling, int framesPerStep, Observation observation) {
        if (!FRAMES_PER_STEP.contains(framesPerStep)) {
            throw new IllegalArgumentException("option 'frames_per_step' = " + framesPerStep + " is not valid; accepted: a divisor of "
                    + SweepSample.FRAMES + " (" + FRAMES_PER_STEP.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
        this.supply = supply;
        this.scaling = scaling;
        this.framesPerStep = framesPerStep;
        this.observation = observation;
        this.steps = SweepSample.FRAMES / framesPerStep;
        this.actionSpace = new Discrete(supply.classNames().size());
        boolean frames = observation == Observation.FRAMES;
        int size = FRAME_SIZE * framesPerStep + (frames ? 0 : 1);
        double[] low = new double[size];
        double[] high = new double[size];
        Arrays.fill(low, Double.NEGATIVE_INFINITY);
        Arrays.fill(high, Double.POSITIVE_INFINITY);
        if (frames) {
            this.observationSpace = new Box(low, high, new int[] {framesPerStep, SweepSample.CELLS, SweepSample.CHANNELS});
        } else {
            low[size - 1] = -1;
            high[size - 1] = 1;
            this.observationSpace = Box.of(low, high);
        }
        this.step = new Step(size);
    }

    /** Class names in label (action) order. */
    public List<String> classNames() {
        return supply.classNames();
    }

    /** Frames shown per step. */
    public int framesPerStep() {
        return framesPerStep;
    }

    /** Steps per episode, {@code 110 / framesPerStep()}: the last one's action is the answer. */
    public int steps() {
        return steps;
    }

    /** The class index of the current episode's object: the action that earns the reward. */
    public int label() {
        requireEpisode();
        return drawn.label();
    }

    /**
     * The current episode's object, centred and scaled as swept.
     *
     * @throws IllegalStateException before the first reset, or if the sweep was replayed (a dataset stores signals, not objects)
     */
    public ObjectShape object() {
        requireEpisode();
        if (drawn.object() == null) throw new IllegalStateException("a replayed sweep has no object");
        return drawn.object();
    }

    /**
     * The current episode's sweep parameters.
     *
     * @throws IllegalStateException before the first reset, or if the sweep was replayed
     */
    public SweepParameters parameters() {
        requireEpisode();
        if (drawn.parameters() == null) throw new IllegalStateException("a replayed sweep has no parameters here (see the shard's sweeps file)");
        return drawn.parameters();
    }

    /** The step shown by the last reset or step (0 after reset). */
    public int frame() {
        return current;
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
        drawn = supply.draw(rng);
        signals = drawn.signals();
        current = 0;
        writeObservation();
        step.set(0.0, false, false);
        if (drawn.diverged()) step.info().put(PHYSICS_DIVERGED, Boolean.TRUE);
        return step;
    }

    @Override
    protected Step stepEpisode(Integer action) {
        if (current < steps - 1) {
            current++;
            writeObservation();
            return step.set(0.0, false, false);
        }
        boolean correct = action == drawn.label();
        endEpisode();
        step.set(correct ? 1.0 : 0.0, true, false);
        step.info().put("label", drawn.label());
        step.info().put("class", classNames().get(drawn.label()));
        step.info().put("correct", correct);
        return step;
    }

    private void writeObservation() {
        double[] obs = step.observation();
        if (observation == Observation.FRAMES) {
            int from = current * framesPerStep * FRAME_SIZE;
            for (int i = 0; i < obs.length; i++) obs[i] = scaling.apply(signals.get(from + i));
            return;
        }
        int stacked = framesPerStep * SweepSample.CHANNELS;
        for (int f = 0; f < framesPerStep; f++) {
            int from = (current * framesPerStep + f) * FRAME_SIZE;
            for (int cell = 0; cell < SweepSample.CELLS; cell++) {
                for (int c = 0; c < SweepSample.CHANNELS; c++) {
                    obs[cell * stacked + f * SweepSample.CHANNELS + c] = scaling.apply(signals.get(from + cell * SweepSample.CHANNELS + c));
                }
            }
        }
        obs[obs.length - 1] = steps == 1 ? 1.0 : -1.0 + 2.0 * current / (steps - 1);
    }

    private void requireEpisode() {
        if (drawn == null) throw new IllegalStateException("no episode yet: call reset()");
    }

    @Override
    public String toString() {
        return "WhiskerSweepEnv[" + supply + ", " + actionSpace.n() + " classes, " + framesPerStep + " frames per step, " + observation.key() + "]";
    }
}
