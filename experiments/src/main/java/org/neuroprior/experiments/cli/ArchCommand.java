package org.neuroprior.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.commons.csv.CSVPrinter;

import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelCost;
import org.neuroprior.experiments.tactile.TactileConfig;
import org.neuroprior.experiments.tactile.TactileTrainer;
import org.neuroprior.plots.CsvFiles;
import org.neuroprior.registry.Problems;
import org.neuroprior.registry.Registered;
import org.neuroprior.registry.Registry;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuroprior arch list}: the registered architectures; {@code neuroprior arch cost}: the size of tactile models. */
@Command(name = "arch", mixinStandardHelpOptions = true,
        description = "List the registered architectures; count the parameters and GFLOP of tactile-train models.",
        subcommands = {ArchCommand.ListArchitectures.class, ArchCommand.Cost.class})
public final class ArchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Architectures, what they are, the size and cost of a typical model, and their options.")
    static final class ListArchitectures extends RegistryCommand {
        @Override
        Registry<? extends Registered> registry() {
            return Architectures.registry();
        }

        /** Each typical model of the architecture: its parameters and forward GFLOP per sample, counted from its graph. */
        @Override
        List<String> facts(Registered entry) {
            Architecture architecture = Architectures.get(entry.name());
            List<String> lines = new ArrayList<>();
            for (Architecture.Example e : architecture.examples()) {
                ModelCost cost = ModelCost.of(e.create(architecture));
                lines.add(String.format(Locale.ROOT, "on %s%s: %,d parameters, %.3g GFLOP per sample (forward)", e.label(),
                        e.options().isEmpty() ? "" : " with " + e.options(), cost.parameters(), cost.gflops()));
            }
            return lines;
        }
    }

    /**
     * {@code neuroprior arch cost SPEC...}: for each model spec, the model {@code tactile-train --model SPEC} builds on
     * whisker sweeps (110, 35, 6) of {@code --classes} classes, its trainable parameters and forward GFLOP per sample
     * counted from its graph ({@link ModelCost}, as {@code arch list} counts the defaults), as CSV on standard output:
     * {@code spec,parameters,gflop_per_sample}. Every spec that does not parse or fit is reported, one line each, exit
     * code 2, before anything is printed.
     */
    @Command(name = "cost", mixinStandardHelpOptions = true,
            description = "Parameters and forward GFLOP per sample of tactile-train's models, as CSV: spec,parameters,gflop_per_sample.")
    static final class Cost implements Callable<Integer> {
        /** Classes when {@code --classes} is not given: the whisker dataset's. */
        static final int DEFAULT_CLASSES = 15;

        // Text, not int: a value that is not a number is reported with the others, in the command's words.
        @Option(names = "--classes", defaultValue = "" + DEFAULT_CLASSES, paramLabel = "N",
                description = "classes the models classify (default: ${DEFAULT-VALUE}, the whisker dataset's); an integer, at least 2")
        String classesText;

        @Parameters(arity = "1..*", paramLabel = "SPEC", description = "model specs, as tactile-train --model takes them (e.g. convrnn:ugrnn+gpt)")
        List<String> specs;

        @Override
        public Integer call() {
            Problems problems = new Problems();
            int classes = classes(classesText, problems);
            List<Model> models = new ArrayList<>();
            for (String spec : specs) {
                Map<String, Object> given = new LinkedHashMap<>();
                given.put("dataset", "unused");   // the config needs one; the model does not read it
                given.put("model", spec);
                // With a bad --classes the specs are still checked (for the default), so every problem is reported at once.
                models.add(problems.check(() -> TactileTrainer.model(TactileConfig.resolve(given), classes, classes + " classes (--classes)")));
            }
            problems.throwIfAny();
            // Not closed: closing the printer would close standard output.
            try {
                CSVPrinter out = new CSVPrinter(new PrintWriter(System.out), CsvFiles.FORMAT);
                out.printRecord("spec", "parameters", "gflop_per_sample");
                for (int i = 0; i < specs.size(); i++) {
                    ModelCost cost = ModelCost.of(models.get(i));
                    out.printRecord(specs.get(i), cost.parameters(), String.format(Locale.ROOT, "%.4f", cost.gflops()));
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return 0;
        }

        /** {@code --classes}: the default if not given; an integer of at least 2, else a problem and the default. */
        static int classes(String text, Problems problems) {
            if (text == null) return DEFAULT_CLASSES;
            try {
                int n = Integer.parseInt(text.strip());
                if (n >= 2) return n;
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add("--classes = '" + text + "' is not valid; accepted: an integer of at least 2 (default " + DEFAULT_CLASSES + ")");
            return DEFAULT_CLASSES;
        }
    }
}
