package org.neuroprior.envs.wrappers;

import java.util.ArrayDeque;
import java.util.List;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Step;

/**
 * Sums each episode's reward and counts its steps, as seen at this layer (put it below reward-changing
 * wrappers to log the task's own return). On the step that ends an episode it puts
 * {@code info["episode"] = }{@link EpisodeStats}, and it keeps the last episodes (100 unless told otherwise)
 * for {@link #recentEpisodes()}. It allocates only when an episode ends.
 *
 * @param <A> the action type
 */
public final class RecordEpisodeStatistics<A> extends Wrapper<A> {

    /** The info key of the finished episode's {@link EpisodeStats}. */
    public static final String INFO_KEY = "episode";
    /** How many finished episodes {@link #recentEpisodes()} keeps unless told otherwise. */
    public static final int DEFAULT_WINDOW = 100;

    private final int window;
    private final ArrayDeque<EpisodeStats> recent;
    private double episodeReturn;
    private int episodeLength;

    public RecordEpisodeStatistics(Env<A> env) {
        this(env, DEFAULT_WINDOW);
    }

    /** @throws IllegalArgumentException if {@code window < 1} */
    public RecordEpisodeStatistics(Env<A> env, int window) {
        super(env);
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, got " + window);
        this.window = window;
        recent = new ArrayDeque<>(window);
    }

    @Override
    public Step reset(long seed) {
        Step s = env.reset(seed);
        clearEpisode();
        return s;
    }

    @Override
    public Step reset() {
        Step s = env.reset();
        clearEpisode();
        return s;
    }

    @Override
    public Step step(A action) {
        Step s = env.step(action);
        episodeReturn += s.reward();
        episodeLength++;
        if (s.done()) {
            EpisodeStats stats = new EpisodeStats(episodeReturn, episodeLength);
            s.info().put(INFO_KEY, stats);
            if (recent.size() == window) recent.removeFirst();
            recent.addLast(stats);
            clearEpisode();
        }
        return s;
    }

    private void clearEpisode() {
        episodeReturn = 0;
        episodeLength = 0;
    }

    /** The last finished episodes, oldest first: a copy. */
    public List<EpisodeStats> recentEpisodes() {
        return List.copyOf(recent);
    }
}
