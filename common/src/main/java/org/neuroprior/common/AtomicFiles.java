package org.neuroprior.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file whole: the content goes to a temporary sibling ({@code NAME.tmp}), which is then moved over
 * {@code NAME} ({@code rename(2)}, replacing), so a reader, or a run interrupted mid-write, sees the old file or the
 * new one, never half of one. The project's one definition of this; every module that writes a file goes through it.
 *
 * <p>{@link #write} does not flush to the disk: after a crash of the machine (not of the process) a file may hold the
 * old content, on some file systems even none. A file that must survive that (a checkpoint) is written to
 * {@link #temporary} {@link #writeDurably durably} (flushed to the disk), {@link #moveIntoPlace moved} and its
 * directory {@link #syncDirectory synced}.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of a file into the path it is given (the temporary sibling, which may exist: replace it). */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * Writes {@code file} whole: {@code content} into {@link #temporary(Path)}, then {@link #moveIntoPlace}. The
     * folder must exist.
     *
     * @return {@code file}
     * @throws IOException the error of the content or of the move; the temporary file is removed then, and
     *                     {@code file} is as it was
     */
    public static Path write(Path file, Content content) throws IOException {
        Path temporary = temporary(file);
        try {
            content.writeTo(temporary);
            moveIntoPlace(temporary, file);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed); // the write already failed; that error is the one to report
            }
            throw e;
        }
        return file;
    }

    /**
     * As {@link #write}, for callers without checked exceptions.
     *
     * @throws UncheckedIOException naming {@code file} when it cannot be written (the temporary file is removed)
     */
    public static Path writeUnchecked(Path file, Content content) {
        try {
            return write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The temporary sibling {@code file} is written to before the move: {@code NAME.tmp} in the same folder. */
    public static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /**
     * Moves a finished temporary file over {@code file}: atomically ({@code ATOMIC_MOVE}) where the file system can;
     * where it cannot (the JDK says so only for a move across file systems, never for a sibling), by a plain
     * replacing move.
     *
     * @throws IOException if the move fails ({@code temporary} missing, no permission, ...)
     */
    public static void moveIntoPlace(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Writes {@code bytes} to {@code file} itself (created or truncated; not through a temporary: this is for the
     * temporary file before {@link #moveIntoPlace}) and flushes them to the disk ({@code fsync}) through the same
     * channel, so that a move that follows never exposes an incomplete file after a crash of the machine.
     *
     * @throws IOException if the file cannot be written or flushed
     */
    public static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(true);
        }
    }

    /**
     * Makes the moves into {@code directory} durable ({@code fsync} of the directory, Linux). Best effort: where a
     * directory cannot be opened for that, nothing happens (the moves are still atomic) and nothing is thrown.
     */
    public static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // best effort
        }
    }
}
