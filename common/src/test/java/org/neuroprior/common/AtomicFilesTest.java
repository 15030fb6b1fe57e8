package org.neuroprior.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theTemporaryIsASiblingNamedTmp() {
        assertEquals(dir.resolve("a.csv.tmp"), AtomicFiles.temporary(dir.resolve("a.csv")));
    }

    @Test
    void writesANewFileThenReplacesItOnlyOnceTheNewOneIsWhole() throws IOException {
        Path file = dir.resolve("a.txt");
        assertSame(file, AtomicFiles.write(file, t -> Files.writeString(t, "old")));
        assertEquals("old", Files.readString(file));
        AtomicFiles.write(file, t -> {
            Files.writeString(t, "ne");
            assertEquals("old", Files.readString(file), "the file changed before the move");
            Files.writeString(t, "new");
        });
        assertEquals("new", Files.readString(file));
        assertEquals(List.of("a.txt"), names(), "no temporary is left");
    }

    @Test
    void aFailedWriteRethrowsLeavesTheOldFileAndRemovesTheTemporary() throws IOException {
        Path file = dir.resolve("a.txt");
        Files.writeString(file, "old");
        IOException failure = new IOException("disk full");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(file, t -> {
            Files.writeString(t, "half");
            throw failure;
        }));
        assertSame(failure, thrown);
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("a.txt"), names());

        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, t -> {
            Files.writeString(t, "half");
            throw bug;
        })));
        assertEquals(List.of("a.txt"), names());
    }

    @Test
    void writeUncheckedNamesTheFile() {
        Path file = dir.resolve("missing-folder").resolve("a.txt");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFiles.writeUnchecked(file, t -> Files.writeString(t, "x")));
        assertEquals("cannot write " + file, e.getMessage());
        assertTrue(e.getCause() instanceof NoSuchFileException, e.getCause().toString());
    }

    @Test
    void theDurableStepsWriteMoveAndSync() throws IOException {
        Path file = dir.resolve("a.bin");
        Files.writeString(file, "old");
        Path temporary = AtomicFiles.temporary(file);
        Files.writeString(temporary, "a longer leftover");
        AtomicFiles.writeDurably(temporary, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(temporary), "a leftover temporary is truncated");
        AtomicFiles.moveIntoPlace(temporary, file);
        AtomicFiles.syncDirectory(dir);
        assertEquals("new", Files.readString(file));
        assertEquals(List.of("a.bin"), names());
    }

    @Test
    void writeDurablyThrowsWhereItCannotWriteAndSyncDirectoryNeverThrows() {
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.writeDurably(dir.resolve("none").resolve("a"), new byte[1]));
        AtomicFiles.syncDirectory(dir.resolve("no-such-directory")); // best effort: no exception
    }
}
