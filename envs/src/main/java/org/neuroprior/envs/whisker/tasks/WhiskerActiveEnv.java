package org.neuroprior.envs.whisker.tasks;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.AbstractEnv;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.mujoco.MjData;
import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.mujoco.MujocoEnv;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.WhiskerArrayModel;
import org.neuroprior.envs.whisker.WhiskerMorphology;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.envs.whisker.WhiskerSweeper;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;

/**
 * {@code whisker-active}: the agent moves the head, with the whiskers welded to it, to find an object placed beside
 * the whisker field ({@link ObjectPlacement}), then names the object's class.
 *
 * <p><b>Actions</b>: Discrete(6 + classes), see {@link ActiveAction}: 0..5 move the head along +x, -x, +y, -y, +z, -z
 * at {@code headSpeed} mm/s for one control step of {@value #CONTROL_STEP_S} s (1 mm at the default 50 mm/s), the
 * head sliding smoothly (its mocap position is set every physics step); {@code 6 + k} names class k. The head stays
 * in the workspace x in [{@value #WORKSPACE_MIN_X}, {@value #WORKSPACE_MAX_X}], y and z in
 * [-{@value #WORKSPACE_HALF_WIDTH}, {@value #WORKSPACE_HALF_WIDTH}] mm around its start, and its outermost whisker base
 * stops {@value #BASE_CLEARANCE} mm short of the object's nearest face (the snout bumps into it): a move past a limit
 * ends at the limit.
 *
 * <p><b>Reward</b>: every step costs {@code stepCost}; naming the right class adds 1 (a wrong name adds nothing).
 * Naming terminates the episode. This env has no time limit: the registry wraps it in a TimeLimit (truncation) and a
 * TimeFeature.
 *
 * <p><b>Observation</b> ({@value #OBSERVATION_SIZE} values): for each of the 30 whiskers in
 * {@link WhiskerMorphology#mouseRightSide()} order, Fx, Fy, Fz (micronewtons) and Mx, My, Mz (micronewton-millimetres)
 * at its base, in the whisker's base frame, through a {@link SignalScaling}; then the head's displacement from its
 * start (x, y, z) in centimetres. Readings are those of the start of the last physics step (1 ms old), as in
 * {@link WhiskerSweeper}; NaN becomes 0 and a glitch (|x| > {@value WhiskerSweeper#GLITCH_THRESHOLD}) keeps the
 * channel's previous value.
 *
 * <p><b>Reset</b> draws a class uniformly, an object of it and its placement from the env's random stream, and
 * compiles a model of the array with that object (tens of milliseconds). The first observation has no contact.
 *
 * <p>If MuJoCo reports a diverged state, the step is truncated with {@code info["physics_diverged"] = true}, reward 0
 * and zero signals; the next reset builds a fresh model.
 */
public final class WhiskerActiveEnv extends AbstractEnv<Integer> implements MujocoEnv {
    public static final double CONTROL_STEP_S = 0.02;
    public static final double DEFAULT_HEAD_SPEED = 50;
    public static final double DEFAULT_STEP_COST = 0.001;
    public static final int DEFAULT_TIME_LIMIT = 100;
    public static final double WORKSPACE_MIN_X = -10;
    public static final double WORKSPACE_MAX_X = 40;
    public static final double WORKSPACE_HALF_WIDTH = 15;
    public static final double BASE_CLEARANCE = 1;

    private static final int WHISKERS = 30;
    private static final int SIGNALS = WHISKERS * SweepSample.CHANNELS;
    public static final int OBSERVATION_SIZE = SIGNALS + 3;
    private static final double MM_PER_CM = 10;
    private static final int HEAD = 0; // mocap index of the head; the object is 1

    private final ObjectCatalog catalog;
    private final SignalScaling scaling;
    private final double headSpeed;
    private final double stepCost;
    private final WhiskerArrayModel array;
    private final RestField field;
    private final int substeps;
    private final Box observationSpace;
    private final Discrete actionSpace;
    private final Step step = new Step(OBSERVATION_SIZE);
    private final double[] raw = new double[SIGNALS];
    private final double[] clean = new double[SIGNALS];
    private final double[] head = new double[3];
    private final double[] headMax = new double[3];
    private final double[] headMin = {WORKSPACE_MIN_X, -WORKSPACE_HALF_WIDTH, -WORKSPACE_HALF_WIDTH};
    private MjModel model;
    private MjData data;
    private String mjcf;
    private int label;
    private ObjectPlacement placement;
    private int warningsSoFar;

    /**
     * @param headSpeed mm/s, > 0
     * @param stepCost  subtracted from every step's reward, >= 0
     */
    public WhiskerActiveEnv(ObjectCatalog catalog, SignalScaling scaling, WhiskerPhysics physics, double headSpeed, double stepCost) {
        if (!(headSpeed > 0) || !Double.isFinite(headSpeed)) {
            throw new IllegalArgumentException("head speed = " + headSpeed + " mm/s; accepted: a finite number > 0");
        }
        if (!(stepCost >= 0) || !Double.isFinite(stepCost)) {
            throw new IllegalArgumentException("step cost = " + stepCost + "; accepted: a finite number >= 0");
        }
        this.catalog = catalog;
        this.scaling = scaling;
        this.headSpeed = headSpeed;
        this.stepCost = stepCost;
        List<WhiskerMorphology> whiskers = WhiskerMorphology.mouseRightSide();
        if (whiskers.size() != WHISKERS) throw new IllegalStateException("expected 30 whiskers, got " + whiskers.size());
        this.array = WhiskerArrayModel.of(whiskers, physics);
        this.field = RestField.of(array.whiskers());
        this.substeps = (int) Math.round(CONTROL_STEP_S / physics.timestep());
        if (Math.abs(substeps * physics.timestep() - CONTROL_STEP_S) > 1e-9) {
            throw new IllegalArgumentException("physics timestep " + physics.timestep() + " s does not divide the "
                    + CONTROL_STEP_S + " s control step");
        }
        this.actionSpace = new Discrete(ActiveAction.MOVES + catalog.classNames().size());
        double[] low = new double[OBSERVATION_SIZE];
        double[] high = new double[OBSERVATION_SIZE];
        Arrays.fill(low, Double.NEGATIVE_INFINITY);
        Arrays.fill(high, Double.POSITIVE_INFINITY);
        for (int k = 0; k < 3; k++) {
            low[SIGNALS + k] = headMin[k] / MM_PER_CM;
            high[SIGNALS + k] = (k == 0 ? WORKSPACE_MAX_X : WORKSPACE_HALF_WIDTH) / MM_PER_CM;
        }
        this.observationSpace = Box.of(low, high);
        this.mjcf = array.toMjcf(null, null, null);
    }

    /** Class names in order: action {@code 6 + k} names class k. */
    public List<String> classNames() {
        return catalog.classNames();
    }

    /** The class index of the current episode's object. */
    public int label() {
        requireEpisode();
        return label;
    }

    public ObjectPlacement placement() {
        requireEpisode();
        return placement;
    }

    /** The head's displacement from its start (mm). */
    public double[] headPosition() {
        return head.clone();
    }

    /** The raw base readings after cleaning (30 x 6, uN and uN mm), before scaling. */
    public double[] signals() {
        return clean.clone();
    }

    /** The MJCF of the current episode's model (before the first reset: the array without an object). */
    @Override
    public String mjcf() {
        return mjcf;
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
        releaseModel();
        label = rng.nextInt(catalog.classNames().size());
        placement = ObjectPlacement.draw(catalog.draw(label, rng), field, rng);
        var fragment = placement.shape().toMjcf(WhiskerArrayModel.OBJECT);
        mjcf = array.toMjcf(fragment, placement.position(), new double[] {1, 0, 0, 0});
        model = MjModel.fromXml(mjcf, fragment.files());
        data = model.makeData();
        if (model.nmocap() != 2) throw new IllegalStateException("expected the head and the object as mocap bodies");
        data.forward();
        warningsSoFar = 0;
        Arrays.fill(head, 0);
        Arrays.fill(clean, 0);
        headMax[0] = Math.min(WORKSPACE_MAX_X, placement.nearX() - field.maxBaseX() - BASE_CLEARANCE);
        headMax[1] = WORKSPACE_HALF_WIDTH;
        headMax[2] = WORKSPACE_HALF_WIDTH;
        readSignals();
        writeObservation();
        return step.set(0.0, false, false);
    }

    @Override
    protected Step stepEpisode(Integer action) {
        ActiveAction decoded = ActiveAction.decode(action);
        if (decoded instanceof ActiveAction.Name name) {
            boolean correct = name.classIndex() == label;
            endEpisode();
            step.set((correct ? 1.0 : 0.0) - stepCost, true, false);
            step.info().put("label", label);
            step.info().put("class", catalog.classNames().get(label));
            step.info().put("correct", correct);
            return step; // the observation stays that of the last state
        }
        move((ActiveAction.Move) decoded);
        readSignals();
        int warnings = data.divergenceWarnings();
        if (warnings > warningsSoFar || !allFinite(raw)) {
            // MuJoCo reset the state when it saw the bad values; end the episode with a finite observation.
            warningsSoFar = warnings;
            Arrays.fill(clean, 0);
            writeObservation();
            endEpisode();
            step.set(0.0, false, true);
            step.info().put(PHYSICS_DIVERGED, Boolean.TRUE);
            return step;
        }
        writeObservation();
        return step.set(-stepCost, false, false);
    }

    /** Slides the head along the move for one control step, setting its mocap position every physics step. */
    private void move(ActiveAction.Move m) {
        int k = m.axis();
        double from = head[k];
        double to = Math.max(headMin[k], Math.min(headMax[k], from + m.sign() * headSpeed * CONTROL_STEP_S));
        for (int s = 1; s <= substeps; s++) {
            head[k] = from + (to - from) * s / substeps;
            data.setMocapPos(HEAD, head[0], head[1], head[2]);
            data.step(1);
        }
        head[k] = to;
    }

    /**
     * Reads the sensors into {@code raw} and updates {@code clean}: a glitch keeps the channel's last value, NaN
     * becomes 0 (a NaN or infinite reading also ends the episode as diverged physics).
     */
    private void readSignals() {
        data.readSensordata(raw);
        for (int i = 0; i < SIGNALS; i++) clean[i] = WhiskerSweeper.cleaned(raw[i], clean[i]);
    }

    private void writeObservation() {
        double[] obs = step.observation();
        for (int i = 0; i < SIGNALS; i++) obs[i] = scaling.apply(clean[i]);
        for (int k = 0; k < 3; k++) obs[SIGNALS + k] = head[k] / MM_PER_CM;
    }

    private void requireEpisode() {
        if (placement == null) throw new IllegalStateException("no episode yet: call reset()");
    }

    private void releaseModel() {
        if (data != null) data.close();
        if (model != null) model.close();
        data = null;
        model = null;
    }

    @Override
    protected void release() {
        releaseModel();
    }

    @Override
    public String toString() {
        return "WhiskerActiveEnv[" + catalog.classNames().size() + " classes, head " + headSpeed + " mm/s]";
    }
}
