package org.neuroprior.experiments.data;

import java.io.PrintStream;
import java.time.Duration;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a dataset run on the terminal: a progress bar over samples (starting from those already done when resuming,
 * so the rate and the remaining time count only this run) and a line for each damaged shard found on resume.
 */
public final class ProgressBarListener implements WhiskerDatasetWriter.Listener {
    private final PrintStream messages;
    private ProgressBar bar;

    /** @param messages where to print the lines about damaged shards (e.g. System.err) */
    public ProgressBarListener(PrintStream messages) {
        this.messages = messages;
    }

    @Override
    public void shardDamaged(String shard, String reason) {
        messages.println("shard " + shard + " will be written again: " + reason);
    }

    @Override
    public void started(int samples, int samplesDone) {
        bar = new ProgressBarBuilder().setTaskName("sweeps").setInitialMax(samples).startsFrom(samplesDone, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" sweeps", 1).showSpeed().build();
    }

    @Override
    public void sampleWritten() {
        if (bar != null) bar.step();
    }

    @Override
    public void finished() {
        if (bar != null) bar.close();
        bar = null;
    }
}
