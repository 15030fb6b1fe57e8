package org.neuroprior.agents;

/**
 * Seeds derived from a run's seed and a path of integers (iteration, worker, episode...) with SplitMix64. Every
 * random draw in an agent comes from such a derived seed, never from a long-lived stream, so an iteration's
 * randomness depends only on (seed, iteration): a resumed run repeats an uninterrupted one exactly.
 */
public final class Seeds {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    public static long derive(long seed, long... path) {
        long z = mix(seed);
        for (long p : path) z = mix(z + (p + 1) * GOLDEN_GAMMA);
        return z;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
