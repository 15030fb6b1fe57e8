package org.neuroprior.architectures.tactile;

import java.util.List;

import org.neuroprior.architectures.Part;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Resolved;

/**
 * {@code resnet}: the feedforward baseline of Chung et al. (2025), a ResNet applied to every step on its own
 * ({@link ResNetEncoder}), then the attender and decoder of {@link EadArchitecture}.
 *
 * <p>Sizes: {@code paper} is ResNet-18's stages (64, 128, 256, 512 channels, 2 blocks each); {@code small} (the
 * default) has a quarter of its widths in the first three stages and 96 channels in the last (16, 32, 64, 96), so
 * that the default families have similar sizes and costs (neuroprior arch list).
 */
public final class ResNet extends EadArchitecture {
    public static final String NAME = "resnet";

    private static final List<Integer> SMALL_WIDTHS = List.of(16, 32, 64, 96);
    private static final List<Integer> PAPER_WIDTHS = List.of(64, 128, 256, 512);

    private static final List<Option> OPTIONS = List.of(
            Option.integers("widths", List.of(), 1, 100_000, "channels of each stage; [] = the size's (small 16,32,64,96; paper 64,128,256,512)"),
            Option.integer("blocks", 2, 1, 100, "basic blocks per stage (2 in ResNet-18)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "feedforward ResNet on each step + attender + decoder: the baseline of the ConvRNN for touch (Chung et al. 2025)";
    }

    @Override
    protected List<Option> encoderOptions() {
        return OPTIONS;
    }

    @Override
    protected Part encoder(int[] inputShape, Resolved options, boolean paper) {
        return new ResNetEncoder("encoder", inputShape, sized(options.integers("widths"), paper, SMALL_WIDTHS, PAPER_WIDTHS), options.integer("blocks"));
    }
}
