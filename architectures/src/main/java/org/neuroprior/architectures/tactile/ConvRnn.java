package org.neuroprior.architectures.tactile;

import java.util.List;

import org.neuroprior.architectures.Part;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Resolved;

/**
 * {@code convrnn}: the ConvRNN Encoder-Attender-Decoder of Chung et al. (2025), the structured prior for touch
 * ({@link ConvRnnEncoder}, then the attender and decoder of {@link EadArchitecture}).
 *
 * <p>Sizes: {@code paper} is the published encoder, conv nodes of 96, 128, 256, 384, 384, 256 channels, fc7 1024,
 * fc8 512, with the MLP decoder 1024-512 or an 8-layer GPT of width 512; {@code small} (the default) has an eighth of
 * the conv widths (12, 16, 32, 48, 48, 32), fc7 128 and a 64-wide latent.
 *
 * <p>{@code carry_state=true} makes the encoder recurrent across observations (an agent's perception network:
 * {@link ConvRnnEncoder#ConvRnnEncoder(String, int[], List, int, int, ConvCell, ConvRnnEncoder.Unroll, boolean)});
 * such a model trains through its graph.
 */
public final class ConvRnn extends EadArchitecture {
    public static final String NAME = "convrnn";

    private static final List<Integer> SMALL_WIDTHS = List.of(12, 16, 32, 48, 48, 32);
    private static final List<Integer> PAPER_WIDTHS = List.of(96, 128, 256, 384, 384, 256);
    private static final List<Integer> SMALL_FC = List.of(128, 64);
    private static final List<Integer> PAPER_FC = List.of(1024, 512);

    private static final List<Option> OPTIONS = List.of(
            Option.choice("cell", "timedecay", ConvCell.ids(), "recurrent cell of every conv node; -ln: with LayerNorm"),
            Option.choice("unroll", ConvRnnEncoder.Unroll.BIOLOGICAL.id(), List.of(ConvRnnEncoder.Unroll.BIOLOGICAL.id(), ConvRnnEncoder.Unroll.FULL.id()),
                    "biological: every node reads its inputs' previous step; full: feedforward edges carry the same step"),
            Option.flag("carry_state", false, "carry the cells' states and nodes' outputs from one agent step to the next "
                    + "(a recurrent policy, zeros at episode starts); false: each observation starts from zeros"),
            Option.integers("widths", List.of(), 1, 100_000, "channels of conv1, conv2, ...; [] = the size's (small 12,16,32,48,48,32; paper 96,128,256,384,384,256)"),
            Option.integers("fc", List.of(), 1, 100_000, "widths of the two fc nodes, the second the latent; [] = the size's (small 128,64; paper 1024,512)"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ConvRNN encoder (conv nodes with recurrent cells, feedback and skips) + attender + decoder: touch (Chung et al. 2025)";
    }

    @Override
    protected List<Option> encoderOptions() {
        return OPTIONS;
    }

    @Override
    protected Part encoder(int[] inputShape, Resolved options, boolean paper) {
        List<Integer> fc = sized(options.integers("fc"), paper, SMALL_FC, PAPER_FC);
        if (fc.size() != 2) throw new IllegalArgumentException("architecture 'convrnn': option 'fc' = " + fc + " is not valid; accepted: two widths");
        return new ConvRnnEncoder("encoder", inputShape, sized(options.integers("widths"), paper, SMALL_WIDTHS, PAPER_WIDTHS),
                fc.get(0), fc.get(1), ConvCell.of(options.choice("cell")), ConvRnnEncoder.Unroll.of(options.choice("unroll")),
                options.flag("carry_state"));
    }
}
