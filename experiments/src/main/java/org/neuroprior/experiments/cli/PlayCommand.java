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
import org.neuroprior.envs.PlanarBody;
import org.neuroprior.experiments.train.TrainedPolicy;
import org.neuroprior.plots.CsvFiles;
import org.neuroprior.plots.SwimmerPictures;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuroprior play}: one episode of a trained policy, written as a trajectory and pictures. */
@Command(name = "play", mixinStandardHelpOptions = true,
        header = "Play one episode of a run's policy: trajectory.csv and, for the swimmer, pictures.",
        description = {"Play one episode of a run's policy and write trajectory.csv (step, reward, action); for a body moving in a "
                + "plane (the swimmer), also its link positions, a strip image and a GIF."})
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
        boolean pictures;
        try (Env<?> env = trained.environment(bodies); Policy<?> policy = trained.forEnvironment(env)) {
            // Bodies that move in a plane are also drawn: their link positions go into the trajectory.
            PlanarBody body = env.unwrapped() instanceof PlanarBody b ? b : null;
            pictures = body != null;
            int links = body == null ? 0 : body.links();
            int width = org.neuroprior.agents.ActionCoding.of(env.actionSpace()).width();
            List<String> header = new ArrayList<>(List.of("step", "reward"));
            for (int a = 0; a < width; a++) header.add(width == 1 ? "action" : "action" + a);
            if (body != null) {
                header.addAll(List.of("target_x", "target_y"));
                for (int k = 0; k < links; k++) {
                    header.add("x" + k);
                    header.add("y" + k);
                }
            }
            List<List<String>> lines = new ArrayList<>();
            double[] xy = new double[2 * links];
            policy.reset();
            Step s = env.reset(seed);
            Object action = null;
            double score = 0;
            for (int t = 0; ; t++) {
                List<String> row = new ArrayList<>(List.of(Integer.toString(t), Double.toString(t == 0 ? 0 : s.reward())));
                action = s.done() ? null : act(policy, s.observation());
                for (String a : actionCells(action, width)) row.add(a);
                if (body != null) {
                    body.linkPositions(xy, 0);
                    row.add(String.format(Locale.ROOT, "%.6f", body.targetX()));
                    row.add(String.format(Locale.ROOT, "%.6f", body.targetY()));
                    for (double v : xy) row.add(String.format(Locale.ROOT, "%.6f", v));
                }
                lines.add(row);
                if (s.done()) break;
                s = step(env, action);
                score += s.reward();
            }
            CsvFiles.write(csv, header, lines);
            System.out.printf(Locale.ROOT, "episode return %.1f over %d steps; wrote %s%n", score, lines.size() - 1, csv);
        }
        if (pictures) {
            // Titled by the run (e.g. ncap-ppo/seed1), not by the folders the pictures are written to.
            Path run = runDir.toAbsolutePath().normalize();
            Path parent = run.getParent();
            String source = (parent != null && parent.getFileName() != null ? parent.getFileName() + "/" : "") + run.getFileName();
            for (Path p : SwimmerPictures.write(csv, dir, 0.03, source)) System.out.println("wrote " + p);
        }
        return 0;
    }

    /** The action taken at a row (empty cells on the last row, where the episode has ended). */
    private static List<String> actionCells(Object action, int width) {
        List<String> cells = new ArrayList<>();
        if (action instanceof double[] a) {
            for (double v : a) cells.add(String.format(Locale.ROOT, "%.6f", v));
        } else {
            for (int i = 0; i < width; i++) cells.add(action == null ? "" : String.valueOf(action));
        }
        return cells;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object act(Policy policy, double[] observation) {
        Object a = policy.act(observation);
        return a instanceof double[] d ? d.clone() : a;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Step step(Env env, Object action) {
        return env.step(action);
    }
}
