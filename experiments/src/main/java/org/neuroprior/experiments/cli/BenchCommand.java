package org.neuroprior.experiments.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.neuroprior.experiments.bench.EnvBenchmark;
import org.neuroprior.experiments.bench.EnvBenchmark.Figure;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neuroprior bench}: the speed figures of BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure MuJoCo stepping (Java vs C), swimmer-swim control rate and allocation, and vector-env scaling.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "3", description = "rounds per figure (best kept), default ${DEFAULT-VALUE}")
    int rounds;

    @Option(names = "--physics-steps", defaultValue = "200000", description = "physics steps per raw-stepping round, default ${DEFAULT-VALUE}")
    int physicsSteps;

    @Option(names = "--control-steps", defaultValue = "20000", description = "control steps per env round, default ${DEFAULT-VALUE}")
    int controlSteps;

    @Override
    public Integer call() throws Exception {
        System.out.printf("Java %s, %d cores, %s%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"));
        List<Figure> figures = new EnvBenchmark(rounds, physicsSteps, controlSteps, System.out::println).run();
        System.out.println();
        System.out.println("| figure | value | unit | goal | met |");
        System.out.println("|---|---:|---|---|---|");
        for (Figure f : figures) {
            String value = f.unit().equals("ratio") ? String.format(Locale.ROOT, "%.3f", f.value())
                    : String.format(Locale.ROOT, "%,.0f", f.value());
            if (f.unit().equals("bytes/step")) value = String.format(Locale.ROOT, "%.2f", f.value());
            System.out.printf("| %s | %s | %s | %s | %s |%n", f.name(), value, f.unit(), f.goal(),
                    f.goal().isEmpty() || f.goal().equals("reference") ? "" : f.met() ? "yes" : "no");
        }
        return 0;
    }
}
