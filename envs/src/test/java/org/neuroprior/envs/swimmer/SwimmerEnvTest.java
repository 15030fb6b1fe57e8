package org.neuroprior.envs.swimmer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.mujoco.MjObject;

class SwimmerEnvTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 6, 13, 30})
    void spacesFollowTheNcapLayout(int bodies) {
        try (var swim = new SwimmerEnv(new SwimTask(), bodies); var nav = new SwimmerEnv(new NavigateTask(), bodies)) {
            assertEquals(4 * bodies - 1, swim.observationSpace().size());
            assertEquals(4 * bodies + 1, nav.observationSpace().size());
            Box actions = (Box) swim.actionSpace();
            assertEquals(bodies - 1, actions.size());
            assertEquals(-1, actions.low(0));
            assertEquals(1, actions.high(bodies - 2));
            assertEquals(3 + bodies - 1, swim.physics().model().nq()); // root x, y, heading + joints
        }
    }

    @Test
    void sixBodiesObserve23Values() {
        try (var env = new SwimmerEnv(new SwimTask(), 6)) {
            assertEquals(23, env.reset(0).observation().length);
        }
    }

    @Test
    void observationIsJointAnglesThenBodyVelocities() {
        try (var env = new SwimmerEnv(new SwimTask(), 6)) {
            env.reset(3);
            Step s = env.step(new double[] {1, -1, 0.5, 0, -0.5});
            var data = env.physics().data();
            var model = env.physics().model();
            double[] qpos = new double[model.nq()];
            data.readQpos(qpos);
            double[] sensors = new double[model.nsensordata()];
            data.readSensordata(sensors);
            double[] obs = s.observation();
            for (int i = 0; i < 5; i++) assertEquals(qpos[3 + i], obs[i], 0.0, "joint " + i);
            String[][] names = {{"head_vel", "head_gyro"}, {"velocimeter_0", "gyro_0"}, {"velocimeter_4", "gyro_4"}};
            int[] bodies = {0, 1, 5};
            for (int k = 0; k < names.length; k++) {
                int vel = model.sensorAddress(model.id(MjObject.SENSOR, names[k][0]));
                int gyro = model.sensorAddress(model.id(MjObject.SENSOR, names[k][1]));
                int at = 5 + 3 * bodies[k];
                assertEquals(sensors[vel], obs[at], 0.0);
                assertEquals(sensors[vel + 1], obs[at + 1], 0.0);
                assertEquals(sensors[gyro + 2], obs[at + 2], 0.0);
            }
        }
    }

    @Test
    void swimRewardMatchesAHandComputationFromTheHeadVelocity() {
        try (var env = new SwimmerEnv(new SwimTask(), 6)) {
            var model = env.physics().model();
            int headVel = model.sensorAddress(model.id(MjObject.SENSOR, "head_vel"));
            double[] sensors = new double[model.nsensordata()];
            double[] controls = new double[5];
            Step s = env.reset(11);
            int positive = 0;
            for (int t = 0; t < 300; t++) {
                SwimmerGaits.travellingWave(t, 40, 2 * Math.PI / 5, controls);
                s = env.step(controls);
                env.physics().data().readSensordata(sensors);
                double forward = -sensors[headVel + 1];
                double expected = forward >= 0.1 ? 1 : forward <= 0 ? 0 : forward / 0.1;
                assertEquals(expected, s.reward(), 1e-12, "step " + t);
                if (s.reward() > 0) positive++;
            }
            assertTrue(positive > 100, "the gait should move forward most of the time");
        }
    }

    @Test
    void navigateRewardMatchesAHandComputationFromNoseAndTarget() {
        try (var env = new SwimmerEnv(new NavigateTask(), 6)) {
            var model = env.physics().model();
            int nose = model.sensorAddress(model.id(MjObject.SENSOR, "nose_pos"));
            int target = model.sensorAddress(model.id(MjObject.SENSOR, "target_pos"));
            double[] sensors = new double[model.nsensordata()];
            env.reset(5);
            Step s = env.step(new double[5]);
            env.physics().data().readSensordata(sensors);
            double d = Math.sqrt(Math.pow(sensors[target] - sensors[nose], 2) + Math.pow(sensors[target + 1] - sensors[nose + 1], 2)
                    + Math.pow(sensors[target + 2] - sensors[nose + 2], 2));
            double x = Math.max(0, d - 0.1) / 0.5;
            double expected = d <= 0.1 ? 1 : 1 / (x * x * 9 + 1);
            assertEquals(expected, s.reward(), 1e-12);
            // to_target is the target in the head frame: its length is the horizontal nose-target distance
            double[] obs = s.observation();
            assertEquals(Math.hypot(sensors[target] - sensors[nose], sensors[target + 1] - sensors[nose + 1]),
                    Math.hypot(obs[5], obs[6]), 1e-9);
        }
    }

    @Test
    void oneControlStepIsFifteenPhysicsStepsOf2ms() {
        try (var env = new SwimmerEnv(new SwimTask(), 6)) {
            assertEquals(0.002, env.physics().model().timestep());
            env.reset(1);
            env.step(new double[5]);
            assertEquals(0.03, env.physics().data().time(), 1e-12);
        }
    }

    @Test
    void resetDrawsJointsHeadingAndTargetAsDmControlDoes() {
        int bodies = 6;
        double limit = Math.toRadians(360.0 / bodies);
        int closeTargets = 0;
        int resets = 1000;
        double minHeading = 0;
        double maxHeading = 0;
        try (var env = new SwimmerEnv(new NavigateTask(), bodies)) {
            var data = env.physics().data();
            for (int r = 0; r < resets; r++) {
                env.reset(r);
                assertEquals(0, data.qpos(0));
                assertEquals(0, data.qpos(1));
                double heading = data.qpos(2);
                assertTrue(heading >= -Math.PI && heading <= Math.PI);
                minHeading = Math.min(minHeading, heading);
                maxHeading = Math.max(maxHeading, heading);
                for (int j = 3; j < 3 + bodies - 1; j++) assertTrue(Math.abs(data.qpos(j)) <= limit + 1e-12);
                assertEquals(0, data.qvel(0));
                double tx = env.physics().targetX();
                double ty = env.physics().targetY();
                assertTrue(Math.abs(tx) <= 2 && Math.abs(ty) <= 2);
                if (Math.abs(tx) <= 0.3 && Math.abs(ty) <= 0.3) closeTargets++;
            }
        }
        assertTrue(minHeading < -3 && maxHeading > 3, "heading should cover [-pi, pi]");
        // P(close) = 0.2 + 0.8 * (0.3 / 2)^2 = 0.218
        assertTrue(closeTargets > 0.17 * resets && closeTargets < 0.27 * resets, "close targets: " + closeTargets);
    }

    @Test
    void sameSeedSameTrajectoryOtherSeedOtherStart() {
        double[] a = rollout(42);
        double[] b = rollout(42);
        double[] c = rollout(43);
        assertArrayEquals(a, b, 0.0);
        assertFalse(Arrays.equals(a, c));
    }

    private static double[] rollout(long seed) {
        try (Env<double[]> env = Envs.makeContinuous("swimmer-swim", Map.of("bodies", 5))) {
            Step s = env.reset(seed);
            double[] trace = new double[200];
            for (int t = 0; t < 100; t++) {
                s = env.step(new double[] {Math.sin(t * 0.3), 0.2, -0.4, Math.cos(t * 0.1)});
                trace[2 * t] = s.reward();
                trace[2 * t + 1] = s.observation()[t % s.observation().length];
            }
            return trace;
        }
    }

    @Test
    void episodesAreTruncatedAfter1000StepsNeverTerminated() {
        try (Env<double[]> env = Envs.makeContinuous("swimmer-swim", Map.of())) {
            Step s = env.reset(0);
            int steps = 0;
            while (!s.done()) {
                s = env.step(new double[5]);
                steps++;
                assertFalse(s.terminated());
            }
            assertEquals(1000, steps);
            assertTrue(s.truncated());
        }
    }

    @Test
    void badActionsAreRejectedWithTheValueAndWhatIsAccepted() {
        try (var env = new SwimmerEnv(new SwimTask(), 6)) {
            env.reset(0);
            var length = assertThrows(IllegalArgumentException.class, () -> env.step(new double[4]));
            assertTrue(length.getMessage().contains("length 4") && length.getMessage().contains("length 5"), length.getMessage());
            var nan = assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0, Double.NaN, 0, 0, 0}));
            assertTrue(nan.getMessage().contains("action[1] = NaN"), nan.getMessage());
            var inf = assertThrows(IllegalArgumentException.class,
                    () -> env.step(new double[] {0, 0, 0, 0, Double.NEGATIVE_INFINITY}));
            assertTrue(inf.getMessage().contains("-Infinity"), inf.getMessage());
            assertThrows(IllegalArgumentException.class, () -> env.step(null));
        }
    }

    @Test
    void bodyCountOutOfRangeIsRejected() {
        for (int bad : new int[] {2, 31, -1}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new SwimmerModel(bad));
            assertTrue(e.getMessage().contains(Integer.toString(bad)) && e.getMessage().contains("3..30"), e.getMessage());
        }
    }

    @Test
    void stepBeforeResetOrAfterCloseIsAnError() {
        var env = new SwimmerEnv(new SwimTask(), 4);
        assertThrows(IllegalStateException.class, () -> env.step(new double[3]));
        env.reset(0);
        env.close();
        env.close();
        assertThrows(IllegalStateException.class, () -> env.step(new double[3]));
        assertThrows(IllegalStateException.class, env::reset);
    }

    @Test
    void divergedPhysicsTruncatesWithAFiniteObservationAndResetsCleanly() {
        try (var env = new SwimmerEnv(new SwimTask(), 6)) {
            env.reset(0);
            env.step(new double[5]);
            env.physics().data().setQvel(4, Double.NaN);
            Step s = env.step(new double[5]);
            assertTrue(s.truncated());
            assertFalse(s.terminated());
            assertEquals(Boolean.TRUE, s.info().get(SwimmerEnv.PHYSICS_DIVERGED));
            for (double v : s.observation()) assertTrue(Double.isFinite(v));
            assertEquals(0.0, s.reward());

            env.physics().data().setQvel(2, 1e300); // absurd but finite: MuJoCo flags it as bad
            s = env.step(new double[5]);
            assertTrue(s.truncated());
            for (double v : s.observation()) assertTrue(Double.isFinite(v));

            s = env.reset(1);
            assertTrue(s.info().isEmpty());
            s = env.step(new double[] {1, 1, 1, 1, 1});
            assertFalse(s.done());
            assertFalse(s.info().containsKey(SwimmerEnv.PHYSICS_DIVERGED));
        }
    }

    @Test
    void generatedMjcfCompilesForEveryLength() {
        for (int n = SwimmerModel.MIN_BODIES; n <= SwimmerModel.MAX_BODIES; n++) {
            try (var physics = new SwimmerPhysics(new SwimmerModel(n))) {
                assertEquals(n - 1, physics.model().nu());
                assertEquals(n + 1, physics.model().nbody()); // world + head + segments
                double limit = Math.toRadians(360.0 / n);
                assertArrayEquals(new double[] {-limit, limit},
                        physics.model().jointRange(physics.model().id(MjObject.JOINT, "joint_0")), 1e-9);
            }
        }
    }
}
