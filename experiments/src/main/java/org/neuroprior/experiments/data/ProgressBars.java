package org.neuroprior.experiments.data;

import java.io.PrintStream;
import java.time.Duration;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The commands' progress bars, drawn only on a terminal. A bar redraws its line with carriage returns and cursor
 * escapes, which a log file should not get: it is drawn on standard output, and only when the JVM has a console
 * ({@link System#console()}: on Java 17, standard input and output are both terminals). Redirected output, or no
 * terminal at all, gets no bar, and the commands print their lines (epochs, shards, every tenth of the work) instead.
 * Standard error may be redirected on its own ({@code 2> log}): it never gets a bar.
 */
public final class ProgressBars {
    private ProgressBars() {
    }

    /** Where bars go: standard output when it is a terminal (the JVM has a console), else null (no bar). */
    public static PrintStream terminal() {
        return System.console() != null ? System.out : null;
    }

    /**
     * A bar on {@code terminal} (ASCII style, with the speed), or null if {@code terminal} is null.
     *
     * @param task  the bar's name, e.g. "train"
     * @param max   the work in all, in {@code unit}s (at least 0)
     * @param done  the work already done before this process (resuming), which the rate leaves out
     * @param unit  the unit with its leading space, e.g. " steps"
     */
    public static ProgressBar start(PrintStream terminal, String task, long max, long done, String unit) {
        if (terminal == null) return null;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).startsFrom(done, Duration.ZERO)
                .setConsumer(new ConsoleProgressBarConsumer(terminal)).setStyle(ProgressBarStyle.ASCII).setUnit(unit, 1).showSpeed().build();
    }
}
