package org.neuroprior.envs.mujoco;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.envs.swimmer.SwimmerModel;

class MjModelTest {
    private static final String PENDULUM = """
            <mujoco model="pendulum">
              <option timestep="0.01" gravity="0 0 -9.81"/>
              <worldbody>
                <body name="arm" pos="0 0 1">
                  <joint name="hinge" type="hinge" axis="0 1 0" range="-90 90" limited="true"/>
                  <geom name="bob" type="sphere" size="0.05" pos="0 0 -0.5" mass="1"/>
                  <site name="tip" pos="0 0 -0.5"/>
                </body>
              </worldbody>
              <actuator><motor name="torque" joint="hinge" ctrlrange="-2 2" ctrllimited="true"/></actuator>
              <sensor><jointpos name="angle" joint="hinge"/><framepos name="tip_pos" objtype="site" objname="tip"/></sensor>
            </mujoco>
            """;

    @Test
    void reportsTheLibraryVersionItWasBuiltFor() {
        assertEquals("2.2.2", Mujoco.version());
        assertEquals(222, Mujoco.HEADER_VERSION);
    }

    @Test
    void compilesAndSimulatesAPendulumThatFalls() {
        try (MjModel model = MjModel.fromXml(PENDULUM); MjData data = model.makeData()) {
            assertEquals(1, model.nq());
            assertEquals(1, model.nu());
            assertEquals(4, model.nsensordata());
            assertEquals(0.01, model.timestep());
            int hinge = model.id(MjObject.JOINT, "hinge");
            assertArrayEquals(new double[] {-Math.PI / 2, Math.PI / 2}, model.jointRange(hinge), 1e-12);
            assertArrayEquals(new double[] {-2, 2}, model.actuatorCtrlRange(model.id(MjObject.ACTUATOR, "torque")));
            data.setQpos(0, 0.3);
            data.forward();
            double[] sensors = new double[4];
            data.readSensordata(sensors);
            assertEquals(0.3, sensors[0], 1e-12);
            // The tip hangs 0.5 below the pivot, rotated by 0.3 rad about y: x = -0.5 sin(0.3)
            assertEquals(-0.5 * Math.sin(0.3), sensors[1], 1e-9);
            assertEquals(1 - 0.5 * Math.cos(0.3), sensors[3], 1e-9);
            data.step(50);
            assertEquals(0.5, data.time(), 1e-12);
            assertTrue(Math.abs(data.qpos(0)) < 0.3, "gravity swings the pendulum back towards the bottom");
        }
    }

    @Test
    void malformedMjcfCarriesMuJoCosMessage() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MjModel.fromXml("<mujoco><worldbody><body><joint type=\"bogus\"/></body></worldbody></mujoco>"));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        var notXml = assertThrows(IllegalArgumentException.class, () -> MjModel.fromXml("this is not MJCF"));
        assertTrue(notXml.getMessage().startsWith("MuJoCo could not compile"), notXml.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MjModel.fromXml("  "));
    }

    @Test
    void servesAssetsFromMemory() {
        String main = "<mujoco><include file=\"arm.xml\"/></mujoco>";
        String arm = "<mujoco><worldbody><body name=\"arm\"><joint type=\"hinge\"/><geom size=\".1\"/></body></worldbody></mujoco>";
        try (MjModel model = MjModel.fromXml(main, Map.of("arm.xml", arm.getBytes(StandardCharsets.UTF_8)))) {
            assertEquals(1, model.nq());
            assertTrue(model.findId(MjObject.BODY, "arm") > 0);
        }
    }

    @Test
    void loadsFromFileAndSavesBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("swimmer.xml");
        Files.writeString(file, new SwimmerModel(4).toMjcf());
        try (MjModel model = MjModel.fromXmlFile(file)) {
            assertEquals(3 + 3, model.nq());
            Path saved = dir.resolve("saved.xml");
            model.saveXml(saved);
            try (MjModel again = MjModel.fromXmlFile(saved)) {
                assertEquals(model.nq(), again.nq());
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> MjModel.fromXmlFile(dir.resolve("missing.xml")));
        assertTrue(e.getMessage().contains("missing.xml"));
    }

    @Test
    void unknownNamesAndBadIndicesAreClearErrors() {
        try (MjModel model = MjModel.fromXml(PENDULUM); MjData data = model.makeData()) {
            var e = assertThrows(IllegalArgumentException.class, () -> model.id(MjObject.JOINT, "elbow"));
            assertTrue(e.getMessage().contains("elbow"));
            assertEquals(-1, model.findId(MjObject.SENSOR, "nothing"));
            assertThrows(IllegalArgumentException.class, () -> model.jointRange(5));
            assertThrows(IllegalArgumentException.class, () -> data.readQpos(new double[0]));
            assertThrows(IllegalArgumentException.class, () -> data.writeCtrl(new double[3]));
            assertThrows(IllegalArgumentException.class, () -> data.setQpos(1, 0));
        }
    }

    @Test
    void closedObjectsRefuseUseAndCloseTwiceIsHarmless() {
        MjModel model = MjModel.fromXml(PENDULUM);
        MjData data = model.makeData();
        data.close();
        data.close();
        assertThrows(IllegalStateException.class, () -> data.step(1));
        MjData other = model.makeData();
        model.close();
        model.close();
        assertThrows(IllegalStateException.class, model::nq);
        assertThrows(IllegalStateException.class, other::forward);
        other.close();
    }

    @Test
    void divergenceIsCountedAndMuJoCoResetsTheState() {
        try (MjModel model = MjModel.fromXml(PENDULUM); MjData data = model.makeData()) {
            data.setQvel(0, Double.NaN);
            data.step(1);
            assertTrue(data.divergenceWarnings() > 0);
            assertTrue(Double.isFinite(data.qvel(0)));
            data.reset();
            assertEquals(0, data.divergenceWarnings());
        }
    }

    /**
     * Leaking the native memory of 10,000 objects would grow the process by 10,000 x their size; we allow a small
     * fraction of that (resident memory also moves with the Java heap and the allocator's caches).
     */
    @Test
    void creatingAndClosingManyDoesNotGrowNativeMemory() {
        String mjcf = new SwimmerModel(6).toMjcf();
        long modelBytes;
        long dataBytes;
        try (MjModel model = MjModel.fromXml(mjcf); MjData data = model.makeData()) {
            modelBytes = model.raw().nbuffer();
            dataBytes = data.raw().nbuffer() + 8L * data.raw().nstack();
        }
        try (MjModel model = MjModel.fromXml(mjcf)) {
            for (int i = 0; i < 500; i++) model.makeData().close(); // warm up allocator and JIT
            long before = Pointer.physicalBytes();
            for (int i = 0; i < 10_000; i++) {
                try (MjData data = model.makeData()) {
                    data.step(1);
                }
            }
            long growth = Pointer.physicalBytes() - before;
            long leak = 10_000 * dataBytes;
            assertTrue(growth < leak / 10, "resident memory grew by " + (growth >> 20) + " MB over 10,000 MjData; a leak would be "
                    + (leak >> 20) + " MB");
        }
        for (int i = 0; i < 200; i++) MjModel.fromXml(mjcf).close();
        long before = Pointer.physicalBytes();
        for (int i = 0; i < 10_000; i++) {
            try (MjModel model = MjModel.fromXml(mjcf)) {
                assertEquals(8, model.nq());
            }
        }
        long growth = Pointer.physicalBytes() - before;
        long leak = 10_000 * modelBytes;
        assertTrue(growth < leak / 10, "resident memory grew by " + (growth >> 20) + " MB over 10,000 MjModel; a leak would be "
                + (leak >> 20) + " MB");
    }
}
