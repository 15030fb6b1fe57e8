package example;

import java.util.Map;

import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;

/**
 * One episode of swimmer-swim driven by a travelling wave, through the public API only; exits with code 1 unless the
 * episode runs its 1000 steps with finite observations and the wave swims (a positive return).
 */
public final class SwimmerEpisode {
    public static void main(String[] args) {
        int bodies = 6;
        try (Env<double[]> env = Envs.makeContinuous("swimmer-swim", Map.of("bodies", bodies))) {
            Step step = env.reset(42);
            double[] action = new double[bodies - 1];
            double episodeReturn = 0;
            int steps = 0;
            while (!step.done()) {
                for (int i = 0; i < action.length; i++) action[i] = Math.sin(2 * Math.PI * (steps / 40.0 - (double) i / action.length));
                step = env.step(action);
                episodeReturn += step.reward();
                steps++;
                for (double v : step.observation()) {
                    if (!Double.isFinite(v)) fail("a non-finite observation at step " + steps);
                }
            }
            System.out.printf("swimmer-swim, %d bodies: %d steps, return %.1f%n", bodies, steps, episodeReturn);
            if (steps != 1000) fail("the episode ran " + steps + " steps, not the 1000 of the time limit");
            if (!(episodeReturn > 0)) fail("a travelling wave should swim forward; the return was " + episodeReturn);
        }
    }

    private static void fail(String message) {
        System.err.println("envs-consumer: " + message);
        System.exit(1);
    }
}
