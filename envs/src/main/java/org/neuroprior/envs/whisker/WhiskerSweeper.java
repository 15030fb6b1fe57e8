package org.neuroprior.envs.whisker;

import java.util.ArrayList;
import java.util.List;

import org.neuroprior.envs.mujoco.MjData;
import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.mujoco.MjObject;
import org.neuroprior.envs.mujoco.binding.MuJoCo;
import org.neuroprior.envs.whisker.objects.MjcfFragment;
import org.neuroprior.envs.whisker.objects.ObjectShape;

/**
 * Simulates one sweep: an object moves past the still whisker array for {@link #DURATION} s while the base
 * force and moment of every whisker are recorded at {@link #RECORD_HZ} Hz, then cleaned and subsampled to
 * {@link SweepSample#FRAMES} frames on the 5 x 7 grid (docs/whisker.md).
 *
 * <p>Units: forces in micronewtons (g mm / s^2), moments in micronewton-millimetres, each in the whisker's base
 * frame (x along the whisker, y towards its concave side). Recorded frame f is the state at (f + 1) ms exactly,
 * whatever the physics step. Cleaning: NaN becomes 0, and a value whose magnitude exceeds {@link #GLITCH_THRESHOLD} is
 * a glitch replaced by the channel's previous value. The paper's threshold is 1000 in its own units; in ours 1000 is
 * an ordinary reading, so the threshold is 1e6 (1 N, or 1 N mm).
 *
 * <p>The object slides along its path with its velocity known to the contacts (friction drags the whiskers). Whiskers
 * never touch each other, so each is an independent system: by default ({@link Mode#WINDOWED}) each whisker is
 * simulated alone with the object, only from just before the object can first touch its rest shape
 * ({@link ContactProbe}) until the whisker is back at rest and the object can no longer reach it; outside that window
 * it reads exactly 0. The other modes record the same physics more slowly and exist to measure and test that.
 *
 * <p>Thread-safe: every call owns its models and data (compiling one takes a millisecond or two).
 */
public final class WhiskerSweeper {
    public static final double DURATION = 1.0;
    public static final int RECORD_HZ = 1000;
    public static final double GLITCH_THRESHOLD = 1e6;
    public static final int GRID_ROWS = 5;
    public static final int GRID_COLUMNS = 7;
    /**
     * A free whisker counts as back at rest when every joint angle (rad) plus its speed over the frequency bound is
     * below this: its base then reads below about 0.01 uN mm, against readings of 10 to 10,000 in contact.
     */
    static final double REST_TOLERANCE = 1e-7;

    /** How a sweep is simulated. All three record the same physics (up to the solver's tolerance). */
    public enum Mode {
        /** One model holding every whisker the object can reach, for the whole sweep (simulator version 1's way). */
        ARRAY,
        /** Each whisker the object can reach in a model of its own, for the whole sweep. */
        ALONE,
        /** Each whisker in a model of its own, only inside its contact window (the default). */
        WINDOWED
    }

    private final List<WhiskerChain> whiskers;
    private final WhiskerPhysics physics;
    private final Mode mode;

    /** A sweeper in {@link Mode#WINDOWED}. @throws IllegalArgumentException for a whisker outside the 5 x 7 grid */
    public WhiskerSweeper(List<WhiskerMorphology> array, WhiskerPhysics physics) {
        this(array, physics, Mode.WINDOWED);
    }

    /** @throws IllegalArgumentException for a whisker outside the 5 x 7 grid */
    public WhiskerSweeper(List<WhiskerMorphology> array, WhiskerPhysics physics, Mode mode) {
        this.whiskers = array.stream().map(physics::chain).toList();
        this.physics = physics;
        this.mode = mode;
        for (var w : array) gridCell(w); // fail early on a whisker outside the grid
        physics.stepsPerMillisecond(); // and on a step that does not divide the recording interval
    }

    /** The average mouse's 30 right-side whiskers, {@link Mode#WINDOWED}. */
    public static WhiskerSweeper mouse(WhiskerPhysics physics) {
        return new WhiskerSweeper(WhiskerMorphology.mouseRightSide(), physics);
    }

    public WhiskerPhysics physics() {
        return physics;
    }

    public Mode mode() {
        return mode;
    }

    public List<WhiskerChain> whiskers() {
        return whiskers;
    }

    /** Grid cell (row-major in the 5 x 7 grid) of a whisker: row A..E, column 0..6. */
    public static int gridCell(WhiskerMorphology w) {
        if (w.row() < 1 || w.row() > GRID_ROWS || w.column() < 0 || w.column() >= GRID_COLUMNS) {
            throw new IllegalArgumentException("whisker " + w.name() + " (row " + w.row() + ", column " + w.column()
                    + ") is outside the 5 x 7 grid");
        }
        return (w.row() - 1) * GRID_COLUMNS + w.column();
    }

    /**
     * What a sweep produced.
     *
     * @param signals            110 x 35 x 6 (see {@link SweepSample})
     * @param raw                1000 x 35 x 6 at 1000 Hz before subsampling (null unless asked)
     * @param simulatedWhiskers  whiskers given a model: those the object's swept box can reach
     * @param whiskerSteps       physics steps summed over the models, each counted once per whisker it holds
     * @param divergenceWarnings MuJoCo's bad qpos / qvel / qacc warnings
     */
    public record Result(float[] signals, float[] raw, SweepPath path, int simulatedWhiskers, long whiskerSteps, int glitches,
                         int nans, int divergenceWarnings) {}

    public Result sweep(ObjectShape object, SweepParameters p) {
        return sweep(object, p, false);
    }

    /**
     * Runs one sweep. {@code object} is in its own frame: it is scaled to the size parameter and rotated by the
     * rotation parameter here.
     */
    public Result sweep(ObjectShape object, SweepParameters p, boolean keepRaw) {
        return sweep(object, p, keepRaw, null, true);
    }

    /** The object as it moves in a sweep, in its body frame: scaled to the size parameter, then rotated. */
    public static ObjectShape placed(ObjectShape object, SweepParameters p) {
        return object.centeredAndScaledToDiagonal(p.size()).rotatedAboutZ(Math.toRadians(p.rotation()));
    }

    /**
     * {@link #sweep(ObjectShape, SweepParameters, boolean)}, showing every recorded frame of every model to
     * {@code observer} (may be null): a whisker's frames come in order, whisker after whisker, and only those inside
     * its window in {@link Mode#WINDOWED}.
     */
    public Result sweep(ObjectShape object, SweepParameters p, boolean keepRaw, FrameObserver observer) {
        return sweep(object, p, keepRaw, observer, true);
    }

    /** As above; {@code leaveOutUnreachable = false} also simulates the whiskers the swept box cannot reach. */
    Result sweep(ObjectShape object, SweepParameters p, boolean keepRaw, FrameObserver observer, boolean leaveOutUnreachable) {
        ObjectShape shape = placed(object, p);
        double radius = whiskers.stream().mapToDouble(physics::maxCollisionRadius).max().orElse(physics.minCollisionRadius());
        SweepPath path = SweepPath.of(whiskers, radius, shape, p, DURATION);
        MjcfFragment fragment = shape.toMjcf(WhiskerArrayModel.OBJECT);
        int frames = (int) Math.round(DURATION * RECORD_HZ);
        float[] raw = new float[frames * SweepSample.CELLS * SweepSample.CHANNELS]; // whiskers at rest stay exactly zero
        var simulated = new ArrayList<WhiskerChain>();
        for (int i = 0; i < whiskers.size(); i++) if (path.reachable().get(i) || !leaveOutUnreachable) simulated.add(whiskers.get(i));
        var tally = new Tally();
        if (mode == Mode.ARRAY) {
            if (!simulated.isEmpty()) simulate(simulated, fragment, path, raw, observer, tally, null);
        } else {
            for (var chain : simulated) {
                double[] box = null;
                if (mode == Mode.WINDOWED) {
                    // Only while the object's box meets the whisker's can the object touch the rest shape.
                    box = path.boxWindow(chain, physics.maxCollisionRadius(chain) + ContactProbe.CLEARANCE, DURATION);
                    if (box == null) continue; // never near: exactly 0 throughout, no model needed
                }
                simulate(List.of(chain), fragment, path, raw, observer, tally, box);
            }
        }
        return new Result(subsample(raw, frames), keepRaw ? raw : null, path, simulated.size(), tally.whiskerSteps, tally.glitches,
                tally.nans, tally.warnings);
    }

    private static final class Tally {
        long whiskerSteps;
        int glitches, nans, warnings;
    }

    /**
     * Simulates the given whiskers in one model with the object and writes their frames into {@code raw}: for the whole
     * sweep when {@code box} is null, else inside the contact window found by probing within {@code box}.
     */
    private void simulate(List<WhiskerChain> group, MjcfFragment fragment, SweepPath path, float[] raw, FrameObserver observer,
                          Tally tally, double[] box) {
        String xml = new WhiskerArrayModel(group, physics).toMjcf(fragment, path.start(), new double[] {1, 0, 0, 0}, true);
        try (var model = MjModel.fromXml(xml, fragment.files()); var data = model.makeData()) {
            var motion = new ObjectMotion(model, data, path);
            double dt = physics.timestep();
            int substeps = physics.stepsPerMillisecond();
            int frames = (int) Math.round(DURATION * RECORD_HZ);
            long lastStep = (long) frames * substeps; // the step that starts at the last recording instant
            long firstStep = 0, quietAfter = lastStep;
            boolean windowed = box != null;
            if (windowed) {
                double[] window = ContactProbe.window(model, data, motion, box[0], box[1]);
                if (window == null) return; // the object never comes near the rest shape: exactly 0 throughout
                firstStep = (long) Math.floor(window[0] / dt);
                quietAfter = (long) Math.ceil(window[1] / dt);
            }
            int[] cells = group.stream().mapToInt(c -> gridCell(c.whisker())).toArray();
            int cellCount = SweepSample.CELLS, channels = SweepSample.CHANNELS;
            double[] sensors = new double[model.nsensordata()];
            var m = model.raw();
            var d = data.raw();
            long steps = 0;
            for (long k = firstStep; k <= lastStep; k++) {
                motion.moveTo(k * dt);
                MuJoCo.mj_step(m, d); // computes the sensors of the state at time k dt, then integrates
                steps++;
                if (k % substeps != 0 || k == 0) continue;
                int f = (int) (k / substeps) - 1; // frame f is the state at (f + 1) ms
                data.readSensordata(sensors);
                if (observer != null) observer.frameRecorded(f, model, data);
                for (int w = 0; w < cells.length; w++) {
                    int base = (f * cellCount + cells[w]) * channels;
                    for (int c = 0; c < channels; c++) {
                        double v = sensors[w * channels + c];
                        if (Double.isNaN(v)) tally.nans++;
                        else if (isGlitch(v)) tally.glitches++;
                        raw[base + c] = (float) cleaned(v, f == 0 ? 0 : raw[base - cellCount * channels + c]);
                    }
                }
                if (windowed && k > quietAfter && d.ncon() == 0 && motion.whiskersAtRest(REST_TOLERANCE, physics.maxFrequency())) break;
            }
            tally.whiskerSteps += steps * group.size();
            tally.warnings += data.divergenceWarnings();
        }
    }

    /**
     * Moves the object of a model made with a sliding object ({@link WhiskerArrayModel#OBJECT_SLIDES}) along the path:
     * position and velocity of its three slide joints, set before each step.
     */
    static final class ObjectMotion {
        private final MjData data;
        private final SweepPath path;
        private final int[] qposAddress = new int[3], dofAddress = new int[3];
        private final int whiskerDofs;
        private final double[] qpos, qvel;

        ObjectMotion(MjModel model, MjData data, SweepPath path) {
            this.data = data;
            this.path = path;
            for (int k = 0; k < 3; k++) {
                int joint = model.id(MjObject.JOINT, WhiskerArrayModel.OBJECT_SLIDES.get(k));
                qposAddress[k] = model.jointQposAddress(joint);
                dofAddress[k] = model.jointDofAddress(joint);
            }
            // The object's body comes after the head's in the tree, so the whiskers' hinges are the dofs before its own.
            this.whiskerDofs = dofAddress[0];
            this.qpos = new double[model.nq()];
            this.qvel = new double[model.nv()];
        }

        /** Puts the object where the path has it at time t (s), moving with the path's velocity. */
        void moveTo(double t) {
            double[] velocity = path.velocity(); // the slides are zero at the path's start
            for (int k = 0; k < 3; k++) {
                data.setQpos(qposAddress[k], velocity[k] * t);
                data.setQvel(dofAddress[k], velocity[k]);
            }
        }

        double speed() {
            double[] v = path.velocity();
            return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        }

        /** Whether every whisker joint has |angle| + |speed| / frequency below the tolerance. */
        boolean whiskersAtRest(double tolerance, double frequency) {
            data.readQpos(qpos);
            data.readQvel(qvel);
            for (int i = 0; i < whiskerDofs; i++) { // hinges: one qpos per dof
                if (Math.abs(qpos[i]) + Math.abs(qvel[i]) / frequency > tolerance) return false;
            }
            return true;
        }
    }

    /** Whether a reading is a glitch: infinite, or larger in magnitude than {@link #GLITCH_THRESHOLD}. */
    public static boolean isGlitch(double value) {
        return Math.abs(value) > GLITCH_THRESHOLD; // true for infinities too
    }

    /** The cleaning rule for one channel: NaN becomes 0, a glitch keeps the channel's previous value. */
    public static double cleaned(double value, double previous) {
        if (Double.isNaN(value)) return 0;
        return isGlitch(value) ? previous : value;
    }

    /** Frames at round(j (n - 1) / (FRAMES - 1)), j = 0..FRAMES-1: evenly spaced, first and last included. */
    static float[] subsample(float[] raw, int frames) {
        int frameSize = SweepSample.CELLS * SweepSample.CHANNELS;
        float[] out = new float[SweepSample.SIZE];
        for (int j = 0; j < SweepSample.FRAMES; j++) {
            int src = (int) Math.round((double) j * (frames - 1) / (SweepSample.FRAMES - 1));
            System.arraycopy(raw, src * frameSize, out, j * frameSize, frameSize);
        }
        return out;
    }
}
