package org.neuroprior.architectures.tactile;

import java.util.List;

import org.neuroprior.architectures.Part;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Resolved;

/**
 * {@code s4}: the state-space baseline of Chung et al. (2025), S4D-Real layers over the steps
 * ({@link StateSpaceEncoder}), then the attender and decoder of {@link EadArchitecture}.
 *
 * <p>Sizes: {@code paper} is the published S4 (4 layers of width 512) with 64 states per channel (S4's default);
 * {@code small} (the default) 4 layers of width 256 with 32 states, a size and cost near the other families' defaults.
 */
public final class StateSpace extends EadArchitecture {
    public static final String NAME = "s4";

    private static final List<Option> OPTIONS = List.of(
            Option.integer("width", 0, 0, 100_000, "channels d; 0 = the size's (small 256, paper 512)"),
            Option.integer("layers", 0, 0, 1000, "S4D blocks; 0 = the size's (4)"),
            Option.integer("states", 0, 0, 100_000, "diagonal states per channel; 0 = the size's (small 32, paper 64)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "S4D state-space encoder over the steps + attender + decoder: a baseline of the ConvRNN for touch (Chung et al. 2025)";
    }

    @Override
    protected List<Option> encoderOptions() {
        return OPTIONS;
    }

    @Override
    protected Part encoder(int[] inputShape, Resolved options, boolean paper) {
        return new StateSpaceEncoder("encoder", inputShape, sized(options.integer("width"), paper, 256, 512),
                sized(options.integer("layers"), paper, 4, 4), sized(options.integer("states"), paper, 32, 64));
    }
}
