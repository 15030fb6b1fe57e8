package org.neuroprior.experiments.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarListenerTest {
    @TempDir
    Path dir;

    @Test
    void withoutAConsoleItPrintsALinePerShard() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new WhiskerDatasetWriter(new SyntheticSweeps(10, 2), Map.of(), null, WhiskerDatasetWriter.Options.defaults(1).withShardSize(4))
                .write(dir, new ProgressBarListener(new PrintStream(out, true, StandardCharsets.UTF_8), false));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("shard train/00000 written (4 of 10 sweeps)"), text);
        assertTrue(text.contains("shard test/00000 written (10 of 10 sweeps)"), text);
    }

    @Test
    void theBarRunsAndCloses() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBarListener listener = new ProgressBarListener(new PrintStream(out, true, StandardCharsets.UTF_8), true);
        listener.started(10, 4);
        listener.sampleWritten();
        listener.finished();
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("resuming: 4 of 10"));
    }
}
