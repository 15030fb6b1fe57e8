package org.neuroprior.experiments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

/** Exit code, standard output and error output of one {@code neuroprior} command run in this JVM (for tests). */
public record CommandRun(int code, String out, String err) {

    public static CommandRun of(String... args) {
        PrintStream original = System.out;
        var bytes = new ByteArrayOutputStream();
        var err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new CommandRun(code, bytes.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }
}
