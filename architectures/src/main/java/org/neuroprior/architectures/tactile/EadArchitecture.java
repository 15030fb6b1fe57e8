package org.neuroprior.architectures.tactile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.neuroprior.architectures.Activation;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelIO;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.parts.Dense;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.objects.ObjectClasses;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/**
 * An Encoder-Attender-Decoder family of Chung et al. (2025) for whisker input: an encoder (the family: ConvRNN,
 * ResNet, S4) maps {@code [F, 35, 6]} whisker frames to a sequence {@code [T, d]} ({@link TactileGrid}), an optional
 * attender ({@link GptAttender}) reads the sequence, and a decoder writes the outputs (logits for a classifier).
 *
 * <p>Parts: {@code encoder}, then {@code attender} (option {@code attender=gpt}), then the decoder:
 * <ul>
 *   <li>{@code linear}: {@code last} ({@link LastStep}) and a dense {@code head};</li>
 *   <li>{@code mlp}: {@code last}, dense ReLU layers {@code decoder0 ..} of widths {@code mlp}, and the {@code head};</li>
 *   <li>{@code all}: a dense {@code head} on the whole sequence, all steps flattened;</li>
 *   <li>{@code auto} (default): the reference's pairing, {@code mlp} without an attender and {@code linear} with
 *       one.</li>
 * </ul>
 * The head is linear (tanh for actions in [-1, 1]). The latent, the head's input, is then the last step of the
 * encoder (or attender) for {@code linear}, the last MLP layer for {@code mlp}, the flattened sequence for
 * {@code all}. Observations are read as they are (the reference normalises nothing).
 *
 * <p><b>Projection head</b> (option {@code projection}, SimCLR's, which {@code tactile-train --objective simclr}
 * sets): dense ReLU layers {@code projection0 ..} of the given widths and the linear {@code head}, in place of the
 * decoder's MLP, on the last step ({@code linear}, {@code auto}) or on all steps ({@code all}). The model's latent is
 * then the projection's input, the features a linear probe reads (the reference's fc8 or attender output), not its
 * hidden layer. The reference's projection (512 - 2048 - 128) has batch norm after each layer; this one has none
 * (the model core has no training mode).
 *
 * <p>Sizes: {@code size=small} (default) is a model that trains on two CPU cores, {@code size=paper} the published
 * one; width options left at 0 (or {@code []}) take the size's value. Every family accepts the options of this
 * class; see the subclasses for the encoders' own.
 */
public abstract class EadArchitecture implements Architecture {
    /** The option values that select a size: the default, and the published model. */
    public static final String SMALL = "small";
    public static final String PAPER = "paper";

    /** The pairing of decoders with attenders that {@code decoder=auto} picks. */
    public static final String AUTO = "auto";

    private static final List<Option> COMMON = List.of(
            Option.choice("size", SMALL, List.of(SMALL, PAPER), "widths and depths left at 0 or []: small (trains on 2 CPU cores) or paper (Chung et al. 2025)"),
            Option.choice("attender", "none", List.of("none", "gpt"), "sequence model after the encoder: none, or a causal GPT"),
            Option.choice("decoder", AUTO, List.of(AUTO, "linear", "mlp", "all"),
                    "linear on the last step, mlp on the last step, linear on all steps; auto: mlp without attender, linear with one"),
            Option.integer("gpt_layers", 0, 0, 1000, "GPT blocks; 0 = the size's (small 2, paper 8)"),
            Option.integer("gpt_heads", 0, 0, 1000, "GPT attention heads; 0 = the size's (4)"),
            Option.integer("gpt_width", 0, 0, 100_000, "GPT width; 0 = the size's (small 64, paper 512)"),
            Option.integers("mlp", List.of(), 1, 100_000, "hidden widths of the MLP decoder (ReLU); [] = the size's (small [128, 64], paper [1024, 512])"),
            Option.integers("projection", List.of(), 1, 100_000,
                    "SimCLR projection head: hidden widths (ReLU) between the latent and the outputs, in place of the decoder's MLP; [] = none"));

    /** The family's encoder options, listed before the common ones. */
    protected abstract List<Option> encoderOptions();

    /**
     * The family's encoder for this input.
     *
     * @param paper whether the size is the paper's (for the options left at 0 or [])
     * @throws IllegalArgumentException if the input is not whisker frames, or the options do not make an encoder
     */
    protected abstract Part encoder(int[] inputShape, Resolved options, boolean paper);

    @Override
    public Options options() {
        List<Option> all = new ArrayList<>(encoderOptions());
        all.addAll(COMMON);
        return Options.of(all);
    }

    /** {@code value} unless it is 0, else the size's. */
    protected static int sized(int value, boolean paper, int small, int published) {
        return value != 0 ? value : paper ? published : small;
    }

    /** {@code value} unless it is empty, else the size's. */
    protected static List<Integer> sized(List<Integer> value, boolean paper, List<Integer> small, List<Integer> published) {
        return !value.isEmpty() ? value : paper ? published : small;
    }

    @Override
    public Model create(ModelIO io, Resolved options, long seed) {
        boolean paper = options.choice("size").equals(PAPER);
        List<Part> parts = new ArrayList<>();
        Part encoder = encoder(io.inputShape(), options, paper);
        parts.add(encoder);
        boolean attender = options.choice("attender").equals("gpt");
        if (attender) {
            parts.add(new GptAttender("attender", encoder.outputShape(), sized(options.integer("gpt_layers"), paper, 2, 8),
                    sized(options.integer("gpt_heads"), paper, 4, 4), sized(options.integer("gpt_width"), paper, 64, 512)));
        }
        int[] sequence = parts.get(parts.size() - 1).outputShape();
        String decoder = options.choice("decoder");
        List<Integer> projection = options.integers("projection");
        if (!projection.isEmpty() && decoder.equals("mlp")) {
            throw new IllegalArgumentException("decoder=mlp and a projection head both follow the latent; with projection="
                    + projection + " choose decoder auto, linear or all");
        }
        if (decoder.equals(AUTO)) decoder = attender || !projection.isEmpty() ? "linear" : "mlp";
        int[] latent = sequence;
        if (!decoder.equals("all")) {
            LastStep last = new LastStep("last", sequence);
            parts.add(last);
            latent = last.outputShape();
        }
        if (decoder.equals("mlp")) {
            List<Dense> hidden = Dense.chain("decoder", latent, sized(options.integers("mlp"), paper, List.of(128, 64), List.of(1024, 512)), Activation.RELU);
            parts.addAll(hidden);
            latent = hidden.get(hidden.size() - 1).outputShape();
        }
        int headStart = parts.size();
        if (!projection.isEmpty()) {
            List<Dense> hidden = Dense.chain("projection", latent, projection, Activation.RELU);
            parts.addAll(hidden);
            latent = hidden.get(hidden.size() - 1).outputShape();
        }
        Activation head = io.output() == ModelIO.Output.BOUNDED ? Activation.TANH : Activation.IDENTITY;
        parts.add(new Dense("head", latent, io.outputSize(), head));
        return new Model(name(), options.values(), io, parts, headStart, false, seed);
    }

    /** A whole sweep ([110, 35, 6]) classified into the procedural object classes, with the default options. */
    @Override
    public List<Example> examples() {
        int classes = ObjectClasses.names().size();
        ModelIO sweep = new ModelIO(new int[] {SweepSample.FRAMES, SweepSample.CELLS, SweepSample.CHANNELS}, classes, ModelIO.Output.LINEAR);
        String label = "a whisker sweep [110, 35, 6], " + classes + " classes";
        return List.of(new Example(label, sweep, Map.of()));
    }
}
