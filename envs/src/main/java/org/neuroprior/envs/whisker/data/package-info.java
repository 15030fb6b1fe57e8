/**
 * Reading the tactile datasets {@code neuroprior whisker-data} writes (layout: README, "Whisker datasets on disk"):
 * {@link org.neuroprior.envs.whisker.data.WhiskerManifest} reads {@code dataset.json},
 * {@link org.neuroprior.envs.whisker.data.WhiskerDataset} opens a finished dataset and serves each split's sweeps
 * (memory-mapped) and labels, and {@link org.neuroprior.envs.whisker.data.NpyHeader} and
 * {@link org.neuroprior.envs.whisker.data.NpyReader} handle the {@code .npy} files. The writer lives in the
 * experiments module and uses these same types.
 */
package org.neuroprior.envs.whisker.data;
