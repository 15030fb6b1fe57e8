package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The trainable values of a {@link Model}: one flat float vector, cut into named blocks (a weight matrix, a bias,
 * one of NCAP's signed weights). It is the only copy: SameDiff graphs, fused passes and plain-Java steps read it and
 * keep derived forms (graph variables, effective weights) only as caches that they refresh when {@link #version()}
 * changes. Optimisers, evolution strategies and checkpoints write it through {@link #set} and {@link #update}.
 *
 * <p>Blocks are laid out part by part in the model's order, each part's blocks in the order the part declares
 * them; a block named {@code W} of part {@code dense0} is called {@code dense0/W}. Values within a block are
 * row-major in its shape. Not thread-safe: give each thread its own {@link Model#copy()}.
 */
public final class Parameters {

    /**
     * One named block of the flat vector.
     *
     * @param name   {@code part/block}, e.g. {@code dense0/W}
     * @param shape  the block's shape (a graph variable of this shape holds it)
     * @param offset index of its first value in the flat vector
     * @param size   number of values (the product of the shape)
     */
    public record Block(String name, int[] shape, int offset, int size) {
        public Block {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** The shape as longs, as ND4J wants it. */
        public long[] longShape() {
            return Arrays.stream(shape).asLongStream().toArray();
        }
    }

    private final float[] values;
    private final List<Block> blocks;
    private final Map<String, Block> byName = new LinkedHashMap<>();
    private long version;

    /** Zero-filled parameters for these blocks (their offsets must tile the vector in order). */
    Parameters(List<Block> blocks) {
        this.blocks = Collections.unmodifiableList(new ArrayList<>(blocks));
        int at = 0;
        for (Block b : this.blocks) {
            if (b.offset() != at) throw new IllegalArgumentException("block " + b.name() + " starts at " + b.offset() + ", expected " + at);
            if (byName.put(b.name(), b) != null) throw new IllegalArgumentException("two parameter blocks are named " + b.name());
            at += b.size();
        }
        this.values = new float[at];
    }

    /** Number of trainable scalars. */
    public int size() {
        return values.length;
    }

    /** The blocks in flat order. */
    public List<Block> blocks() {
        return blocks;
    }

    /**
     * The block called {@code name} ({@code part/block}).
     *
     * @throws IllegalArgumentException if there is none
     */
    public Block block(String name) {
        Block b = byName.get(name);
        if (b == null) throw new IllegalArgumentException("no parameter block '" + name + "'; blocks: " + byName.keySet());
        return b;
    }

    /**
     * The live flat vector, for fast paths that read it without copying. Never write into it: use {@link #set} or
     * {@link #update}, which move {@link #version()} on so that caches refresh.
     */
    public float[] array() {
        return values;
    }

    /** A copy of the flat vector. */
    public float[] toArray() {
        return values.clone();
    }

    /** A copy of the flat vector in double precision. */
    public double[] toDoubles() {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        return d;
    }

    /** Changes on every write; caches compare it with the version they were built from. */
    public long version() {
        return version;
    }

    /**
     * Sets every value.
     *
     * @throws IllegalArgumentException if {@code v} has another length
     */
    public void set(float[] v) {
        requireLength(v.length);
        System.arraycopy(v, 0, values, 0, v.length);
        version++;
    }

    /** Sets every value from doubles (rounded to float). */
    public void set(double[] v) {
        requireLength(v.length);
        for (int i = 0; i < v.length; i++) values[i] = (float) v[i];
        version++;
    }

    /** Sets every value from another model's parameters of the same layout. */
    public void set(Parameters other) {
        set(other.values);
    }

    /** Lets {@code change} write into the flat vector (an optimiser step), then moves the version on. */
    public void update(Consumer<float[]> change) {
        change.accept(values);
        version++;
    }

    private void requireLength(int n) {
        if (n != values.length) throw new IllegalArgumentException("expected " + values.length + " parameter values, got " + n);
    }
}
