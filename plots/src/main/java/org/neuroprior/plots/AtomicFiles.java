package org.neuroprior.plots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes every file of this module whole: the content goes to a temporary sibling ({@code NAME.tmp}), which is then
 * moved over {@code NAME}, so a reader (or a run interrupted mid-write) sees the old file or the new one, never half
 * of one.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of a file into the path it is given. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * Writes {@code file} through {@link #temporary(Path)} and {@link #moveIntoPlace(Path, Path)}.
     *
     * @return {@code file}
     * @throws UncheckedIOException naming {@code file} when it cannot be written (the temporary file is removed)
     */
    static Path write(Path file, Content content) {
        Path tmp = temporary(file);
        try {
            content.writeTo(tmp);
            moveIntoPlace(tmp, file);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; that error is the one to report
            }
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** The temporary sibling {@code file} is written to before the move: {@code NAME.tmp}. */
    static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /** Moves a finished temporary file over {@code file}, atomically where the file system can. */
    static void moveIntoPlace(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
