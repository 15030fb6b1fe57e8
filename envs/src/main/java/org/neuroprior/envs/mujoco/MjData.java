package org.neuroprior.envs.mujoco;

import java.lang.ref.Cleaner;
import java.nio.DoubleBuffer;

import org.bytedeco.javacpp.DoublePointer;
import org.neuroprior.envs.mujoco.binding.MuJoCo;
import org.neuroprior.envs.mujoco.binding.mjData;
import org.neuroprior.envs.mujoco.binding.mjWarningStat;

/**
 * The simulation state of one {@link MjModel} (mjData): positions, velocities, controls, sensor readings.
 * Owns native memory: close it. Not thread-safe: one thread steps one MjData.
 *
 * <p>Reads and writes go through caller-owned arrays and {@link DoubleBuffer} views of mjData's arrays made
 * once at construction: copying through them is a plain memory copy (no JNI call), and nothing is allocated.
 */
public final class MjData implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final MjModel model;
    private final mjData data;
    private final Cleaner.Cleanable cleanable;
    private final DoubleBuffer qpos;
    private final DoubleBuffer qvel;
    private final DoubleBuffer ctrl;
    private final DoubleBuffer sensordata;
    private final DoubleBuffer xpos;
    private final DoubleBuffer mocapPos;
    private final mjWarningStat warnings;
    private final int nq;
    private final int nv;
    private final int nu;
    private final int nsensordata;
    private final int nbody;
    private final int nmocap;
    private boolean closed;

    MjData(MjModel model) {
        this.model = model;
        mjData d = MuJoCo.mj_makeData(model.raw());
        if (d == null || d.isNull()) throw new IllegalStateException("MuJoCo could not allocate mjData");
        this.data = d;
        this.cleanable = CLEANER.register(this, () -> MuJoCo.mj_deleteData(d));
        this.nq = model.nq();
        this.nv = model.nv();
        this.nu = model.nu();
        this.nsensordata = model.nsensordata();
        this.nbody = model.nbody();
        this.nmocap = model.nmocap();
        this.qpos = view(d.qpos(), nq);
        this.qvel = view(d.qvel(), nv);
        this.ctrl = view(d.ctrl(), nu);
        this.sensordata = view(d.sensordata(), nsensordata);
        this.xpos = view(d.xpos(), 3 * nbody);
        this.mocapPos = view(d.mocap_pos(), 3 * nmocap);
        this.warnings = d.warning();
    }

    /** A buffer over {@code length} doubles of native memory that mjData owns (valid until close). */
    private static DoubleBuffer view(DoublePointer pointer, int length) {
        if (length == 0) return DoubleBuffer.allocate(0);
        return pointer.capacity(length).limit(length).asBuffer();
    }

    public MjModel model() {
        return model;
    }

    /** Advances the simulation by {@code n} physics steps (mj_step). */
    public void step(int n) {
        var m = model.raw();
        var d = raw();
        for (int i = 0; i < n; i++) MuJoCo.mj_step(m, d);
    }

    /**
     * Advances {@code n} physics steps and leaves position- and velocity-dependent quantities (sensors included)
     * current for the final state, at the cost of exactly {@code n} steps. This is dm_control's stepping: it
     * needs those quantities to be current on entry (after {@link #forward()} or a previous call).
     */
    public void stepWithCurrentSensors(int n) {
        if (n < 1) throw new IllegalArgumentException("number of physics steps must be >= 1, got " + n);
        var m = model.raw();
        var d = raw();
        MuJoCo.mj_step2(m, d);
        for (int i = 1; i < n; i++) MuJoCo.mj_step(m, d);
        MuJoCo.mj_step1(m, d);
    }

    /** Computes positions, velocities-dependent quantities and sensors for the current state (mj_forward). */
    public void forward() {
        MuJoCo.mj_forward(model.raw(), raw());
    }

    /** Restores the model's default state (qpos0, zero velocity, zero controls, time 0). */
    public void reset() {
        MuJoCo.mj_resetData(model.raw(), raw());
    }

    /** Simulation time in seconds. */
    public double time() {
        return raw().time();
    }

    public void readQpos(double[] out) { read(qpos, nq, out, 0); }
    public void readQvel(double[] out) { read(qvel, nv, out, 0); }
    public void readSensordata(double[] out) { read(sensordata, nsensordata, out, 0); }
    /** Body positions in world coordinates, nbody x 3, row-major. */
    public void readXpos(double[] out) { read(xpos, 3 * nbody, out, 0); }

    /** Copies {@code length} values of sensordata starting at {@code address} into {@code out[offset..]}. */
    public void readSensordata(int address, int length, double[] out, int offset) {
        checkRange(address, length, nsensordata, "sensordata");
        checkOpen();
        sensordata.get(address, out, offset, length);
    }

    public double qpos(int i) { checkRange(i, 1, nq, "qpos"); checkOpen(); return qpos.get(i); }
    public double qvel(int i) { checkRange(i, 1, nv, "qvel"); checkOpen(); return qvel.get(i); }
    public void setQpos(int i, double value) { checkRange(i, 1, nq, "qpos"); checkOpen(); qpos.put(i, value); }
    public void setQvel(int i, double value) { checkRange(i, 1, nv, "qvel"); checkOpen(); qvel.put(i, value); }
    public void writeQpos(double[] values) { write(qpos, nq, values, "qpos"); }
    public void writeQvel(double[] values) { write(qvel, nv, values, "qvel"); }
    public void writeCtrl(double[] values) { write(ctrl, nu, values, "ctrl"); }
    public void setCtrl(int i, double value) { checkRange(i, 1, nu, "ctrl"); checkOpen(); ctrl.put(i, value); }

    /** Sets the position of mocap body number {@code mocapIndex} (kinematic bodies moved by the user). */
    public void setMocapPos(int mocapIndex, double x, double y, double z) {
        checkRange(mocapIndex, 1, nmocap, "mocap body");
        checkOpen();
        mocapPos.put(3 * mocapIndex, x).put(3 * mocapIndex + 1, y).put(3 * mocapIndex + 2, z);
    }

    /** How many times MuJoCo has raised a warning of this kind since the last reset (e.g. bad qacc). */
    public int warningCount(MjWarning warning) {
        checkOpen();
        int count = warnings.position(warning.code).number();
        warnings.position(0);
        return count;
    }

    /** Sum of the counts of the warnings that mean the simulation blew up (bad qpos, qvel or qacc). */
    public int divergenceWarnings() {
        return warningCount(MjWarning.BAD_QPOS) + warningCount(MjWarning.BAD_QVEL) + warningCount(MjWarning.BAD_QACC);
    }

    /** The raw JavaCPP binding. Valid until {@link #close()}. */
    public mjData raw() {
        checkOpen();
        return data;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        cleanable.clean();
    }

    private void read(DoubleBuffer source, int count, double[] out, int offset) {
        checkOpen();
        if (out.length - offset < count) {
            throw new IllegalArgumentException("output array holds " + (out.length - offset) + " values from offset " + offset
                    + "; " + count + " needed");
        }
        source.get(0, out, offset, count);
    }

    private void write(DoubleBuffer target, int count, double[] values, String what) {
        checkOpen();
        if (values.length != count) {
            throw new IllegalArgumentException(what + " needs " + count + " values, got " + values.length);
        }
        target.put(0, values, 0, count);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("MjData is closed");
        if (model.isClosed()) throw new IllegalStateException("the MjModel of this MjData is closed");
    }

    private static void checkRange(int start, int length, int size, String what) {
        if (start < 0 || start + length > size) {
            throw new IllegalArgumentException(what + " index " + start + (length > 1 ? " (+" + length + ")" : "")
                    + " out of range; accepted: 0.." + (size - 1));
        }
    }
}
