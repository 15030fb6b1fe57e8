package org.neuroprior.experiments.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import org.neuroprior.common.AtomicFiles;

/**
 * A dataset in a local directory, or a shared filesystem mounted at the same path on every machine: temporary files
 * are written beside their final names and renamed into place atomically ({@code rename(2)}, replacing:
 * {@link AtomicFiles#moveIntoPlace}, whose fallback to a plain move is for moves across file systems, which a rename
 * within a folder never is); a run holds
 * a lock on {@link WhiskerDatasetWriter#LOCK_FILE} (an empty file, left behind).
 *
 * @param directory the dataset's directory, as a string so that it travels to executors
 */
public record LocalStore(String directory) implements DatasetStore {
    public LocalStore(Path directory) {
        this(directory.toAbsolutePath().toString());
    }

    private Path dir() {
        return Path.of(directory);
    }

    private Path resolve(String file) {
        return file.isEmpty() ? dir() : dir().resolve(file);
    }

    @Override
    public String location() {
        return directory;
    }

    @Override
    public void createDirectory() throws IOException {
        Files.createDirectories(dir());
    }

    @Override
    public Closeable lock() throws IOException {
        FileChannel channel = FileChannel.open(resolve(WhiskerDatasetWriter.LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalArgumentException("another run is writing the dataset in " + directory);
        }
        FileLock held = lock;
        return () -> {
            try (channel) {
                held.release();
            }
        };
    }

    @Override
    public Path temporary(String file, String tag) throws IOException {
        Path temporary = resolve(file + tag + WhiskerDatasetWriter.TEMPORARY_SUFFIX);
        Files.createDirectories(temporary.getParent());
        return temporary;
    }

    @Override
    public void publish(Path temporary, String file) throws IOException {
        AtomicFiles.moveIntoPlace(temporary, resolve(file));
    }

    @Override
    public boolean isFile(String file) {
        return Files.isRegularFile(resolve(file));
    }

    @Override
    public long size(String file) throws IOException {
        return Files.size(resolve(file));
    }

    @Override
    public InputStream open(String file) throws IOException {
        return Files.newInputStream(resolve(file));
    }

    @Override
    public void delete(String file) throws IOException {
        Files.deleteIfExists(resolve(file));
    }

    @Override
    public List<String> list(String folder) throws IOException {
        Path path = resolve(folder);
        if (!Files.isDirectory(path)) return List.of();
        try (Stream<Path> entries = Files.list(path)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
