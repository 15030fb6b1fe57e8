package org.neuroprior.experiments.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.swimmer.SwimmerEnv;
import org.neuroprior.envs.swimmer.SwimmerGaits;
import org.neuroprior.envs.swimmer.SwimmerModel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neuroprior demo}: swims the swimmer with hand-written gaits and prints their returns, to show the
 * physics works before any learning.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Swim swimmer-swim with hand-written gaits (no learning) and print each episode's return.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--bodies", description = "number of swimmer links (" + SwimmerModel.MIN_BODIES + ".." + SwimmerModel.MAX_BODIES
            + "), default ${DEFAULT-VALUE}")
    int bodies = SwimmerModel.DEFAULT_BODIES;

    @Option(names = "--episodes", defaultValue = "3", description = "episodes per gait, default ${DEFAULT-VALUE}")
    int episodes;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the first episode, default ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() {
        if (episodes < 1) throw new IllegalArgumentException("--episodes = " + episodes + "; accepted: 1 or more");
        int steps = SwimmerEnv.DEFAULT_TIME_LIMIT;
        System.out.printf("swimmer-swim, %d bodies, %d episode%s of %d steps per gait; best possible return %d (1 per step)%n",
                bodies, episodes, episodes == 1 ? "" : "s", steps, steps);
        for (String gait : new String[] {"zero control", "travelling wave", "NCAP rule (square wave + proprioception)"}) {
            double sum = 0;
            try (Env<double[]> env = Envs.makeContinuous("swimmer-swim", Map.of("bodies", bodies))) {
                for (int e = 0; e < episodes; e++) sum += episode(env, seed + e, gait);
            }
            System.out.printf("  %-42s mean return %7.1f%n", gait, sum / episodes);
        }
        return 0;
    }

    private double episode(Env<double[]> env, long episodeSeed, String gait) {
        int joints = bodies - 1;
        double[] controls = new double[joints];
        double[] angles = new double[joints];
        Step s = env.reset(episodeSeed);
        double total = 0;
        for (int t = 0; !s.done(); t++) {
            if (gait.startsWith("travelling")) {
                SwimmerGaits.travellingWave(t, 40, 2 * Math.PI / joints, controls);
            } else if (gait.startsWith("NCAP")) {
                System.arraycopy(s.observation(), 0, angles, 0, joints);
                SwimmerGaits.squareWaveWithProprioception(t, angles, bodies, controls);
            }
            s = env.step(controls);
            total += s.reward();
        }
        return total;
    }
}
