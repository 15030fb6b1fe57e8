package org.neuroprior.experiments.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarListenerTest {
    @TempDir
    Path dir;

    @Test
    void withoutAConsoleItPrintsPlainLinesPerShardAndEveryTenth() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new WhiskerDatasetWriter(new SyntheticSweeps(10, 2), Map.of(), null, WhiskerDatasetWriter.Options.defaults(1).withShardSize(4))
                .write(dir, new ProgressBarListener(new PrintStream(out, true, StandardCharsets.UTF_8), null));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("shard train/00000 written (4 of 10 sweeps)"), text);
        assertTrue(text.contains("shard test/00000 written (10 of 10 sweeps)"), text);
        for (int i = 1; i <= 10; i++) assertTrue(text.contains(i + " of 10 sweeps (" + 10 * i + "%)"), text);
        assertFalse(text.contains("\r") || text.contains("\u001b"), "no carriage returns or escapes in a log: " + text);
    }

    @Test
    void aTenthIsOneLineWhateverTheSize() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBarListener listener = new ProgressBarListener(new PrintStream(out, true, StandardCharsets.UTF_8), null);
        listener.started(1000, 250);
        for (int i = 0; i < 750; i++) listener.sampleWritten();
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(List.of("resuming: 250 of 1,000 sweeps already in finished shards", "300 of 1,000 sweeps (30%)", "400 of 1,000 sweeps (40%)",
                "500 of 1,000 sweeps (50%)", "600 of 1,000 sweeps (60%)", "700 of 1,000 sweeps (70%)", "800 of 1,000 sweeps (80%)",
                "900 of 1,000 sweeps (90%)", "1,000 of 1,000 sweeps (100%)"), text.lines().toList());
    }

    @Test
    void theBarGoesToTheTerminalNotToTheMessages() {
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        ProgressBarListener listener = new ProgressBarListener(new PrintStream(messages, true, StandardCharsets.UTF_8),
                new PrintStream(terminal, true, StandardCharsets.UTF_8));
        listener.started(10, 4);
        listener.sampleWritten();
        listener.finished();
        assertEquals("resuming: 4 of 10 sweeps already in finished shards", messages.toString(StandardCharsets.UTF_8).strip());
        assertTrue(terminal.toString(StandardCharsets.UTF_8).contains("sweeps"), terminal.toString(StandardCharsets.UTF_8));
    }
}
