package org.neuroprior.envs.wrappers;

/**
 * The undiscounted return and the length (in steps) of one finished episode, as
 * {@link RecordEpisodeStatistics} reports it.
 */
public record EpisodeStats(double episodeReturn, int length) {
}
