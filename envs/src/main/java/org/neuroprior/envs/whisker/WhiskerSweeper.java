package org.neuroprior.envs.whisker;

import java.util.ArrayList;
import java.util.List;

import org.neuroprior.envs.mujoco.MjModel;
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
        this.whiskers = array.stream().map(w -> new WhiskerChain(w, physics.linksPerWhisker())).toList();
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
        double radius = physics.minCollisionRadius();
        SweepPath path = SweepPath.of(whiskers, radius, shape, p, DURATION);
        var simulated = new ArrayList<WhiskerChain>();
        for (int i = 0; i < whiskers.size(); i++) if (path.reachable().get(i) || !leaveOutUnreachable) simulated.add(whiskers.get(i));

        int frames = (int) Math.round(DURATION * RECORD_HZ);
        int cells = SweepSample.CELLS, channels = SweepSample.CHANNELS;
        float[] raw = new float[frames * cells * channels]; // whiskers left out stay exactly zero
        int glitches = 0, nans = 0, warnings = 0;
        if (!simulated.isEmpty()) {
            String xml = new WhiskerArrayModel(simulated, physics).toMjcf(shape.toMjcf("object"), path.start(), new double[] {1, 0, 0, 0});
            try (var model = MjModel.fromXml(xml, shape.toMjcf("object").files()); var data = model.makeData()) {
                if (model.nmocap() != 2) throw new IllegalStateException("expected the head and the object as mocap bodies");
                int substeps = (int) Math.round(1.0 / (RECORD_HZ * physics.timestep()));
                if (Math.abs(substeps * physics.timestep() * RECORD_HZ - 1) > 1e-9) {
                    throw new IllegalArgumentException("physics timestep " + physics.timestep()
                            + " s does not divide the 1 ms recording interval");
                }
                int[] cellOf = simulated.stream().mapToInt(c -> gridCell(c.whisker())).toArray();
                double[] sensors = new double[model.nsensordata()];
                double dt = physics.timestep();
                int step = 0;
                for (int f = 0; f < frames; f++) {
                    for (int s = 0; s < substeps; s++) {
                        double[] pos = path.positionAt(++step * dt);
                        data.setMocapPos(1, pos[0], pos[1], pos[2]);
                        data.step(1);
                    }
                    // mj_step leaves sensordata from the state at the start of its last step: 1 ms old at most.
                    data.readSensordata(sensors);
                    if (observer != null) observer.frameRecorded(f, model, data);
                    for (int w = 0; w < cellOf.length; w++) {
                        int base = (f * cells + cellOf[w]) * channels;
                        for (int c = 0; c < channels; c++) {
                            double v = sensors[w * channels + c];
                            if (Double.isNaN(v)) nans++;
                            else if (isGlitch(v)) glitches++;
                            raw[base + c] = (float) cleaned(v, f == 0 ? 0 : raw[base - cells * channels + c]);
                        }
                    }
                }
                warnings = data.divergenceWarnings();
            }
        }
        return new Result(subsample(raw, frames), keepRaw ? raw : null, path, simulated.size(), glitches, nans, warnings);
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
