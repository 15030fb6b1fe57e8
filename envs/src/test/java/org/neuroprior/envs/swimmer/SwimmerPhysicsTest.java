package org.neuroprior.envs.swimmer;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Step;

class SwimmerPhysicsTest {

    private static double episodeReturn(SwimmerEnv env, long seed, String gait) {
        Step s = env.reset(seed);
        int joints = env.physics().body().joints();
        double[] controls = new double[joints];
        double[] angles = new double[joints];
        double total = 0;
        for (int t = 0; t < SwimmerEnv.DEFAULT_TIME_LIMIT; t++) {
            switch (gait) {
                case "wave" -> SwimmerGaits.travellingWave(t, 40, 2 * Math.PI / joints, controls);
                case "ncap" -> {
                    System.arraycopy(s.observation(), 0, angles, 0, joints);
                    SwimmerGaits.squareWaveWithProprioception(t, angles, env.physics().body().bodies(), controls);
                }
                case "zero" -> java.util.Arrays.fill(controls, 0);
                default -> throw new IllegalArgumentException(gait);
            }
            s = env.step(controls);
            total += s.reward();
        }
        return total;
    }

    @Test
    void gaitsSwimAndStillnessDoesNot() {
        try (var env = new SwimmerEnv(new SwimTask(), 6)) {
            double wave = episodeReturn(env, 1, "wave");
            double ncap = episodeReturn(env, 1, "ncap");
            double zero = episodeReturn(env, 1, "zero");
            System.out.printf("swimmer-swim, 6 bodies, returns: wave %.1f, ncap rule %.1f, zero %.1f%n", wave, ncap, zero);
            assertTrue(wave > 200, "travelling wave return " + wave);
            assertTrue(ncap > 200, "NCAP square-wave rule return " + ncap);
            assertTrue(zero < 20, "zero-control return " + zero);
        }
    }
}
