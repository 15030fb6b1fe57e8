package org.neuroprior.architectures;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A parameter block as a {@link Part} declares it: its name within the part, its shape and how it is initialised.
 *
 * @param name  e.g. {@code W}; unique within the part
 * @param shape the block's shape, every dimension >= 1
 * @param init  draws its initial values
 */
public record ParameterSpec(String name, int[] shape, Initializer init) {

    /** Fills a block's initial values. Draws come from the model's one seeded stream, block after block. */
    @FunctionalInterface
    public interface Initializer {
        /** Writes {@code values[offset .. offset + size)} for a block of {@code shape}. */
        void fill(float[] values, int offset, int size, int[] shape, SplittableRandom rng);

        /**
         * Uniform in {@code [-1/sqrt(fanIn), 1/sqrt(fanIn))}: PyTorch's default for {@code nn.Linear} weights and
         * biases (what tonic's and CleanRL's networks use), with {@code fanIn} given by the caller.
         */
        static Initializer uniformFanIn(int fanIn) {
            double bound = 1.0 / Math.sqrt(fanIn);
            return (v, o, n, s, rng) -> {
                for (int i = 0; i < n; i++) v[o + i] = (float) rng.nextDouble(-bound, bound);
            };
        }

        /** Normal with mean 0 and standard deviation {@code std} (GPT-2's 0.02 for its weights, say). */
        static Initializer normal(double std) {
            return (v, o, n, s, rng) -> {
                for (int i = 0; i < n; i++) v[o + i] = (float) (std * rng.nextGaussian());
            };
        }

        /** Every value {@code c}. */
        static Initializer constant(double c) {
            return (v, o, n, s, rng) -> Arrays.fill(v, o, o + n, (float) c);
        }
    }

    public ParameterSpec {
        shape = shape.clone();
        for (int d : shape) if (d < 1) throw new IllegalArgumentException("parameter " + name + " has shape " + Arrays.toString(shape));
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of values. */
    public int size() {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return n;
    }
}
