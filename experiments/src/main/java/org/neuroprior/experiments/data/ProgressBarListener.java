package org.neuroprior.experiments.data;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a dataset run: on a terminal, a progress bar over sweeps (starting from those already done when resuming, so
 * the rate and the remaining time count only this run); otherwise (a log file) one line per finished shard. Damaged
 * shards found on resume get a line either way.
 */
public final class ProgressBarListener implements WhiskerDatasetWriter.Listener {
    private final PrintStream messages;
    private final boolean interactive;
    private ProgressBar bar;
    private int samples, done;

    /** @param messages where lines go (e.g. System.err); a bar is shown when the JVM has a console */
    public ProgressBarListener(PrintStream messages) {
        this(messages, System.console() != null);
    }

    ProgressBarListener(PrintStream messages, boolean interactive) {
        this.messages = messages;
        this.interactive = interactive;
    }

    @Override
    public void shardDamaged(String shard, String reason) {
        messages.println("shard " + shard + " will be written again: " + reason);
    }

    @Override
    public void started(int samples, int samplesDone) {
        this.samples = samples;
        this.done = samplesDone;
        if (samplesDone > 0) messages.printf(Locale.ROOT, "resuming: %,d of %,d sweeps already in finished shards%n", samplesDone, samples);
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName("sweeps").setInitialMax(samples).startsFrom(samplesDone, Duration.ZERO)
                    .setConsumer(new ConsoleProgressBarConsumer(messages)).setStyle(ProgressBarStyle.ASCII).setUnit(" sweeps", 1).showSpeed().build();
        }
    }

    @Override
    public void sampleWritten() {
        done++;
        if (bar != null) bar.step();
    }

    @Override
    public void shardWritten(ShardPlan shard) {
        if (bar == null) messages.printf(Locale.ROOT, "shard %s written (%,d of %,d sweeps)%n", shard.name(), done, samples);
    }

    @Override
    public void finished() {
        if (bar != null) bar.close();
        bar = null;
    }
}
