package org.neuroprior.envs.mujoco;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.neuroprior.envs.mujoco.binding.MuJoCo;
import org.neuroprior.envs.mujoco.binding.mjModel;
import org.neuroprior.envs.mujoco.binding.mjVFS;

/**
 * A compiled MuJoCo model (mjModel): the fixed description of a body. Owns native memory: close it, or use
 * try-with-resources. A model that is never closed is freed when it becomes unreachable, as a safety net.
 *
 * <p>Models are read-only once compiled and may be shared by many {@link MjData} on many threads.
 */
public final class MjModel implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    /** MuJoCo 2.2's XML compiler is not documented as thread-safe: compile one model at a time. */
    private static final Object COMPILER_LOCK = new Object();
    private static final String MAIN_FILE = "model.xml";
    private static final int ERROR_BUFFER = 1000;

    private final mjModel model;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean closed;

    private MjModel(mjModel model) {
        this.model = model;
        this.cleanable = CLEANER.register(this, () -> MuJoCo.mj_deleteModel(model));
    }

    /** Compiles MJCF text. MuJoCo's own compiler message is in the exception if it fails. */
    public static MjModel fromXml(String mjcf) {
        return fromXml(mjcf, Map.of());
    }

    /**
     * Compiles MJCF text that refers to asset files (meshes, textures) given by name in {@code assets}; they are
     * served from MuJoCo's virtual file system, so nothing is written to disk.
     *
     * @throws IllegalArgumentException with MuJoCo's compiler message when the MJCF is not a valid model
     */
    public static MjModel fromXml(String mjcf, Map<String, byte[]> assets) {
        if (mjcf == null || mjcf.isBlank()) throw new IllegalArgumentException("MJCF text is empty; accepted: an MJCF <mujoco> document");
        Mujoco.ensureLoaded();
        try (mjVFS vfs = new mjVFS(); BytePointer error = new BytePointer(ERROR_BUFFER)) {
            MuJoCo.mj_defaultVFS(vfs);
            try {
                addFile(vfs, MAIN_FILE, mjcf.getBytes(StandardCharsets.UTF_8));
                for (Map.Entry<String, byte[]> asset : assets.entrySet()) addFile(vfs, asset.getKey(), asset.getValue());
                mjModel m;
                synchronized (COMPILER_LOCK) {
                    m = MuJoCo.mj_loadXML(MAIN_FILE, vfs, error, ERROR_BUFFER);
                }
                if (m == null || m.isNull()) {
                    throw new IllegalArgumentException("MuJoCo could not compile the MJCF model: " + message(error));
                }
                return new MjModel(m);
            } finally {
                MuJoCo.mj_deleteVFS(vfs);
            }
        }
    }

    /** Compiles an MJCF file; relative asset paths resolve against the file's directory, as in MuJoCo. */
    public static MjModel fromXmlFile(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("MJCF file " + file + " does not exist or is not a file");
        Mujoco.ensureLoaded();
        try (BytePointer error = new BytePointer(ERROR_BUFFER)) {
            mjModel m;
            synchronized (COMPILER_LOCK) {
                m = MuJoCo.mj_loadXML(file.toAbsolutePath().toString(), null, error, ERROR_BUFFER);
            }
            if (m == null || m.isNull()) {
                throw new IllegalArgumentException("MuJoCo could not compile " + file + ": " + message(error));
            }
            return new MjModel(m);
        }
    }

    /** MuJoCo's error text on one line: up to the first NUL, whitespace runs (its line breaks, padding) as one space. */
    private static String message(BytePointer error) {
        String text = error.getString();
        int end = text.indexOf('\0');
        return (end < 0 ? text : text.substring(0, end)).replaceAll("\\s+", " ").strip();
    }

    private static void addFile(mjVFS vfs, String name, byte[] content) {
        int status = MuJoCo.mj_makeEmptyFileVFS(vfs, name, content.length);
        if (status != 0) {
            throw new IllegalArgumentException("cannot add '" + name + "' to MuJoCo's virtual file system (code " + status
                    + ": 1 = full, 2 = duplicate name)");
        }
        Pointer data = vfs.filedata(vfs.nfile() - 1);
        new BytePointer(data).capacity(content.length).put(content, 0, content.length);
    }

    /** Creates fresh simulation state for this model. */
    public MjData makeData() {
        return new MjData(this);
    }

    /** The id of the named element. */
    public int id(MjObject type, String name) {
        int id = MuJoCo.mj_name2id(raw(), type.code, name);
        if (id < 0) throw new IllegalArgumentException("model has no " + type.name().toLowerCase() + " named '" + name + "'");
        return id;
    }

    /** The id of the named element, or -1 if there is none. */
    public int findId(MjObject type, String name) {
        return MuJoCo.mj_name2id(raw(), type.code, name);
    }

    public int nq() { return raw().nq(); }
    public int nv() { return raw().nv(); }
    public int nu() { return raw().nu(); }
    public int nbody() { return raw().nbody(); }
    public int njnt() { return raw().njnt(); }
    public int nsite() { return raw().nsite(); }
    public int nsensor() { return raw().nsensor(); }
    public int nsensordata() { return raw().nsensordata(); }
    public int nmocap() { return raw().nmocap(); }

    /** Physics time step in seconds. */
    public double timestep() {
        return raw().opt().timestep();
    }

    /** Index of the joint's first value in qpos. */
    public int jointQposAddress(int jointId) {
        return raw().jnt_qposadr().get(checkIndex(jointId, njnt(), "joint"));
    }

    /** Index of the joint's first value in qvel. */
    public int jointDofAddress(int jointId) {
        return raw().jnt_dofadr().get(checkIndex(jointId, njnt(), "joint"));
    }

    public boolean jointLimited(int jointId) {
        return raw().jnt_limited().get(checkIndex(jointId, njnt(), "joint")) != 0;
    }

    /** The joint's range {lower, upper} (radians for hinges, metres for slides). */
    public double[] jointRange(int jointId) {
        int j = checkIndex(jointId, njnt(), "joint");
        return new double[] {raw().jnt_range().get(2L * j), raw().jnt_range().get(2L * j + 1)};
    }

    /** The actuator's control range {lower, upper}. */
    public double[] actuatorCtrlRange(int actuatorId) {
        int a = checkIndex(actuatorId, nu(), "actuator");
        return new double[] {raw().actuator_ctrlrange().get(2L * a), raw().actuator_ctrlrange().get(2L * a + 1)};
    }

    /** Index of the sensor's first value in sensordata. */
    public int sensorAddress(int sensorId) {
        return raw().sensor_adr().get(checkIndex(sensorId, nsensor(), "sensor"));
    }

    /** Number of values the sensor writes. */
    public int sensorDimension(int sensorId) {
        return raw().sensor_dim().get(checkIndex(sensorId, nsensor(), "sensor"));
    }

    /** Number of geoms. */
    public int ngeom() { return raw().ngeom(); }

    /** Moves a geom relative to its body (e.g. a task's target); takes effect at the next forward/step. */
    public void setGeomPosition(int geomId, double x, double y, double z) {
        int g = checkIndex(geomId, ngeom(), "geom");
        raw().geom_pos().put(3L * g, x).put(3L * g + 1, y).put(3L * g + 2, z);
    }

    /** Writes the compiled model back as MJCF (MuJoCo's canonical form), e.g. for mujoco-simulate. */
    public void saveXml(Path file) throws IOException {
        try (BytePointer error = new BytePointer(ERROR_BUFFER)) {
            int ok;
            synchronized (COMPILER_LOCK) {
                ok = MuJoCo.mj_saveLastXML(file.toAbsolutePath().toString(), raw(), error, ERROR_BUFFER);
            }
            if (ok == 0) throw new IOException("MuJoCo could not save the model to " + file + ": " + error.getString().strip());
        }
    }

    /** The raw JavaCPP binding, for what the safe layer does not cover. Valid until {@link #close()}. */
    public mjModel raw() {
        if (closed) throw new IllegalStateException("MjModel is closed");
        return model;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        cleanable.clean();
    }

    private static int checkIndex(int id, int count, String what) {
        if (id < 0 || id >= count) throw new IllegalArgumentException(what + " id " + id + " out of range; accepted: 0.." + (count - 1));
        return id;
    }
}
