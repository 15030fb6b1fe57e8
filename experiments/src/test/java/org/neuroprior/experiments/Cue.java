package org.neuroprior.experiments;

import java.util.SplittableRandom;

import org.neuroprior.envs.Box;
import org.neuroprior.envs.Discrete;
import org.neuroprior.envs.EnvSpec;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.AbstractEnv;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;

/**
 * A small discrete environment registered for command-line tests ({@code test-cue}): observe a cue (+1 or -1) and a
 * step counter, name the cue (action 1 for +1, 0 for -1) at every one of {@code steps} steps, reward 1 when right.
 */
final class Cue extends AbstractEnv<Integer> {
    static final String ID = "test-cue";
    private final int steps;
    private final Step step = new Step(2);
    private double cue;
    private int t;

    private Cue(int steps) {
        this.steps = steps;
    }

    /** The same task registered as one that needs memory (for the warning), {@value #FORGETFUL}. */
    static final String FORGETFUL = "test-cue-memory";

    /** Registers {@value #FORGETFUL} once per JVM. */
    static void registerForgetful() {
        if (Envs.registry().contains(FORGETFUL)) return;
        Envs.register(new EnvSpec(FORGETFUL, "as test-cue, registered as needing memory (test environment)",
                Options.of(Option.integer("steps", 10, 1, 1000, "steps per episode")), o -> new Cue(o.integer("steps")), true));
    }

    /** Registers {@value #ID} once per JVM. */
    static void register() {
        if (Envs.registry().contains(ID)) return;
        Envs.register(new EnvSpec(ID, "name a cue shown at every step (test environment)",
                Options.of(Option.integer("steps", 10, 1, 1000, "steps per episode")), o -> new Cue(o.integer("steps"))));
    }

    @Override
    public Box observationSpace() {
        return Box.of(new double[] {-1, 0}, new double[] {1, 1});
    }

    @Override
    public Space<Integer> actionSpace() {
        return new Discrete(2);
    }

    @Override
    protected Step resetEpisode(SplittableRandom rng) {
        cue = rng.nextBoolean() ? 1 : -1;
        t = 0;
        observe();
        return step.set(0, false, false);
    }

    @Override
    protected Step stepEpisode(Integer action) {
        double reward = (action == 1) == (cue > 0) ? 1 : 0;
        t++;
        observe();
        if (t >= steps) endEpisode();
        return step.set(reward, false, t >= steps);
    }

    private void observe() {
        step.observation()[0] = cue;
        step.observation()[1] = t / (double) steps;
    }

}
