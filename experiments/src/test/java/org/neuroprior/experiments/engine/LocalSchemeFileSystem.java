package org.neuroprior.experiments.engine;

import java.net.URI;

import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Hadoop's local filesystem under the scheme {@code nptest:}, so that a test can write a dataset to a Hadoop URI that
 * is not {@code file:} (mapped with {@code spark.hadoop.fs.nptest.impl}) and read the files back locally.
 */
public class LocalSchemeFileSystem extends RawLocalFileSystem {
    /** The scheme. */
    public static final String SCHEME = "nptest";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
