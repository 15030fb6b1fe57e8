package org.neuroprior.architectures.tactile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.neuroprior.architectures.ParameterSpec;
import org.neuroprior.architectures.ParameterSpec.Initializer;
import org.neuroprior.architectures.Part;
import org.neuroprior.architectures.PartScope;

/**
 * The ConvRNN encoder of Chung et al. (2025): convolutional nodes with a recurrent cell each, wired with feedback
 * and skip edges, unrolled over the {@link TactileGrid} images of a sample. Input {@code [F, 35, 6]} whisker frames,
 * output {@code [T, latent]}: the last node's output at each of the {@code T = F / 5} steps.
 *
 * <p><b>Nodes.</b> {@code conv1 .. convL} (widths {@code convWidths}), then {@code fc<L+1>} (width {@code fcWidth})
 * and {@code fc<L+2>} (width {@code latent}); with the paper's six conv nodes: conv1..conv6, fc7, fc8. A conv node
 * merges its inputs, applies its pre-memory convolution (2 x 2, stride 1, bias initialised 0, no activation;
 * "valid" for conv1, so the 5 x 7 grid becomes 4 x 6, and "same" for the others), its {@link ConvCell}, then ReLU.
 * No pooling: every conv node's output is 4 x 6. An fc node flattens its merged input, applies a dense layer (bias
 * initialised 0.1) and ReLU; fc nodes have no cell (the published parameter counts, 25M for TimeDecay and 39M for
 * LSTM encoders with MLP decoders, are those of convolutional cells only).
 *
 * <p><b>Edges</b> (the paper's, and the same rule at other depths): feedforward {@code conv(k-1) -> conv(k)},
 * {@code convL -> fc -> latent fc}; feedback {@code conv(k+1), conv(k+2) -> conv(k)} for {@code 2 <= k < L}
 * (with L = 6: conv3, conv4 -> conv2; conv4, conv5 -> conv3; conv5, conv6 -> conv4; conv6 -> conv5); skips from
 * every even conv node below L to the first fc node (conv2, conv4 -> fc7). A node merges its inputs by concatenating
 * them on channels in the order [external input, then predecessors in node order] (the reference sorts them by
 * name: the same order up to nine conv nodes). The reference resizes each input bilinearly to the size of the
 * node's feedforward predecessor first; every conv output here is 4 x 6, so that resize is the identity and is
 * left out.
 *
 * <p><b>Unrolling.</b> {@link Unroll#BIOLOGICAL} (every reported run): at step t every node reads its
 * predecessors' outputs of step t - 1 (zeros at t = 0) and only conv1 reads the image of step t. An image reaches
 * the last node L + 1 steps later along the feedforward chain (t + 7 in the paper's model), but 3 steps later by the
 * skip conv2 -> fc7 -> fc8 when L >= 3. {@link Unroll#FULL}: feedforward and skip edges carry the same step's outputs,
 * feedback edges the previous step's. Cell states start from zeros in every sample, unless the state is carried
 * (below). The recurrence is unrolled in Java (SameDiff 1.0.0-M2.1 cannot backpropagate through its loop ops), one
 * call of the step's definition per image; conv1's pre-memory convolution, which reads only the input, runs once over
 * all steps.
 *
 * <p><b>Carried state</b> ({@code carryState}, an RL agent's perception network): the part is recurrent; its state
 * is what one step leaves to the next (every cell state, and the outputs the next step reads), taken after the last
 * image of an observation and continued from at the first image of the next, zeros at an episode start. Stepping it
 * over N observations of k images computes what the encoder computes over the N k images at once (same step
 * definition; {@code CarriedStateTest}).
 *
 * <p><b>Fused pass.</b> Training runs {@link #fusedPass} ({@link ConvRnnPass}): the same steps in plain Java on
 * channels-last images, the convolutions as im2col and BLAS, each cell's {@link ConvCell#pass}; every cell and both
 * unrollings. It reads the wiring from this class's node list and {@link #readsSameStep}, as {@link #define} does.
 * It has no carried state: with {@code carryState} the part offers no fused pass and trains through its graph.
 */
public final class ConvRnnEncoder implements Part {

    /** How the recurrence is unrolled over time. */
    public enum Unroll {
        /** Every edge carries the previous step's outputs (the reference's choice in every reported run). */
        BIOLOGICAL,
        /** Feedforward and skip edges carry the same step's outputs; feedback edges the previous step's. */
        FULL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Unroll of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** One node: its name, its width and the nodes it reads (-1 = the input images), in merge order. */
    record Node(String name, int width, boolean conv, int[] inputs) {
    }

    private final String name;
    private final int[] inputShape;
    private final int steps;
    private final ConvCell cell;
    private final Unroll unroll;
    private final boolean carryState;
    private final List<Node> nodes = new ArrayList<>();
    private final int height = TactileGrid.ROWS - 1;   // conv1 is "valid": 5 x 7 -> 4 x 6, and the rest keep it
    private final int width = TactileGrid.COLUMNS - 1;

    /**
     * @param name       the part's name
     * @param inputShape whisker frames {@code [F, 35, 6]}, F a multiple of 5
     * @param convWidths channels of conv1 .. convL (L >= 1)
     * @param fcWidth    width of the first fc node
     * @param latent     width of the last fc node (the encoder's output per step)
     * @throws IllegalArgumentException for another input shape, no conv node or a width < 1
     */
    public ConvRnnEncoder(String name, int[] inputShape, List<Integer> convWidths, int fcWidth, int latent, ConvCell cell, Unroll unroll) {
        this(name, inputShape, convWidths, fcWidth, latent, cell, unroll, false);
    }

    /**
     * The encoder as above, optionally carrying its state from one observation to the next.
     *
     * @param carryState false: every observation starts from zero states (a classifier of whole sweeps, the
     *                   reference's use); true: a recurrent part ({@link #stateSize()} &gt; 0) whose state after the
     *                   last image of one observation (every cell state and every node output a later step reads) is
     *                   where the next observation's first image starts, zeros at an episode start, so that N
     *                   observations of k images give what one sequence of N k images gives (an agent's perception
     *                   network on {@code whisker-sweep} with {@code obs_type=frames})
     * @throws IllegalArgumentException for another input shape, no conv node or a width < 1
     */
    public ConvRnnEncoder(String name, int[] inputShape, List<Integer> convWidths, int fcWidth, int latent, ConvCell cell, Unroll unroll,
                          boolean carryState) {
        this.carryState = carryState;
        this.name = name;
        this.inputShape = inputShape.clone();
        this.steps = TactileGrid.steps(inputShape);
        this.cell = cell;
        this.unroll = unroll;
        int layers = convWidths.size();
        if (layers < 1) throw new IllegalArgumentException("a ConvRNN needs at least one conv node");
        for (int w : convWidths) if (w < 1) throw new IllegalArgumentException("ConvRNN widths must be >= 1, got " + convWidths);
        if (fcWidth < 1 || latent < 1) throw new IllegalArgumentException("ConvRNN fc widths must be >= 1, got " + fcWidth + ", " + latent);
        for (int k = 0; k < layers; k++) {
            List<Integer> in = new ArrayList<>();
            in.add(k - 1);                                                     // the input images for conv1
            if (k >= 1) for (int j = k + 1; j <= k + 2 && j < layers; j++) in.add(j); // feedback from the two above
            nodes.add(new Node("conv" + (k + 1), convWidths.get(k), true, in.stream().mapToInt(Integer::intValue).toArray()));
        }
        List<Integer> fcIn = new ArrayList<>();
        for (int k = 1; k < layers - 1; k += 2) fcIn.add(k);                  // skips from conv2, conv4, ...
        fcIn.add(layers - 1);
        nodes.add(new Node("fc" + (layers + 1), fcWidth, false, fcIn.stream().mapToInt(Integer::intValue).toArray()));
        nodes.add(new Node("fc" + (layers + 2), latent, false, new int[] {layers}));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return new int[] {steps, nodes.get(nodes.size() - 1).width()};
    }

    public ConvCell cell() {
        return cell;
    }

    public Unroll unroll() {
        return unroll;
    }

    /** Node names with the names of the nodes each reads, in merge order ("input" for the images), for docs and tests. */
    public List<String> wiring() {
        List<String> out = new ArrayList<>();
        for (Node n : nodes) {
            out.add(n.name() + " <- " + String.join(", ", Arrays.stream(n.inputs()).mapToObj(j -> j < 0 ? "input" : nodes.get(j).name()).toList()));
        }
        return out;
    }

    /**
     * Whether node k reads node j's output of the same step (else of the previous step, zeros at the first): the
     * unrolling, for the definition and the fused pass alike.
     */
    boolean readsSameStep(int j, int k) {
        return unroll == Unroll.FULL && j < k;
    }

    /** The nodes in order (conv1 .. convL, then the two fc nodes), each with its inputs in merge order. */
    List<Node> nodes() {
        return nodes;
    }

    /** Time steps (images) per sample. */
    int steps() {
        return steps;
    }

    /** Rows and columns of every conv node's output (4 x 6). */
    int height() {
        return height;
    }

    int width() {
        return width;
    }

    /** Channels a conv node's merged input has. */
    int channelsIn(Node n) {
        int c = 0;
        for (int j : n.inputs()) c += j < 0 ? TactileGrid.CHANNELS : nodes.get(j).width();
        return c;
    }

    /** Values one fc node reads per sample. */
    int fcIn(Node n) {
        int c = 0;
        for (int j : n.inputs()) c += nodes.get(j).conv() ? nodes.get(j).width() * height * width : nodes.get(j).width();
        return c;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        for (Node n : nodes) {
            if (n.conv()) {
                int in = channelsIn(n);
                specs.add(new ParameterSpec(n.name() + "/W", new int[] {2, 2, in, n.width()}, Initializer.uniformFanIn(in * 4)));
                specs.add(new ParameterSpec(n.name() + "/b", new int[] {n.width()}, Initializer.constant(0)));
                for (ParameterSpec s : cell.parameters(n.width())) {
                    specs.add(new ParameterSpec(n.name() + "/cell/" + s.name(), s.shape(), s.init()));
                }
            } else {
                int in = fcIn(n);
                specs.add(new ParameterSpec(n.name() + "/W", new int[] {in, n.width()}, Initializer.uniformFanIn(in)));
                specs.add(new ParameterSpec(n.name() + "/b", new int[] {n.width()}, Initializer.constant(0.1)));
            }
        }
        return specs;
    }

    /**
     * The encoder's forward and backward over batches of {@code batch} samples in plain Java ({@link ConvRnnPass}):
     * every cell, both unrollings; null when the state is carried (fused passes are for stateless parts: a recurrent
     * model trains through its graph, {@code Model.pass}).
     */
    @Override
    public FusedPass fusedPass(int batch) {
        return carryState ? null : new ConvRnnPass(this, batch);
    }

    @Override
    public Output define(PartScope scope, SDVariable input, SDVariable state) {
        SameDiff sd = scope.sd();
        Node first = nodes.get(0);
        // conv1's pre-memory convolution reads only the images: once for all steps, then one tensor per step.
        SDVariable images = TactileGrid.images(input, steps);
        SDVariable pre = GraphOps.conv(sd, images, scope.parameter(first.name() + "/W"), scope.parameter(first.name() + "/b"), 2, 1, false);
        SDVariable[] firstInputs = steps == 1 ? new SDVariable[] {pre}
                : sd.unstack(pre.reshape(steps, -1, first.width(), height, width), 0, steps);
        GraphOps.Zeros zeros = new GraphOps.Zeros(sd, scope.dataType(), firstInputs[0]);

        Carried carried = state == null ? new Carried(new SDVariable[nodes.size()], new SDVariable[nodes.size()][]) : unpack(state);
        SDVariable[] outputs = new SDVariable[steps];
        for (int t = 0; t < steps; t++) {
            carried = defineStep(scope, zeros, firstInputs[t], carried);
            outputs[t] = carried.outputs()[nodes.size() - 1];
        }
        int latent = nodes.get(nodes.size() - 1).width();
        SDVariable sequence = steps == 1 ? outputs[0].reshape(-1, 1, latent) : sd.stack(1, outputs);
        return new Output(sequence, carryState ? pack(sd, carried) : null);
    }

    /**
     * What one step leaves to the next: every node's output ([B, C, H, W] for conv nodes, [B, width] for fc nodes)
     * and every conv node's cell state ({@link ConvCell#stateTensors()} tensors [B, C, H, W]); null = zeros (before
     * the first step of a fresh sequence).
     */
    private record Carried(SDVariable[] outputs, SDVariable[][] states) {
    }

    /**
     * One step of the encoder (its definition; {@link #define} unrolls it over the images of an observation, and a
     * carried state continues it over observations): every node in order, reading the previous step's outputs and
     * states from {@code previous}.
     *
     * @param firstInput conv1's pre-memory convolution of this step's image [B, C1, 4, 6]
     */
    private Carried defineStep(PartScope scope, GraphOps.Zeros zeros, SDVariable firstInput, Carried previous) {
        SameDiff sd = scope.sd();
        SDVariable[] current = new SDVariable[nodes.size()];
        SDVariable[][] states = previous.states().clone();
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            if (k == 0) {
                current[k] = cellStep(scope, n, zeros, firstInput, states, k);
                continue;
            }
            List<SDVariable> parts = new ArrayList<>();
            boolean allZero = true;
            for (int j : n.inputs()) {
                SDVariable v = readsSameStep(j, k) ? current[j] : previous.outputs()[j];
                allZero &= v == null;
                parts.add(v);
            }
            if (n.conv()) {
                SDVariable merged = allZero ? zeros.of(channelsIn(n), height, width) : concat(sd, parts, n, zeros);
                SDVariable x = GraphOps.conv(sd, merged, scope.parameter(n.name() + "/W"), scope.parameter(n.name() + "/b"), 2, 1, true);
                current[k] = cellStep(scope, n, zeros, x, states, k);
            } else {
                SDVariable flat = allZero ? zeros.of(fcIn(n)) : flatten(sd, parts, n, zeros);
                current[k] = sd.nn.relu(GraphOps.linear(flat, scope.parameter(n.name() + "/W"), scope.parameter(n.name() + "/b")), 0.0);
            }
        }
        return new Carried(current, states);
    }

    /** Values per sample of node k's output. */
    private int outputSize(int k) {
        Node n = nodes.get(k);
        return n.conv() ? n.width() * height * width : n.width();
    }

    /** Whether some node reads node j's output of the previous step (so a carried state must hold it). */
    private boolean readLater(int j) {
        for (int k = 0; k < nodes.size(); k++) {
            for (int i : nodes.get(k).inputs()) if (i == j && !readsSameStep(j, k)) return true;
        }
        return false;
    }

    /**
     * One block of the carried state: node {@code node}'s cell-state tensor {@code tensor}, or its output when
     * {@code tensor} is -1; {@code size} floats per sample.
     */
    private record Slot(int node, int tensor, int size) {
        boolean output() {
            return tensor < 0;
        }
    }

    /**
     * The carried state's layout, the one place it is written down (empty without a carried state): the cell states
     * of conv1 .. convL (each of {@link ConvCell#stateTensors()} tensors [C, 4, 6], channels-first), then the outputs
     * of the nodes that some node reads one step later ([C, 4, 6] for a conv node, [width] for an fc node), in node
     * order.
     */
    private List<Slot> stateLayout() {
        List<Slot> slots = new ArrayList<>();
        if (!carryState) return slots;
        for (int k = 0; k < nodes.size(); k++) {
            if (nodes.get(k).conv()) for (int i = 0; i < cell.stateTensors(); i++) slots.add(new Slot(k, i, outputSize(k)));
        }
        for (int k = 0; k < nodes.size(); k++) if (readLater(k)) slots.add(new Slot(k, -1, outputSize(k)));
        return slots;
    }

    /**
     * Floats of state per sample when the state is carried (else 0), in {@link #stateLayout()}'s order. With the
     * paper's small widths and TimeDecay cells: 188 x 24 cell values and 188 x 24 + 128 outputs (biological unrolling).
     */
    @Override
    public int stateSize() {
        return stateLayout().stream().mapToInt(Slot::size).sum();
    }

    /** The state [B, stateSize] cut into the outputs and cell states it holds ({@link #stateLayout()}). */
    private Carried unpack(SDVariable state) {
        SDVariable[] outputs = new SDVariable[nodes.size()];
        SDVariable[][] states = new SDVariable[nodes.size()][];
        int at = 0;
        for (Slot slot : stateLayout()) {
            Node n = nodes.get(slot.node());
            SDVariable v = state.get(SDIndex.all(), SDIndex.interval(at, at + slot.size()));
            if (n.conv()) v = v.reshape(-1, n.width(), height, width);
            if (slot.output()) {
                outputs[slot.node()] = v;
            } else {
                if (states[slot.node()] == null) states[slot.node()] = new SDVariable[cell.stateTensors()];
                states[slot.node()][slot.tensor()] = v;
            }
            at += slot.size();
        }
        return new Carried(outputs, states);
    }

    /** The inverse of {@link #unpack}: [B, stateSize]. */
    private SDVariable pack(SameDiff sd, Carried carried) {
        List<SDVariable> flat = new ArrayList<>();
        for (Slot slot : stateLayout()) {
            SDVariable v = slot.output() ? carried.outputs()[slot.node()] : carried.states()[slot.node()][slot.tensor()];
            flat.add(v.reshape(-1, slot.size()));
        }
        return flat.size() == 1 ? flat.get(0) : sd.concat(1, flat.toArray(SDVariable[]::new));
    }

    /** The node's cell on its pre-memory output, then ReLU; keeps the cell's state. */
    private SDVariable cellStep(PartScope scope, Node n, GraphOps.Zeros zeros, SDVariable x, SDVariable[][] states, int k) {
        String prefix = n.name() + "/cell/";
        ConvCell.Scope cellScope = new ConvCell.Scope() {
            @Override
            public SameDiff sd() {
                return scope.sd();
            }

            @Override
            public SDVariable parameter(String parameter) {
                return scope.parameter(prefix + parameter);
            }

            @Override
            public SDVariable zeros() {
                return zeros.of(n.width(), height, width);
            }
        };
        ConvCell.Step s = cell.define(cellScope, x, states[k]);
        states[k] = s.state();
        return scope.sd().nn.relu(s.output(), 0.0);
    }

    private SDVariable concat(SameDiff sd, List<SDVariable> parts, Node n, GraphOps.Zeros zeros) {
        SDVariable[] filled = new SDVariable[parts.size()];
        for (int i = 0; i < filled.length; i++) {
            SDVariable v = parts.get(i);
            filled[i] = v != null ? v : zeros.of(nodes.get(n.inputs()[i]).width(), height, width);
        }
        return filled.length == 1 ? filled[0] : sd.concat(1, filled);
    }

    /** An fc node's merged input, flattened per sample: [B, fcIn]. */
    private SDVariable flatten(SameDiff sd, List<SDVariable> parts, Node n, GraphOps.Zeros zeros) {
        if (!nodes.get(n.inputs()[0]).conv()) {
            SDVariable v = parts.get(0);
            return v != null ? v : zeros.of(nodes.get(n.inputs()[0]).width());
        }
        return concat(sd, parts, n, zeros).reshape(-1, fcIn(n));
    }
}
