package org.neuroprior.experiments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

/**
 * Exit code, standard output and error output of one {@code neuroprior} command run in this JVM (for tests). The
 * error output is picocli's error stream followed by what went to {@code System.err} (warnings, progress).
 */
public record CommandRun(int code, String out, String err) {

    public static CommandRun of(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        var bytes = new ByteArrayOutputStream();
        var errBytes = new ByteArrayOutputStream();
        var err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new CommandRun(code, bytes.toString(StandardCharsets.UTF_8), err + errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** Whether the error output shows a Java stack trace (a bug, never an expected failure). */
    public boolean hasStackTrace() {
        return err.contains("\tat ") || err.contains("Exception:") || out.contains("\tat ");
    }
}
