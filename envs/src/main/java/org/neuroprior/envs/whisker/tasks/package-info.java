/**
 * The registered whisker tasks: {@code whisker-sweep} (classify the object of one recorded sweep, frame by frame)
 * and {@code whisker-active} (move the head to find an object, then name its class). Both read the 6 base signals of
 * every whisker (force in micronewtons, moment in micronewton-millimetres) through a {@link
 * org.neuroprior.envs.whisker.tasks.SignalScaling}.
 */
package org.neuroprior.envs.whisker.tasks;
