package org.neuroprior.experiments.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output without SameDiff 1.0.0-M2.1's "Added differentiated op ..." lines, which it prints with
 * {@code System.out.println} (not through a logger) whenever it builds a gradient graph.
 */
public final class QuietStdout extends OutputStream {
    private static final String NOISE = "Added differentiated op";
    private final PrintStream target;
    private final StringBuilder line = new StringBuilder();

    private QuietStdout(PrintStream target) {
        this.target = target;
    }

    /** Replaces {@link System#out} with a filtered copy of itself. */
    public static void install() {
        System.setOut(new PrintStream(new QuietStdout(System.out), true, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void write(int b) {
        line.append((char) b);
        if (b == '\n') flushLine();
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
        String text = new String(bytes, off, len, StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            line.append(c);
            if (c == '\n') flushLine();
        }
    }

    @Override
    public synchronized void flush() {
        // Partial lines (a progress bar, a prompt) go out now unless they may still become noise.
        if (line.length() > 0 && !NOISE.startsWith(line.toString()) && !line.toString().startsWith(NOISE)) {
            target.print(line);
            line.setLength(0);
        }
        target.flush();
    }

    private void flushLine() {
        if (!line.toString().startsWith(NOISE)) target.print(line);
        line.setLength(0);
    }
}
