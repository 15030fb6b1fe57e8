package org.neuroprior.experiments.cli;

import java.util.Iterator;

import org.neuroprior.registry.Registered;
import org.neuroprior.registry.Registry;

/** The registered names, for help texts ({@code ${COMPLETION-CANDIDATES}}) and shell completion. */
final class Candidates {
    private Candidates() {
    }

    private static Iterator<String> names(Registry<? extends Registered> registry) {
        return registry.names().iterator();
    }

    static final class Environments implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names(org.neuroprior.envs.Envs.registry());
        }
    }

    static final class Architectures implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names(org.neuroprior.architectures.Architectures.registry());
        }
    }

    static final class Agents implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names(org.neuroprior.agents.Agents.registry());
        }
    }
}
