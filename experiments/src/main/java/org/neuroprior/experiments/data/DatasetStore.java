package org.neuroprior.experiments.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a dataset's files live: a local (or shared, mounted) directory ({@link LocalStore}) or a directory of a Hadoop
 * filesystem ({@code hdfs://}, {@code s3a://}, ...). Files are named relative to the dataset's directory with '/'
 * ({@link ShardPlan#dataFile()}). Every file is written whole into a local temporary file first
 * ({@link #temporary}) and then put under its name ({@link #publish}), so no file ever appears half-written under its
 * final name. Serializable: a cluster's executors write through the store the driver chose.
 */
public interface DatasetStore extends Serializable {
    /** The dataset's directory as the user named it (a path or URI), for messages. */
    String location();

    /** Creates the directory if missing. */
    void createDirectory() throws IOException;

    /**
     * Holds the dataset for one run, or refuses.
     *
     * @throws IllegalArgumentException in one line if another run holds it
     */
    Closeable lock() throws IOException;

    /**
     * A local file (its folder exists) to write the next content of {@code file} into before {@link #publish}; its
     * name ends with {@code tag} and {@link WhiskerDatasetWriter#TEMPORARY_SUFFIX}, so that two attempts never share
     * one and leftovers are recognised.
     */
    Path temporary(String file, String tag) throws IOException;

    /** Puts a whole temporary file under the name {@code file}, replacing what is there; the temporary is gone after. */
    void publish(Path temporary, String file) throws IOException;

    /** Deletes a temporary file of {@link #temporary} that is abandoned (not published), and what was made for it. */
    default void discard(Path temporary) throws IOException {
        Files.deleteIfExists(temporary);
    }

    /**
     * As {@link #publish}, for a file that must exist under its name at every moment once it first did (the
     * manifest); {@link #recover} completes a replacement a crash interrupted.
     */
    default void replace(Path temporary, String file) throws IOException {
        publish(temporary, file);
    }

    /** Completes an interrupted {@link #replace} of {@code file}, if any (before {@code file} is read). */
    default void recover(String file) throws IOException {
    }

    boolean isFile(String file) throws IOException;

    /** @throws IOException if the file is missing */
    long size(String file) throws IOException;

    /** @throws IOException if the file is missing */
    InputStream open(String file) throws IOException;

    /** Deletes the file if it exists. */
    void delete(String file) throws IOException;

    /** The names in a folder ({@code ""} for the dataset's directory itself); empty if it does not exist. */
    List<String> list(String folder) throws IOException;
}
