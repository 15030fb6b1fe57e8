package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.neuroprior.architectures.parts.Activate;
import org.neuroprior.architectures.parts.ChannelsLast;
import org.neuroprior.architectures.parts.Conv2D;
import org.neuroprior.architectures.parts.Dense;
import org.neuroprior.architectures.parts.MaxPool2D;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Resolved;

/**
 * A small convolutional encoder for images and a small head on its latent: the "dm" network of Fang and Stachenfeld
 * (ICLR 2024)'s code, after DeepMind's. With the defaults, on a {@code (1, 10, 10)} gridworld image:
 * <pre>
 *   conv 1 -> 16 (2 x 2) relu -> conv 16 -> 32 (2 x 2) relu -> max-pool 2 -> flatten (32 x 4 x 4 = 512)
 *     -> fc 32 relu -> fc latent (no activation: z)
 *   head: relu(z) -> fc 16 relu -> fc outputs (tanh for actions in [-1, 1])
 * </pre>
 * The latent z (size {@code latent}) is the head's input, where predictive heads attach. Convolutions have stride 1 and
 * no padding; pooling rounds down. Initialisation is PyTorch's default (uniform in +-1/sqrt(fan_in)), as the
 * reference's. Observations are read as they come (no normalisation) unless {@code observation_normalization} is set.
 *
 * <p>Parts: {@code channels_last} ({@link ChannelsLast}: the convolutions compute with channels last; the flattened
 * features are therefore ordered (y, x, channel), a fixed permutation of PyTorch's order that the fully connected
 * layer after them absorbs), {@code conv0 .. conv<k-1>} ({@link Conv2D}), {@code pool} ({@link MaxPool2D}, if {@code pool > 1}),
 * {@code hidden0 ..} and {@code latent} ({@link Dense}), then the head: {@code head_input} ({@link Activate}, relu),
 * {@code head0 ..} and {@code head} ({@link Dense}).
 */
public final class Conv implements Architecture {
    public static final String NAME = "conv";

    private static final Options OPTIONS = Options.of(
            Option.integers("channels", List.of(16, 32), 1, 4096, "output channels of the relu convolutions, from the input"),
            Option.integer("kernel", 2, 1, 64, "side of every convolution's square kernel (stride 1, no padding)"),
            Option.integer("pool", 2, 1, 64, "side of the max-pooling window after the convolutions; 1 = none"),
            Option.integers("hidden", List.of(32), 1, 1_000_000, "widths of the relu layers between the pooled features and the latent"),
            Option.integer("latent", 5, 1, 1_000_000, "size of the latent z (linear, no activation); the reference sweeps 3 to 24"),
            Option.integers("head_hidden", List.of(16), 1, 1_000_000, "widths of the relu layers of the head on relu(z); [] for a linear head"),
            Option.flag("observation_normalization", false, "normalise observations by their running mean and std, clipped to +-10"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "relu convolutions, max-pooling and fc layers to a small latent z, a small relu head on it: the predictive-heads paper's image encoder";
    }

    @Override
    public Options options() {
        return OPTIONS;
    }

    /** @throws IllegalArgumentException if the input is not an image {@code [channels, height, width]} the layers fit in */
    @Override
    public Model create(ModelIO io, Resolved options, long seed) {
        int[] shape = io.inputShape();
        if (shape.length != 3) {
            throw new IllegalArgumentException("conv reads images [channels, height, width]; this input is " + Arrays.toString(shape));
        }
        List<Part> parts = new ArrayList<>();
        ChannelsLast layout = new ChannelsLast("channels_last", shape);
        parts.add(layout);
        shape = layout.outputShape();
        List<Integer> channels = options.integers("channels");
        for (int l = 0; l < channels.size(); l++) {
            Conv2D conv = new Conv2D("conv" + l, shape, channels.get(l), options.integer("kernel"), Activation.RELU);
            parts.add(conv);
            shape = conv.outputShape();
        }
        if (options.integer("pool") > 1) {
            MaxPool2D pool = new MaxPool2D("pool", shape, options.integer("pool"));
            parts.add(pool);
            shape = pool.outputShape();
        }
        parts.addAll(Dense.chain("hidden", shape, options.integers("hidden"), Activation.RELU));
        shape = parts.get(parts.size() - 1).outputShape();
        Dense latent = new Dense("latent", shape, options.integer("latent"), Activation.IDENTITY);
        parts.add(latent);
        int head = parts.size();
        parts.add(new Activate("head_input", latent.outputShape(), Activation.RELU));
        parts.addAll(Dense.chain("head", latent.outputShape(), options.integers("head_hidden"), Activation.RELU));
        Activation out = io.output() == ModelIO.Output.BOUNDED ? Activation.TANH : Activation.IDENTITY;
        parts.add(new Dense("head", parts.get(parts.size() - 1).outputShape(), io.outputSize(), out));
        return new Model(NAME, options.values(), io, parts, head, options.flag("observation_normalization"), seed);
    }
}
