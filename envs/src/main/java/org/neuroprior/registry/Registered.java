package org.neuroprior.registry;

/** Something that a {@link Registry} lists by name: an environment, an architecture or an agent. */
public interface Registered {

    /** The name users type ({@code swimmer-swim}, {@code ncap}, {@code ppo}). */
    String name();

    /** One line saying what it is. */
    String description();

    /** Its options with defaults, accepted ranges and help. */
    Options options();
}
