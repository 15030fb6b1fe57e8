package org.neuroprior.experiments.data;

import java.io.PrintStream;
import java.util.Locale;

import me.tongfei.progressbar.ProgressBar;

/**
 * Shows a dataset run: on a terminal, a progress bar over sweeps ({@link ProgressBars}: on standard output, starting
 * from those already done when resuming, so the rate and the remaining time count only this run); otherwise (a log
 * file) plain lines, no carriage returns: one per finished shard and one at every tenth of the sweeps. Damaged shards
 * found on resume get a line either way.
 */
public final class ProgressBarListener implements WhiskerDatasetWriter.Listener {
    private final PrintStream messages;
    private final PrintStream terminal;
    private ProgressBar bar;
    private int samples, done, nextTenth;

    /** @param messages where lines go (e.g. System.err); a bar is drawn on the terminal if there is one ({@link ProgressBars#terminal()}) */
    public ProgressBarListener(PrintStream messages) {
        this(messages, ProgressBars.terminal());
    }

    /**
     * @param messages where lines go
     * @param terminal where the bar is drawn, or null for none (lines instead)
     */
    ProgressBarListener(PrintStream messages, PrintStream terminal) {
        this.messages = messages;
        this.terminal = terminal;
    }

    @Override
    public void shardDamaged(String shard, String reason) {
        messages.println("shard " + shard + " will be written again: " + reason);
    }

    @Override
    public void started(int samples, int samplesDone) {
        this.samples = samples;
        this.done = samplesDone;
        this.nextTenth = samples == 0 ? 11 : (int) ((long) samplesDone * 10 / samples) + 1;
        if (samplesDone > 0) messages.printf(Locale.ROOT, "resuming: %,d of %,d sweeps already in finished shards%n", samplesDone, samples);
        bar = ProgressBars.start(terminal, "sweeps", samples, samplesDone, " sweeps");
    }

    @Override
    public void sampleWritten() {
        done++;
        if (bar != null) {
            bar.step();
        } else if (nextTenth <= 10 && (long) done * 10 >= (long) nextTenth * samples) {
            messages.printf(Locale.ROOT, "%,d of %,d sweeps (%d%%)%n", done, samples, (int) ((long) done * 100 / samples));
            nextTenth = (int) ((long) done * 10 / samples) + 1;
        }
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
