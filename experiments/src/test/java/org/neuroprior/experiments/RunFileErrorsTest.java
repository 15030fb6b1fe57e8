package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.experiments.train.Checkpoint;
import org.neuroprior.experiments.train.Trainer;

/**
 * Expected failures with a run directory (a damaged checkpoint, one from another version, a missing file) are one
 * line and exit code 2 in every command that reads one; a damaged last checkpoint falls back to the previous one.
 */
class RunFileErrorsTest {
    @TempDir
    static Path dir;
    static Path run;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @BeforeAll
    static void train() throws IOException {
        run = dir.resolve("run");
        CommandRun train = run("train", "--arch", "ncap", "--agent", "es", "--env-option", "bodies=4", "--env-option", "time_limit=60",
                "--steps", "1440", "--epoch-steps", "480", "--test-episodes", "1", "--checkpoint-every", "0", "--out", run.toString());
        assertEquals(0, train.code(), train.out() + train.err());
        assertTrue(Files.exists(Checkpoint.previous(run.resolve(Trainer.CHECKPOINT))));
    }

    /** A copy of the trained run, to damage. */
    private static Path copy(String name) throws IOException {
        Path to = dir.resolve(name);
        Files.createDirectories(to);
        try (var files = Files.list(run)) {
            for (Path f : files.toList()) if (Files.isRegularFile(f)) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    private static void flipByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 3] ^= 0x20;
        Files.write(file, bytes);
    }

    private static void assertOneLineExit2(CommandRun r, String expected) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertFalse(r.hasStackTrace(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(expected), r.err());
    }

    @Test
    void aDamagedLastCheckpointFallsBackToThePreviousOneWithOneLineSayingSo() throws IOException {
        Path damaged = copy("flipped-last");
        flipByte(damaged.resolve(Trainer.CHECKPOINT));
        CommandRun eval = run("eval", damaged.toString(), "--episodes", "1");
        assertEquals(0, eval.code(), eval.out() + eval.err());
        assertTrue(eval.out().contains("after 960 steps"), eval.out()); // the epoch before the last
        assertTrue(eval.err().contains("corrupt") && eval.err().contains("checkpoint.prev.bin"), eval.err());

        CommandRun resume = run("train", "--resume", "--out", damaged.toString(), "--steps", "1920");
        assertEquals(0, resume.code(), resume.out() + resume.err());
        assertFalse(resume.hasStackTrace(), resume.err());
        assertEquals(6, Files.readAllLines(damaged.resolve(Trainer.LOG)).size()); // header, rows at 0, 480, 960, 1440, 1920
    }

    @Test
    void corruptTruncatedMissingAndForeignCheckpointsAreOneLineAndExitCode2InEveryCommand() throws IOException {
        Path corrupt = copy("corrupt");
        flipByte(corrupt.resolve(Trainer.CHECKPOINT));
        flipByte(Checkpoint.previous(corrupt.resolve(Trainer.CHECKPOINT)));
        assertOneLineExit2(run("train", "--resume", "--out", corrupt.toString()), "corrupt");
        assertOneLineExit2(run("eval", corrupt.toString()), "corrupt");
        assertOneLineExit2(run("play", corrupt.toString(), "--out", dir.resolve("play").toString()), "corrupt");

        Path truncated = copy("truncated");
        Path checkpoint = truncated.resolve(Trainer.CHECKPOINT);
        Files.write(checkpoint, java.util.Arrays.copyOf(Files.readAllBytes(checkpoint), 100));
        Files.delete(Checkpoint.previous(checkpoint));
        assertOneLineExit2(run("train", "--resume", "--out", truncated.toString()), "checksum mismatch");

        Path foreign = copy("foreign");
        checkpoint = foreign.resolve(Trainer.CHECKPOINT);
        byte[] bytes = Files.readAllBytes(checkpoint);
        bytes[7] = 42; // format version 42, with a right checksum: written by another version
        var crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8).putLong(crc.getValue());
        Files.write(checkpoint, bytes);
        assertOneLineExit2(run("eval", foreign.toString()), "format version 42");

        Path noCheckpoint = copy("no-checkpoint");
        Files.delete(noCheckpoint.resolve(Trainer.CHECKPOINT));
        Files.delete(Checkpoint.previous(noCheckpoint.resolve(Trainer.CHECKPOINT)));
        assertOneLineExit2(run("play", noCheckpoint.toString()), "no checkpoint");
        assertOneLineExit2(run("eval", dir.resolve("nowhere").toString()), "does not exist");
        Path noLog = copy("no-log");
        Files.delete(noLog.resolve(Trainer.LOG));
        assertOneLineExit2(run("train", "--resume", "--out", noLog.toString()), Trainer.LOG);
    }
}
