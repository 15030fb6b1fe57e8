package org.neuroprior.envs.whisker;

import java.util.List;

import org.neuroprior.envs.mujoco.MjData;
import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.mujoco.binding.MuJoCo;
import org.neuroprior.envs.whisker.objects.MjcfFragment;
import org.neuroprior.envs.whisker.objects.ObjectShape;

/**
 * Simulates one sweep: an object moves past the still whisker array for {@link #DURATION} s while the base
 * force and moment of every whisker are recorded at {@link #RECORD_HZ} Hz, then cleaned and subsampled to
 * {@link SweepSample#FRAMES} frames on the 5 x 7 grid (whisker.md).
 *
 * <p>Units: forces in micronewtons (g mm / s^2), moments in micronewton-millimetres, each in the whisker's base
 * frame (x along the whisker, y towards its concave side). Cleaning: NaN becomes 0, and a value whose magnitude
 * exceeds {@link #GLITCH_THRESHOLD} is a glitch replaced by the channel's previous value. The paper's threshold
 * is 1000 in its own units; in ours 1000 is an ordinary reading, so the threshold is 1e6 (1 N, or 1 N mm).
 *
 * <p>Each sweep compiles its own model (the object differs every time; compiling takes milliseconds). Thread-safe:
 * every call owns its model and data.
 */
public final class WhiskerSweeper {
    public static final double DURATION = 1.0;
    public static final int RECORD_HZ = 1000;
    public static final double GLITCH_THRESHOLD = 1e6;
    public static final int GRID_ROWS = 5;
    public static final int GRID_COLUMNS = 7;

    private final List<WhiskerChain> whiskers;
    private final WhiskerPhysics physics;

    public WhiskerSweeper(List<WhiskerMorphology> array, WhiskerPhysics physics) {
        this.whiskers = array.stream().map(w -> new WhiskerChain(w, physics.linksPerWhisker(), Double.parseDouble(System.getProperty("whisker.grading", "1")))).toList();
        this.physics = physics;
        for (var w : array) gridCell(w); // fail early on a whisker outside the grid
    }

    /** The average mouse's 30 right-side whiskers. */
    public static WhiskerSweeper mouse(WhiskerPhysics physics) {
        return new WhiskerSweeper(WhiskerMorphology.mouseRightSide(), physics);
    }

    public WhiskerPhysics physics() {
        return physics;
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

    /** What a sweep produced. {@code raw} is frames x 35 x 6 at 1000 Hz before subsampling (null unless asked). */
    public record Result(float[] signals, float[] raw, SweepPath path, int simulatedWhiskers, int glitches, int nans,
                         int divergenceWarnings) {}

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

    /** {@link #sweep(ObjectShape, SweepParameters, boolean)}, showing every recorded frame to {@code observer} (may be null). */
    public Result sweep(ObjectShape object, SweepParameters p, boolean keepRaw, FrameObserver observer) {
        return sweep(object, p, keepRaw, observer, true);
    }

    /** As above; {@code leaveOutUnreachable = false} simulates every whisker (to test that leaving some out changes nothing). */
    Result sweep(ObjectShape object, SweepParameters p, boolean keepRaw, FrameObserver observer, boolean leaveOutUnreachable) {
        ObjectShape shape = placed(object, p);
        SweepPath path = SweepPath.of(whiskers, physics.minCollisionRadius(), shape, p, DURATION);
        MjcfFragment fragment = shape.toMjcf(WhiskerArrayModel.OBJECT);
        int frames = (int) Math.round(DURATION * RECORD_HZ);
        float[] raw = new float[frames * SweepSample.CELLS * SweepSample.CHANNELS]; // whiskers at rest stay exactly zero
        var tally = new Tally();
        for (int i = 0; i < whiskers.size(); i++) {
            if (!path.reachable().get(i) && leaveOutUnreachable) continue;
            tally.simulated++;
            simulateWhisker(whiskers.get(i), fragment, path, raw, observer, tally, leaveOutUnreachable);
        }
        return new Result(subsample(raw, frames), keepRaw ? raw : null, path, tally.simulated, tally.glitches, tally.nans,
                tally.warnings);
    }

    public static final java.util.concurrent.atomic.AtomicLong STEPS = new java.util.concurrent.atomic.AtomicLong(), CONTACTS = new java.util.concurrent.atomic.AtomicLong(), MODELS = new java.util.concurrent.atomic.AtomicLong();

    private static final class Tally {
        int simulated, glitches, nans, warnings;
    }

    /**
     * Simulates one whisker alone with the object, from just before the object can first touch its rest shape until it
     * is back at rest and the object can no longer reach it; it reads exactly 0 outside that window.
     */
    private void simulateWhisker(WhiskerChain chain, MjcfFragment fragment, SweepPath path, float[] raw, FrameObserver observer,
                                 Tally tally, boolean window) {
        String xml = new WhiskerArrayModel(List.of(chain), physics).toMjcf(fragment, path.start(), new double[] {1, 0, 0, 0});
        MODELS.incrementAndGet();
        try (var model = MjModel.fromXml(xml, fragment.files()); var data = model.makeData()) {
            boolean slide = Boolean.getBoolean("whisker.slide");
            int objQ = slide ? model.nq() - 3 : -1, objV = slide ? model.nv() - 3 : -1;
            double[] start = path.start(), vel = path.velocity();
            double dt = physics.timestep();
            int substeps = (int) Math.round(1.0 / (RECORD_HZ * dt));
            if (Math.abs(substeps * dt * RECORD_HZ - 1) > 1e-9) {
                throw new IllegalArgumentException("physics timestep " + dt + " s does not divide the 1 ms recording interval");
            }
            int frames = (int) Math.round(DURATION * RECORD_HZ);
            long lastStep = (long) frames * substeps; // the step that starts at the last recording time
            long firstStep = 0, quietAfter = -1;
            if (window) {
                double[] reach = ContactProbe.window(model, data, path, DURATION);
                if (reach == null) return; // the object never comes near the rest shape: exactly 0 throughout
                firstStep = Math.max(0, (long) Math.floor(reach[0] / dt));
                quietAfter = (long) Math.ceil(reach[1] / dt);
            }
            int cell = gridCell(chain.whisker());
            int cells = SweepSample.CELLS, channels = SweepSample.CHANNELS;
            double[] sensors = new double[model.nsensordata()];
            double[] qpos = new double[model.nq()], qvel = new double[model.nv()];
            var m = model.raw();
            var d = data.raw();
            for (long k = firstStep; k <= lastStep; k++) {
                double[] pos = path.positionAt(k * dt);
                if (slide) {
                    for (int c = 0; c < 3; c++) {
                        data.setQpos(objQ + c, pos[c] - start[c]);
                        data.setQvel(objV + c, vel[c]);
                    }
                } else {
                    data.setMocapPos(1, pos[0], pos[1], pos[2]);
                }
                STEPS.incrementAndGet(); CONTACTS.addAndGet(d.ncon());
                MuJoCo.mj_step(m, d); // computes the sensors of the state at time k dt, then integrates
                if (k % substeps != 0 || k == 0) continue;
                int f = (int) (k / substeps) - 1; // frame f is the state at (f + 1) ms
                data.readSensordata(sensors);
                if (observer != null) observer.frameRecorded(f, model, data);
                int base = (f * cells + cell) * channels;
                for (int c = 0; c < channels; c++) {
                    double v = sensors[c];
                    if (Double.isNaN(v)) tally.nans++;
                    else if (isGlitch(v)) tally.glitches++;
                    raw[base + c] = (float) cleaned(v, f == 0 ? 0 : raw[base - cells * channels + c]);
                }
                if (window && k > quietAfter && d.ncon() == 0 && atRest(data, qpos, qvel)) break;
            }
            tally.warnings += data.divergenceWarnings();
        }
    }

    /** Below this (rad, and rad/s divided by the frequency bound) a free whisker counts as back at rest. */
    static final double REST_TOLERANCE = 1e-7;

    private boolean atRest(MjData data, double[] qpos, double[] qvel) {
        data.readQpos(qpos);
        data.readQvel(qvel);
        int n = Boolean.getBoolean("whisker.slide") ? qpos.length - 3 : qpos.length;
        for (int i = 0; i < n; i++) {
            if (Math.abs(qpos[i]) + Math.abs(qvel[i]) / physics.maxFrequency() > REST_TOLERANCE) return false;
        }
        return true;
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
