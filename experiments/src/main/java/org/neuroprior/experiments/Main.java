package org.neuroprior.experiments;

import java.nio.file.NoSuchFileException;

import org.neuroprior.experiments.cli.AgentCommand;
import org.neuroprior.experiments.cli.ArchCommand;
import org.neuroprior.experiments.cli.BenchCommand;
import org.neuroprior.experiments.cli.DemoCommand;
import org.neuroprior.experiments.cli.EnvCommand;
import org.neuroprior.experiments.cli.CompareCommand;
import org.neuroprior.experiments.cli.EvalCommand;
import org.neuroprior.experiments.cli.PlayCommand;
import org.neuroprior.experiments.cli.PlotCommand;
import org.neuroprior.experiments.cli.QuietStdout;
import org.neuroprior.experiments.cli.SweepCommand;
import org.neuroprior.experiments.cli.TactileEvalCommand;
import org.neuroprior.experiments.cli.TactileTrainCommand;
import org.neuroprior.experiments.cli.TrainCommand;
import org.neuroprior.experiments.cli.WhiskerDataCommand;
import org.neuroprior.experiments.cli.WhiskerPictureCommand;

import org.neuroprior.experiments.train.BadRunFileException;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.registry.Option;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code neuroprior} command line. */
@Command(name = "neuroprior", mixinStandardHelpOptions = true, version = "NeuroPrior 0.1.0",
        description = "Embodied-control reinforcement learning with brain-inspired network architectures.",
        subcommands = {EnvCommand.class, ArchCommand.class, AgentCommand.class, TrainCommand.class, SweepCommand.class, EvalCommand.class, PlayCommand.class,
                PlotCommand.class, CompareCommand.class, DemoCommand.class, BenchCommand.class, WhiskerDataCommand.class,
                WhiskerPictureCommand.class, TactileTrainCommand.class, TactileEvalCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        QuietStdout.install();
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli command line (also used by tests). */
    public static CommandLine commandLine() {
        // Help texts show the run keys' defaults as ${sys:neuroprior.default.KEY}: from the code, not copied by hand.
        for (Option o : TrainConfig.KEYS.list()) System.setProperty("neuroprior.default." + o.name(), o.format(o.defaultValue()));
        for (Option o : org.neuroprior.experiments.tactile.TactileConfig.KEYS.list()) {
            System.setProperty(TactileTrainCommand.DEFAULTS + o.name(), o.format(o.defaultValue()));
        }
        CommandLine cli = new CommandLine(new Main());
        // A command line picocli cannot parse (an unknown flag or command, a value of the wrong type) is bad input too:
        // one line naming it and where the accepted ones are listed, not the whole usage text.
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine bad = ex.getCommandLine();
            bad.getErr().println("error: " + ex.getMessage() + " (accepted: see '" + bad.getCommandSpec().qualifiedName(" ") + " --help')");
            return EXPECTED_FAILURE;
        });
        // Expected failures are reported as one clear line per problem (the exception's message, a line per problem)
        // and exit code 2; a stack trace is for bugs only.
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String expected = expectedFailure(ex);
            if (expected != null) {
                // Several problems (Problems: one line each) are one error line each.
                expected.lines().filter(l -> !l.isBlank()).forEach(l -> commandLine.getErr().println("error: " + l));
                return EXPECTED_FAILURE;
            }
            throw ex;
        });
        return cli;
    }

    /** The exit code of bad input and of the other expected failures. */
    public static final int EXPECTED_FAILURE = 2;

    /**
     * The one-line message of an expected failure, or null for a bug: bad input (IllegalArgumentException,
     * IllegalStateException), a run file that cannot be used ({@link BadRunFileException}, also when wrapped) or a
     * file that does not exist.
     */
    public static String expectedFailure(Throwable ex) {
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) return ex.getMessage();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BadRunFileException) return t.getMessage();
            if (t instanceof NoSuchFileException missing) return "no such file: " + missing.getFile();
        }
        return null;
    }
}
