package org.neuroprior.envs;

import java.util.random.RandomGenerator;

/** A set of valid observations or actions: a {@link Box} or a {@link Discrete}. */
public sealed interface Space<T> permits Box, Discrete {

    /** True if {@code value} is a member of this space. */
    boolean contains(T value);

    /** A uniformly random member, drawn from {@code rng}. */
    T sample(RandomGenerator rng);

    /**
     * Throws {@link IllegalArgumentException} naming the bad value and what is accepted, unless {@code value}
     * has this space's shape and is finite. Values outside the bounds pass: the environment clips them.
     */
    void requireValidAction(T value);
}
