package org.neuroprior.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neuroprior.envs.CounterEnv;
import org.neuroprior.envs.Step;

class RecordEpisodeStatisticsTest {

    private static final double[] ACTION = {0};

    @Test
    void putsReturnAndLengthIntoTheInfoOfTheLastStepOnly() {
        RecordEpisodeStatistics<double[]> env = new RecordEpisodeStatistics<>(new CounterEnv(4));
        env.reset(0);
        for (int t = 1; t <= 3; t++) assertFalse(env.step(ACTION).info().containsKey("episode"));
        Step s = env.step(ACTION);
        assertTrue(s.terminated());
        assertEquals(new EpisodeStats(1 + 2 + 3 + 4, 4), s.info().get(RecordEpisodeStatistics.INFO_KEY));
        assertEquals("end", s.info().get("tag"), "the environment's own info is kept");
        assertEquals(List.of(new EpisodeStats(10, 4)), env.recentEpisodes());
    }

    @Test
    void countsTruncatedEpisodesAndRestartsOnReset() {
        RecordEpisodeStatistics<double[]> env = new RecordEpisodeStatistics<>(new TimeLimit<>(new CounterEnv(100), 3));
        env.reset(0);
        env.step(ACTION);
        env.reset(); // an unfinished episode is dropped
        env.step(ACTION);
        env.step(ACTION);
        Step s = env.step(ACTION);
        assertTrue(s.truncated());
        assertEquals(new EpisodeStats(6, 3), s.info().get("episode"));
    }

    @Test
    void keepsTheLastEpisodesOldestFirst() {
        RecordEpisodeStatistics<double[]> env = new RecordEpisodeStatistics<>(new CounterEnv(2), 3);
        env.reset(0);
        for (int episode = 0; episode < 5; episode++) {
            env.step(ACTION);
            if (episode % 2 == 0) env.step(ACTION);
            else {
                env.reset(); // unfinished
                env.step(ACTION);
                env.step(ACTION);
            }
            env.reset();
        }
        assertEquals(3, env.recentEpisodes().size());

        RecordEpisodeStatistics<double[]> many = new RecordEpisodeStatistics<>(new TimeLimit<>(new CounterEnv(1000), 1));
        many.reset(0);
        for (int episode = 1; episode <= 105; episode++) {
            many.step(ACTION);
            many.reset();
        }
        List<EpisodeStats> recent = many.recentEpisodes();
        assertEquals(100, recent.size());
        assertEquals(new EpisodeStats(1, 1), recent.get(0));
        assertThrows(UnsupportedOperationException.class, () -> recent.add(new EpisodeStats(0, 0)));
        assertThrows(IllegalArgumentException.class, () -> new RecordEpisodeStatistics<>(new CounterEnv(2), 0));
    }
}
