package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.neuroprior.envs.swimmer.SwimmerModel;
import org.neuroprior.envs.whisker.WhiskerPhysics;
import org.neuroprior.experiments.data.SplitFractions;
import org.neuroprior.experiments.data.WhiskerDatasetWriter;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A default shown by --help is the default the code uses: help texts say {@code ${DEFAULT-VALUE}}, filled from the
 * option's actual default (an annotation value or a field initialised from the code's own constant), never a number
 * typed into the description; and the options whose default lives in the library take it from there.
 */
class HelpDefaultsTest {
    /** The commands this rule is enforced for: all of them. */
    private static final Set<String> COMMANDS = Set.of("arch", "agent", "bench", "compare", "demo", "env", "eval", "play", "plot",
            "sweep", "train", "whisker-data", "whisker-picture", "tactile-train", "tactile-eval");
    /** "default 8", "default: 0.001", "(default 1000000)", "about 3 minutes", ...: a value typed into a description. */
    private static final Pattern TYPED_VALUE = Pattern.compile("(?i)(default:?\\s+[-0-9.]|about \\d+ (minutes|seconds|hours))");

    private static List<CommandLine> commands(CommandLine cli) {
        List<CommandLine> all = new ArrayList<>();
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (!COMMANDS.contains(sub.getCommandName()) || all.contains(sub)) continue;
            all.add(sub);
            all.addAll(sub.getSubcommands().values());
        }
        return all;
    }

    @Test
    void noHelpTextTypesADefaultOrADuration() {
        List<String> offenders = new ArrayList<>();
        CommandLine cli = Main.commandLine();
        cli.setInterpolateVariables(false); // the descriptions as written, ${DEFAULT-VALUE} not yet filled in
        List<CommandLine> commands = commands(cli);
        assertEquals(COMMANDS.size(), commands.stream().map(CommandLine::getCommandName).filter(COMMANDS::contains).distinct().count());
        for (CommandLine c : commands) {
            for (String line : c.getCommandSpec().usageMessage().description()) {
                if (TYPED_VALUE.matcher(line).find()) offenders.add(c.getCommandName() + ": " + line);
            }
            for (OptionSpec o : c.getCommandSpec().options()) {
                for (String line : o.description()) {
                    if (TYPED_VALUE.matcher(line).find()) offenders.add(c.getCommandName() + " " + o.longestName() + ": " + line);
                }
            }
        }
        assertEquals(List.of(), offenders, "write ${DEFAULT-VALUE}, and take the default from the code");
    }

    private static String shownDefault(String command, String option) {
        CommandLine c = Main.commandLine().getSubcommands().get(command);
        OptionSpec o = c.getCommandSpec().findOption(option);
        String help = String.join(" ", o.description()).replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValueString()));
        assertTrue(help.contains("default " + o.defaultValueString()), help);
        return o.defaultValueString();
    }

    @Test
    void defaultsThatLiveInTheLibraryComeFromIt() {
        WhiskerPhysics physics = WhiskerPhysics.defaults();
        assertEquals(String.valueOf(physics.linksPerWhisker()), shownDefault("whisker-data", "--links"));
        assertEquals(String.valueOf(physics.timestep()), shownDefault("whisker-data", "--timestep"));
        assertEquals(String.valueOf(WhiskerDatasetWriter.DEFAULT_SHARD_SIZE), shownDefault("whisker-data", "--shard-size"));
        assertEquals(SplitFractions.DEFAULT, SplitFractions.parse(shownDefault("whisker-data", "--split")));
        assertEquals(String.valueOf(SwimmerModel.DEFAULT_BODIES), shownDefault("demo", "--bodies"));
    }

    /**
     * Every --help renders without picocli's warnings (a '%' it reads as a format), and every option's description is
     * one paragraph, which picocli wraps to the terminal: a description split into several strings mid-sentence is
     * broken into lines at those places, whatever the width.
     */
    @Test
    void helpTextsRenderCleanlyAndWrapAsParagraphs() {
        List<String> offenders = new ArrayList<>();
        java.io.PrintStream originalErr = System.err;
        var err = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            for (CommandLine c : Main.commandLine().getSubcommands().values()) {
                List<CommandLine> all = new ArrayList<>(List.of(c));
                all.addAll(c.getSubcommands().values());
                for (CommandLine command : all) {
                    String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
                    for (String line : usage.lines().toList()) {
                        if (line.length() > 80) offenders.add(command.getCommandName() + ": line wider than 80: " + line);
                    }
                    for (OptionSpec o : command.getCommandSpec().options()) {
                        if (o.description().length > 1) offenders.add(command.getCommandName() + " " + o.longestName() + ": " + o.description().length + " strings");
                    }
                }
            }
        } finally {
            System.setErr(originalErr);
        }
        String warnings = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("", warnings, "picocli's warnings while rendering --help");
        assertEquals(List.of(), offenders);
    }
}
