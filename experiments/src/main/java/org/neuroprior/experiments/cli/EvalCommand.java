package org.neuroprior.experiments.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.neuroprior.agents.Episodes;
import org.neuroprior.agents.Policy;
import org.neuroprior.agents.Seeds;
import org.neuroprior.envs.Env;
import org.neuroprior.experiments.train.TrainedPolicy;
import org.neuroprior.plots.CsvFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuroprior eval}: test episodes of a trained policy, also on swimmers of other lengths. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Run test episodes of a run's policy (from its checkpoint).",
                "With --bodies, evaluate zero-shot on swimmers with other numbers of links and write transfer.csv into the run."})
public final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory (holds config.yaml and checkpoint.bin)")
    Path runDir;

    @Option(names = "--bodies", split = ",", paramLabel = "N", description = "body lengths to evaluate on, e.g. 3,5,7,9,11,13 (default: the trained one)")
    List<Integer> bodies;

    @Option(names = "--episodes", defaultValue = "10", description = "episodes per body length, default ${DEFAULT-VALUE}")
    int episodes;

    @Option(names = "--env-option", paramLabel = "KEY=VALUE",
            description = "change an environment option for the evaluation, e.g. split=test (repeatable; others as trained)")
    List<String> envOptions;

    @Option(names = "--seed", defaultValue = "1000", description = "seed of the evaluation episodes, default ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (episodes < 1) throw new IllegalArgumentException("--episodes = " + episodes + "; accepted: 1 or more");
        Map<String, String> changes = KeyValueOptions.parse(envOptions, KeyValueOptions.ENV_EXAMPLE);
        TrainedPolicy trained = TrainedPolicy.load(runDir);
        List<Integer> lengths = bodies == null ? java.util.Collections.singletonList(null) : bodies;
        List<List<String>> rows = new ArrayList<>();
        System.out.printf("%s after %,d steps: %d test episodes per body length%n", runDir, trained.steps(), episodes);
        for (Integer n : lengths) {
            Map<String, Object> options = trained.envOptions(n);
            options.putAll(changes);
            try (Env<?> env = trained.environmentWith(options); Policy<?> policy = trained.forEnvironment(env)) {
                double sum = 0;
                double sumSq = 0;
                for (int e = 0; e < episodes; e++) {
                    double score = Episodes.run(env, policy, Seeds.derive(seed, e)).score();
                    sum += score;
                    sumSq += score * score;
                }
                double mean = sum / episodes;
                double std = Math.sqrt(Math.max(0, sumSq / episodes - mean * mean));
                Object shown = n == null ? trained.config().envOptions().get("bodies") : n;
                String where = shown == null ? "" : String.format(Locale.ROOT, "bodies %-3s ", shown);
                System.out.printf(Locale.ROOT, "  %sscore %7.1f +- %.1f%n", where, mean, std);
                rows.add(List.of(String.valueOf(shown), String.format(Locale.ROOT, "%.6g", mean), String.format(Locale.ROOT, "%.6g", std),
                        Integer.toString(episodes)));
            }
        }
        if (bodies != null) {
            Path file = runDir.resolve("transfer.csv");
            CsvFiles.write(file, List.of("bodies", "episode_score/mean", "episode_score/std", "episodes"), rows);
            System.out.println("wrote " + file);
        }
        return 0;
    }
}
