package org.neuroprior.experiments.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.neuroprior.agents.Policy;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.swimmer.SwimmerEnv;
import org.neuroprior.experiments.train.TrainedPolicy;
import org.neuroprior.plots.CsvFiles;
import org.neuroprior.plots.SwimmerPictures;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuroprior play}: one episode of a trained policy, written as a trajectory and pictures. */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = "Play one episode of a run's policy; write trajectory.csv (body positions per step), a strip image and a GIF.")
public final class PlayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory")
    Path runDir;

    @Option(names = "--bodies", description = "swimmer length (default: the trained one)")
    Integer bodies;

    @Option(names = "--seed", defaultValue = "0", description = "episode seed, default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write (default: RUN_DIR/play)")
    Path out;

    @Override
    public Integer call() throws IOException {
        TrainedPolicy trained = TrainedPolicy.load(runDir);
        Path dir = out != null ? out : runDir.resolve("play");
        Files.createDirectories(dir);
        Path csv = dir.resolve("trajectory.csv");
        try (Env<?> env = trained.environment(bodies); Policy<?> policy = trained.forEnvironment(env)) {
            if (!(env.unwrapped() instanceof SwimmerEnv swimmer)) {
                throw new IllegalArgumentException("play draws swimmers; " + trained.config().env() + " is not one");
            }
            int n = swimmer.physics().body().bodies();
            List<String> header = new ArrayList<>(List.of("step", "reward", "target_x", "target_y"));
            for (int b = 0; b < n; b++) {
                header.add("x" + b);
                header.add("y" + b);
            }
            List<List<String>> lines = new ArrayList<>();
            double[] xy = new double[2 * n];
            policy.reset();
            Step s = env.reset(seed);
            double score = 0;
            for (int t = 0; ; t++) {
                swimmer.physics().bodyPositions(xy, 0);
                List<String> row = new ArrayList<>(List.of(Integer.toString(t), Double.toString(t == 0 ? 0 : s.reward()),
                        String.format(Locale.ROOT, "%.6f", swimmer.physics().targetX()),
                        String.format(Locale.ROOT, "%.6f", swimmer.physics().targetY())));
                for (double v : xy) row.add(String.format(Locale.ROOT, "%.6f", v));
                lines.add(row);
                if (s.done()) break;
                s = step(env, policy, s.observation());
                score += s.reward();
            }
            CsvFiles.write(csv, header, lines);
            System.out.printf(Locale.ROOT, "episode return %.1f over %d steps; wrote %s%n", score, lines.size() - 1, csv);
        }
        for (Path p : SwimmerPictures.write(csv, dir, 0.03)) System.out.println("wrote " + p);
        return 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Step step(Env env, Policy policy, double[] observation) {
        return env.step(policy.act(observation));
    }
}
