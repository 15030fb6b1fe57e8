package org.neuroprior.envs.whisker.tasks;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;

import org.neuroprior.envs.whisker.SweepParameters;
import org.neuroprior.envs.whisker.SweepProtocol;
import org.neuroprior.envs.whisker.WhiskerSweeper;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectShape;

/** Each draw picks a class uniformly, an object of it and the protocol's parameters, and simulates the whole sweep. */
final class SimulatedSweeps implements SweepSupply {
    private final ObjectCatalog catalog;
    private final SweepProtocol protocol;
    private final WhiskerSweeper sweeper;

    SimulatedSweeps(ObjectCatalog catalog, SweepProtocol protocol, WhiskerSweeper sweeper) {
        this.catalog = catalog;
        this.protocol = protocol;
        this.sweeper = sweeper;
    }

    @Override
    public List<String> classNames() {
        return catalog.classNames();
    }

    @Override
    public Drawn draw(SplittableRandom rng) {
        int label = rng.nextInt(catalog.classNames().size());
        ObjectShape object = catalog.draw(label, rng);
        SweepParameters parameters = protocol.draw(rng);
        WhiskerSweeper.Result result;
        try {
            result = sweeper.sweep(object, parameters);
        } catch (RuntimeException e) {
            throw new IllegalStateException("sweep of " + object.className() + " (" + parameters + ") failed: " + e.getMessage(), e);
        }
        return new Drawn(label, FloatBuffer.wrap(result.signals()), object, parameters, result.divergenceWarnings() > 0);
    }

    @Override
    public String toString() {
        return protocol.name() + " protocol, simulated";
    }
}
