package org.neuroprior.envs.wrappers;

import java.util.ArrayList;
import java.util.List;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Step;

/** Test helper: records copies of the actions it passes down and of the observations it passes up. */
final class Recorder extends Wrapper<double[]> {

    final List<double[]> actions = new ArrayList<>();
    final List<double[]> observations = new ArrayList<>();

    Recorder(Env<double[]> env) {
        super(env);
    }

    double[] lastAction() {
        return actions.get(actions.size() - 1);
    }

    @Override
    public Step reset(long seed) {
        return record(env.reset(seed));
    }

    @Override
    public Step reset() {
        return record(env.reset());
    }

    @Override
    public Step step(double[] action) {
        actions.add(action.clone());
        return record(env.step(action));
    }

    private Step record(Step s) {
        observations.add(s.observation().clone());
        return s;
    }
}
