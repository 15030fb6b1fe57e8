package org.neuroprior.envs.swimmer;

import java.util.random.RandomGenerator;

import org.neuroprior.envs.mujoco.MjData;
import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.mujoco.MjObject;

/**
 * A swimmer's MuJoCo model and state, with the named quantities its tasks need (dm_control's
 * {@code swimmer.Physics}). Readings come from a copy of qpos and sensordata taken by {@link #refresh()}.
 */
public final class SwimmerPhysics implements AutoCloseable {
    private final SwimmerModel body;
    private final MjModel model;
    private final MjData data;
    private final double[] qpos;
    private final double[] sensors;
    private final double[] xpos;
    private final int firstJointQpos;
    private final int rootzQpos;
    private final double[] jointLow;
    private final double[] jointHigh;
    private final int targetGeom;
    private final int nosePos;
    private final int targetPos;
    private final int headXAxis;
    private final int headYAxis;
    /** Address of each body's velocimeter and gyro in sensordata, head first. */
    private final int[] velocimeter;
    private final int[] gyro;
    private final int[] bodyIds;

    public SwimmerPhysics(SwimmerModel body) {
        this.body = body;
        this.model = MjModel.fromXml(body.toMjcf());
        this.data = model.makeData();
        this.qpos = new double[model.nq()];
        this.sensors = new double[model.nsensordata()];
        this.xpos = new double[3 * model.nbody()];
        int joints = body.joints();
        this.firstJointQpos = model.jointQposAddress(model.id(MjObject.JOINT, "joint_0"));
        this.rootzQpos = model.jointQposAddress(model.id(MjObject.JOINT, "rootz"));
        this.jointLow = new double[joints];
        this.jointHigh = new double[joints];
        for (int i = 0; i < joints; i++) {
            double[] range = model.jointRange(model.id(MjObject.JOINT, "joint_" + i));
            jointLow[i] = range[0];
            jointHigh[i] = range[1];
        }
        this.targetGeom = model.id(MjObject.GEOM, "target");
        this.nosePos = sensor("nose_pos");
        this.targetPos = sensor("target_pos");
        this.headXAxis = sensor("head_xaxis");
        this.headYAxis = sensor("head_yaxis");
        this.velocimeter = new int[body.bodies()];
        this.gyro = new int[body.bodies()];
        this.bodyIds = new int[body.bodies()];
        velocimeter[0] = sensor("head_vel");
        gyro[0] = sensor("head_gyro");
        bodyIds[0] = model.id(MjObject.BODY, "head");
        for (int i = 0; i < joints; i++) {
            velocimeter[i + 1] = sensor("velocimeter_" + i);
            gyro[i + 1] = sensor("gyro_" + i);
            bodyIds[i + 1] = model.id(MjObject.BODY, "segment_" + i);
        }
    }

    private int sensor(String name) {
        return model.sensorAddress(model.id(MjObject.SENSOR, name));
    }

    public SwimmerModel body() {
        return body;
    }

    public MjModel model() {
        return model;
    }

    public MjData data() {
        return data;
    }

    /** Back to the model's default state, warnings cleared. */
    public void resetToDefault() {
        data.reset();
    }

    /**
     * dm_control's swimmer reset: every limited joint uniform in its range, the heading (rootz) uniform in
     * [-pi, pi], the slides left at 0; the target within +-0.3 m with probability 0.2, else within +-2 m.
     */
    public void randomizeInitialState(RandomGenerator rng) {
        data.setQpos(rootzQpos, -Math.PI + 2 * Math.PI * rng.nextDouble());
        for (int i = 0; i < jointLow.length; i++) {
            data.setQpos(firstJointQpos + i, jointLow[i] + (jointHigh[i] - jointLow[i]) * rng.nextDouble());
        }
        double box = rng.nextDouble() < 0.2 ? 0.3 : 2.0;
        double tx = -box + 2 * box * rng.nextDouble();
        double ty = -box + 2 * box * rng.nextDouble();
        model.setGeomPosition(targetGeom, tx, ty, 0.05);
    }

    /** Computes derived quantities for the current state (after changing it by hand) and reads them. */
    public void forward() {
        data.forward();
        refresh();
    }

    /** Applies {@code controls} for {@code substeps} physics steps, then reads the new state. */
    public void step(double[] controls, int substeps) {
        data.writeCtrl(controls);
        data.stepWithCurrentSensors(substeps);
        refresh();
    }

    /** Copies qpos and sensordata from MuJoCo (two native calls), for the accessors below. */
    public void refresh() {
        data.readQpos(qpos);
        data.readSensordata(sensors);
    }

    /** True if MuJoCo reported a bad qpos/qvel/qacc since the last reset (it then resets the state itself). */
    public boolean diverged() {
        return data.divergenceWarnings() > 0;
    }

    /** The body joint angles qpos[3:] (radians), {@code bodies - 1} values, into {@code out[offset..]}. */
    public void jointAngles(double[] out, int offset) {
        System.arraycopy(qpos, firstJointQpos, out, offset, jointLow.length);
    }

    /**
     * For every body (head first), its local velocity x, y and angular velocity z from its velocimeter and gyro:
     * {@code 3 * bodies} values into {@code out[offset..]}.
     */
    public void bodyVelocities(double[] out, int offset) {
        for (int b = 0; b < velocimeter.length; b++) {
            out[offset + 3 * b] = sensors[velocimeter[b]];
            out[offset + 3 * b + 1] = sensors[velocimeter[b] + 1];
            out[offset + 3 * b + 2] = sensors[gyro[b] + 2];
        }
    }

    /** Forward speed of the head: minus the head velocimeter's y (the head points along -y). */
    public double forwardSpeed() {
        return -sensors[velocimeter[0] + 1];
    }

    /** The target relative to the nose, in the head's frame (x, y): two values into {@code out[offset..]}. */
    public void noseToTarget(double[] out, int offset) {
        double dx = sensors[targetPos] - sensors[nosePos];
        double dy = sensors[targetPos + 1] - sensors[nosePos + 1];
        double dz = sensors[targetPos + 2] - sensors[nosePos + 2];
        out[offset] = dx * sensors[headXAxis] + dy * sensors[headXAxis + 1] + dz * sensors[headXAxis + 2];
        out[offset + 1] = dx * sensors[headYAxis] + dy * sensors[headYAxis + 1] + dz * sensors[headYAxis + 2];
    }

    /** Distance from the nose to the target centre. */
    public double noseToTargetDistance() {
        double dx = sensors[targetPos] - sensors[nosePos];
        double dy = sensors[targetPos + 1] - sensors[nosePos + 1];
        double dz = sensors[targetPos + 2] - sensors[nosePos + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** World x, y of every body frame (head first): {@code 2 * bodies} values, for drawing the swimmer. */
    public void bodyPositions(double[] out, int offset) {
        data.readXpos(xpos);
        for (int b = 0; b < bodyIds.length; b++) {
            out[offset + 2 * b] = xpos[3 * bodyIds[b]];
            out[offset + 2 * b + 1] = xpos[3 * bodyIds[b] + 1];
        }
    }

    /** World position of the target (x, y). */
    public double targetX() {
        return sensors[targetPos];
    }

    public double targetY() {
        return sensors[targetPos + 1];
    }

    @Override
    public void close() {
        data.close();
        model.close();
    }
}
