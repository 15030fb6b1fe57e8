package org.neuroprior.experiments.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.neuroprior.plots.Plots;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuroprior plot}: comparison figures from run directories. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw learning curves, final score vs parameter count, transfer and ablation figures (PNG and SVG)",
                "from run directories, or from directories that contain runs (searched recursively for log.csv)."})
public final class PlotCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUNS", description = "run directories or directories containing them")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the figures")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<Path> dirs = findRuns(runs);
        Files.createDirectories(out);
        for (Path p : Plots.writeAll(dirs, out)) System.out.println("wrote " + p);
        return 0;
    }

    /** Every directory at or below the given paths that holds a log.csv, in a stable order. */
    static List<Path> findRuns(List<Path> roots) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) throw new IllegalArgumentException("run directory " + root + " does not exist");
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.getFileName().toString().equals("log.csv")).map(Path::getParent).sorted().forEach(dirs::add);
            }
        }
        if (dirs.isEmpty()) throw new IllegalArgumentException("no run (a directory with log.csv) under " + roots);
        return dirs;
    }
}
