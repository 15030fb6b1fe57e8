package org.neuroprior.envs;

import java.util.random.RandomGenerator;

/** The integers {@code 0 .. n-1}. */
public record Discrete(int n) implements Space<Integer> {

    public Discrete {
        if (n < 1) throw new IllegalArgumentException("Discrete space needs n >= 1, got " + n);
    }

    @Override
    public boolean contains(Integer value) {
        return value != null && value >= 0 && value < n;
    }

    @Override
    public Integer sample(RandomGenerator rng) {
        return rng.nextInt(n);
    }

    @Override
    public void requireValidAction(Integer value) {
        if (!contains(value)) {
            throw new IllegalArgumentException("action " + value + " is not in Discrete(" + n + "): accepted 0.." + (n - 1));
        }
    }

    @Override
    public String toString() {
        return "Discrete(" + n + ")";
    }
}
