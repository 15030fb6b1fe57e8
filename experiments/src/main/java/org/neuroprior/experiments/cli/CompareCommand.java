package org.neuroprior.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.neuroprior.architectures.Mlp;
import org.neuroprior.envs.Envs;
import org.neuroprior.experiments.Main;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.registry.Problems;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neuroprior compare}: the short architecture comparison of the README. It chains the other commands:
 * a sweep of MLP and NCAP trained with PPO on swimmer-swim, NCAP's zero-shot transfer to other body lengths, the
 * comparison figures, and pictures of the trained NCAP swimming.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "A short MLP vs NCAP comparison with PPO on swimmer-swim, with its figures.",
        description = {"A short MLP vs NCAP comparison with PPO on swimmer-swim (its time on 2 cores is measured in BENCHMARKS.md): "
                + "sweep, zero-shot transfer of NCAP to other body lengths (and its trained one), figures in OUT/plots, pictures of NCAP swimming."})
public final class CompareCommand implements Callable<Integer> {

    @Option(names = "--steps", defaultValue = "100000", description = "training steps per run, e.g. 1e5, default ${DEFAULT-VALUE}")
    String steps;

    @Option(names = "--seeds", defaultValue = "1,2", description = "seeds, default ${DEFAULT-VALUE}")
    String seeds;

    @Option(names = "--bodies", defaultValue = "3,5,7,9", description = "body lengths for NCAP's transfer test (the trained length is always added), default ${DEFAULT-VALUE}")
    String bodies;

    @Option(names = "--out", defaultValue = "runs/compare", description = "output directory, default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--resume", description = "continue an interrupted comparison in --out")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        // Everything the later stages read is checked before the sweep trains, so a bad value costs no training; every
        // bad value is reported, one line each.
        Problems problems = new Problems();
        Long budget = problems.check(() -> (Long) TrainConfig.KEYS.get("steps").parse(steps));
        List<Integer> lengths = new ArrayList<>();
        for (String b : bodies.split(",")) {
            Integer n = problems.check(() -> (Integer) Envs.spec("swimmer-swim").options().get("bodies").parse(b.strip()));
            if (n != null) lengths.add(n);
        }
        for (String seed : seeds.split(",")) {
            try {
                Long.parseLong(seed.strip());
            } catch (NumberFormatException e) {
                problems.add("--seeds '" + seeds + "': '" + seed.strip() + "' is not a whole number; accepted: a comma list such as 1,2,3");
            }
        }
        problems.throwIfAny();
        long epoch = Math.max(4096, budget / 10);
        List<String> sweep = new ArrayList<>(List.of("sweep", "--variant", mlpVariant(), "--arch", "ncap", "--agent", "ppo", "--seeds", seeds,
                "--steps", Long.toString(budget), "--epoch-steps", Long.toString(epoch), "--out", out.toString()));
        if (resume) sweep.add("--resume");
        int code = run(sweep);
        if (code != 0) return code;
        if (!Files.exists(out.resolve(SweepCommand.SUMMARY))) {
            // The sweep writes its summary only when every run has finished: it was stopped (Ctrl-C).
            System.out.println("compare stopped before its runs finished: run the same command with --resume to continue");
            return 0;
        }
        String firstSeed = seeds.split(",")[0].strip();
        // The trained length too, so that the transfer figure has its reference point (the sweep trains with the default).
        int trained = (Integer) Envs.spec("swimmer-swim").options().get("bodies").defaultValue();
        String bodyList = String.join(",", withTrained(lengths, trained).stream().map(String::valueOf).toList());
        for (String seed : seeds.split(",")) {
            Path ncap = out.resolve("ncap-ppo").resolve("seed" + seed.strip());
            code = run(List.of("eval", ncap.toString(), "--bodies", bodyList, "--episodes", "5"));
            if (code != 0) return code;
        }
        code = run(List.of("plot", out.toString(), "--out", out.resolve("plots").toString()));
        if (code != 0) return code;
        Path best = out.resolve("ncap-ppo").resolve("seed" + firstSeed);
        code = run(List.of("play", best.toString(), "--out", out.resolve("plots").resolve("ncap-swimming").toString()));
        if (code != 0) return code;
        System.out.println("figures in " + out.resolve("plots") + (Files.exists(out.resolve("plots").resolve("learning_curves.png"))
                ? " (start with learning_curves.png)" : ""));
        return 0;
    }

    /**
     * The comparison's MLP as a sweep variant ({@code LABEL;ARCH;KEY=VALUE...}): the default MLP, labelled by its size
     * and activation ({@link Mlp#defaultLabel}) as the swimmer results' sweeps label theirs, e.g.
     * {@code "mlp (64, 64) tanh;mlp;hidden=64,64;activation=tanh"}; its runs go to {@code OUT/mlp-64-64-tanh-ppo/}.
     */
    static String mlpVariant() {
        return Mlp.defaultLabel() + ";" + Mlp.NAME + ";hidden=" + String.join(",", Mlp.defaultHidden().stream().map(String::valueOf).toList())
                + ";activation=" + Mlp.defaultActivation();
    }

    /** The body lengths to evaluate: {@code lengths} and {@code trained}, ascending, each once. */
    static List<Integer> withTrained(List<Integer> lengths, int trained) {
        java.util.TreeSet<Integer> all = new java.util.TreeSet<>(lengths);
        all.add(trained);
        return List.copyOf(all);
    }

    private static int run(List<String> args) {
        System.out.println("$ neuroprior " + shellWords(args));
        return Main.commandLine().execute(args.toArray(String[]::new));
    }

    /**
     * The arguments as a shell command line a user can paste: each argument with a character outside letters, digits
     * and {@code _./=,:+-} in single quotes ({@code '} itself as {@code '\''}), e.g.
     * {@code sweep --variant 'mlp (64, 64) tanh;mlp;hidden=64,64;activation=tanh'}.
     */
    static String shellWords(List<String> args) {
        return String.join(" ", args.stream()
                .map(a -> !a.isEmpty() && a.matches("[A-Za-z0-9_./=,:+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .toList());
    }
}
