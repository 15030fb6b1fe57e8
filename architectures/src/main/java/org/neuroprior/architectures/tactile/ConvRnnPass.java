package org.neuroprior.architectures.tactile;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.neuroprior.architectures.Parameters;
import org.neuroprior.architectures.kernels.ConvKernel;
import org.neuroprior.architectures.kernels.Gemm;
import org.neuroprior.architectures.kernels.HostPass;

/**
 * {@link ConvRnnEncoder}'s fused pass: the encoder over the steps of a batch in plain Java, with the convolutions as
 * im2col and BLAS ({@link ConvKernel}), the fc nodes' products with BLAS ({@link Gemm}) and the cells'
 * {@link CellPass}es. It walks the encoder's own node list (inputs in merge order, {@link ConvRnnEncoder#readsSameStep}
 * for the unrolling), so the wiring exists once. Images are channels-last, {@code [batch][4][6][C]} per step; the
 * merge of a node's inputs is their concatenation on channels, as in the definition, and an fc node reads each conv
 * input flattened channels-first ({@code [C][4][6]}), the definition's order. Forward keeps every step's merged inputs
 * and outputs; backward runs the steps in reverse, the nodes of a step in reverse order (so every consumer of an
 * output, at this step or the next, has given its gradient before the output's node is reached).
 */
final class ConvRnnPass extends HostPass {
    private final ConvRnnEncoder encoder;
    private final List<ConvRnnEncoder.Node> nodes;
    private final int batch;
    private final int steps;
    /** Pixels of a step's conv output over the batch: batch x 4 x 6. */
    private final int pixels;
    private final int area;
    private final ConvKernel first;
    private final ConvKernel[] kernels;
    private final CellPass[] cells;
    /** Offsets of each node's W, b and first cell block in the part's parameters. */
    private final int[] weightAt;
    private final int[] biasAt;
    private final int[] cellAt;
    /** Values per step of each node's output over the batch, and of its merged input (conv) or flat input (fc). */
    private final int[] size;
    private final int[] inSize;
    /** Each node's outputs, [steps][size], after its ReLU; their gradients during backward. */
    private final float[][] out;
    private final float[][] dOut;
    /** Each node's merged (conv) or flattened (fc) input, [steps][inSize]; conv1 has its images instead. */
    private final float[][] in;
    /** Each conv node's cell input (its pre-memory convolution's output), [steps][size]; conv1's for all steps at once. */
    private final float[][] cellIn;
    /** The images of the batch, [steps * batch][5][7][30], time-major; and their gradient. */
    private final float[] images;
    private final float[] dImages;
    /** dL/d conv1's cell input over all steps, for its one backward convolution. */
    private final float[] dFirst;
    private final float[] dCell;
    private final float[] dMerged;
    private final float[] dFlat;
    /** Whether node k's output at step t has received a gradient; whether a node's gradient has reached it yet. */
    private final boolean[][] gradientAt;
    private final boolean[] reached;
    /** The parameters of the last forward (backward differentiates at them). */
    private float[] p;

    ConvRnnPass(ConvRnnEncoder encoder, int batch) {
        super(batch, encoder.inputShape(), encoder.outputShape()[0] * encoder.outputShape()[1]);
        this.encoder = encoder;
        this.nodes = encoder.nodes();
        this.batch = batch;
        this.steps = encoder.steps();
        int h = encoder.height();
        int w = encoder.width();
        this.area = h * w;
        this.pixels = batch * area;
        int count = nodes.size();
        Map<String, Integer> at = CellPass.offsets(encoder.parameters());
        kernels = new ConvKernel[count];
        cells = new CellPass[count];
        weightAt = new int[count];
        biasAt = new int[count];
        cellAt = new int[count];
        size = new int[count];
        inSize = new int[count];
        out = new float[count][];
        dOut = new float[count][];
        in = new float[count][];
        cellIn = new float[count][];
        int widest = 0;
        int widestIn = 0;
        for (int k = 0; k < count; k++) {
            ConvRnnEncoder.Node n = nodes.get(k);
            weightAt[k] = at.get(n.name() + "/W");
            biasAt[k] = at.get(n.name() + "/b");
            if (n.conv()) {
                size[k] = pixels * n.width();
                cells[k] = encoder.cell().pass(batch, h, w, n.width(), steps);
                Integer firstCell = at.get(n.name() + "/cell/" + encoder.cell().parameters(n.width()).get(0).name());
                cellAt[k] = firstCell;
                cellIn[k] = new float[steps * size[k]];
                if (k > 0) {
                    int channels = encoder.channelsIn(n);
                    inSize[k] = pixels * channels;
                    kernels[k] = new ConvKernel(batch, h, w, channels, n.width(), 2, 1, ConvKernel.Padding.SAME);
                    in[k] = new float[steps * inSize[k]];
                }
            } else {
                int fcIn = encoder.fcIn(n);
                size[k] = batch * n.width();
                inSize[k] = batch * fcIn;
                in[k] = new float[steps * inSize[k]];
            }
            out[k] = new float[steps * size[k]];
            dOut[k] = new float[steps * size[k]];
            widest = Math.max(widest, size[k]);
            widestIn = Math.max(widestIn, inSize[k]);
        }
        int rows = TactileGrid.ROWS;
        int columns = TactileGrid.COLUMNS;
        first = new ConvKernel(steps * batch, rows, columns, TactileGrid.CHANNELS, nodes.get(0).width(), 2, 1, ConvKernel.Padding.VALID);
        images = new float[steps * batch * rows * columns * TactileGrid.CHANNELS];
        dImages = new float[images.length];
        dFirst = new float[steps * size[0]];
        dCell = new float[widest];
        dMerged = new float[widestIn];
        dFlat = new float[widestIn];
        gradientAt = new boolean[count][steps];
        reached = new boolean[count];
    }

    /** The batch's images, time-major ({@link TactileGrid#image} of step t of sample b at image {@code t * batch + b}). */
    private void toImages() {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                TactileGrid.image(input, (b * steps + t) * TactileGrid.STEP_SIZE, images, (t * batch + b) * TactileGrid.STEP_SIZE);
            }
        }
    }

    /** The inverse of {@link #toImages}, for the input gradient. */
    private void fromImages(float[] into) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                TactileGrid.frames(dImages, (t * batch + b) * TactileGrid.STEP_SIZE, into, (b * steps + t) * TactileGrid.STEP_SIZE);
            }
        }
    }

    /** Where node k at step t reads input j: the step whose output it is, or -1 for zeros (before the first step). */
    private int sourceStep(int j, int k, int t) {
        return encoder.readsSameStep(j, k) ? t : t - 1;
    }

    @Override
    protected void compute(Parameters parameters, int base) {
        p = parameters.array();
        toImages();
        first.forward(images, 0, p, base + weightAt[0], p, base + biasAt[0], cellIn[0], 0);
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < nodes.size(); k++) {
                ConvRnnEncoder.Node n = nodes.get(k);
                int outAt = t * size[k];
                if (n.conv()) {
                    if (k > 0) {
                        merge(k, t);
                        kernels[k].forward(in[k], t * inSize[k], p, base + weightAt[k], p, base + biasAt[k], cellIn[k], outAt);
                    }
                    cells[k].forward(t, p, base + cellAt[k], cellIn[k], outAt, out[k], outAt);
                    relu(out[k], outAt, size[k]);
                } else {
                    flatten(k, t);
                    int width = n.width();
                    Gemm.multiply(batch, width, inSize[k] / batch, in[k], t * inSize[k], false, p, base + weightAt[k], false, out[k], outAt, false);
                    int bias = base + biasAt[k];
                    for (int b = 0; b < batch; b++) {
                        for (int o = 0; o < width; o++) out[k][outAt + b * width + o] += p[bias + o];
                    }
                    relu(out[k], outAt, size[k]);
                }
            }
        }
        // The sequence [batch][steps][latent] from the last node's [steps][batch][latent].
        int last = nodes.size() - 1;
        int latent = nodes.get(last).width();
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) System.arraycopy(out[last], (t * batch + b) * latent, output, (b * steps + t) * latent, latent);
        }
    }

    private static void relu(float[] v, int from, int length) {
        for (int i = from; i < from + length; i++) v[i] = Math.max(0f, v[i]);
    }

    /** Node k's merged input at step t: its inputs' outputs concatenated on channels, pixel by pixel. */
    private void merge(int k, int t) {
        ConvRnnEncoder.Node n = nodes.get(k);
        int channels = inSize[k] / pixels;
        int into = t * inSize[k];
        int offset = 0;
        for (int j : n.inputs()) {
            int cj = nodes.get(j).width();
            int s = sourceStep(j, k, t);
            for (int q = 0; q < pixels; q++) {
                int to = into + q * channels + offset;
                if (s < 0) Arrays.fill(in[k], to, to + cj, 0f);
                else System.arraycopy(out[j], s * size[j] + q * cj, in[k], to, cj);
            }
            offset += cj;
        }
    }

    /** Node k's flat input at step t: conv inputs channels-first per sample ([C][4][6]), fc inputs as they are. */
    private void flatten(int k, int t) {
        ConvRnnEncoder.Node n = nodes.get(k);
        int per = inSize[k] / batch;
        int into = t * inSize[k];
        int offset = 0;
        for (int j : n.inputs()) {
            ConvRnnEncoder.Node source = nodes.get(j);
            int s = sourceStep(j, k, t);
            int cj = source.width();
            int length = source.conv() ? cj * area : cj;
            for (int b = 0; b < batch; b++) {
                int to = into + b * per + offset;
                if (s < 0) {
                    Arrays.fill(in[k], to, to + length, 0f);
                } else if (!source.conv()) {
                    System.arraycopy(out[j], s * size[j] + b * cj, in[k], to, cj);
                } else {
                    int from = s * size[j] + b * area * cj;
                    for (int q = 0; q < area; q++) {
                        for (int c = 0; c < cj; c++) in[k][to + c * area + q] = out[j][from + q * cj + c];
                    }
                }
            }
            offset += length;
        }
    }

    @Override
    protected void differentiate(float[] gradient, int base, float[] inputGradient) {
        for (float[] d : dOut) Arrays.fill(d, 0f);
        for (boolean[] b : gradientAt) Arrays.fill(b, false);
        int last = nodes.size() - 1;
        int latent = nodes.get(last).width();
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) System.arraycopy(outputGradient, (b * steps + t) * latent, dOut[last], (t * batch + b) * latent, latent);
        }
        for (CellPass c : cells) if (c != null) c.startBackward();
        for (int t = 0; t < steps; t++) gradientAt[last][t] = !zeros(dOut[last], t * size[last], size[last]);
        // A node is skipped at the steps after the last one its output gradient reaches (zero gradients throughout:
        // the decoder reads the last step only, and under biological unrolling it takes the gradient a step per node).
        Arrays.fill(reached, false);
        Arrays.fill(dFirst, 0f);
        for (int t = steps - 1; t >= 0; t--) {
            for (int k = last; k >= 0; k--) {
                reached[k] |= gradientAt[k][t];
                if (!reached[k]) continue;
                ConvRnnEncoder.Node n = nodes.get(k);
                int at = t * size[k];
                float[] g = dOut[k];
                float[] y = out[k];
                for (int i = at; i < at + size[k]; i++) g[i] = y[i] > 0f ? g[i] : 0f;   // through the ReLU
                if (n.conv()) {
                    float[] dx = k == 0 ? dFirst : dCell;
                    int dxAt = k == 0 ? at : 0;
                    cells[k].backward(t, p, base + cellAt[k], g, at, dx, dxAt, gradient, base + cellAt[k]);
                    if (k == 0) continue;   // conv1's convolution: once over all steps, below
                    kernels[k].backward(in[k], t * inSize[k], p, base + weightAt[k], dCell, 0,
                            gradient, base + weightAt[k], gradient, base + biasAt[k], dMerged, 0);
                    unmerge(k, t);
                } else {
                    Gemm.multiply(batch, inSize[k] / batch, n.width(), g, at, false, p, base + weightAt[k], true, dFlat, 0, false);
                    unflatten(k, t);
                }
            }
        }
        first.backward(images, 0, p, base + weightAt[0], dFirst, 0, gradient, base + weightAt[0], gradient, base + biasAt[0],
                inputGradient == null ? null : dImages, 0);
        for (int k = 0; k <= last; k++) {
            if (nodes.get(k).conv()) continue;
            // The fc weights' gradient over all steps in one product; the bias's, the sum of dL/d z.
            int width = nodes.get(k).width();
            Gemm.multiply(inSize[k] / batch, width, steps * batch, in[k], 0, true, dOut[k], 0, false, gradient, base + weightAt[k], true);
            int b = base + biasAt[k];
            for (int r = 0; r < steps * batch; r++) {
                for (int o = 0; o < width; o++) gradient[b + o] += dOut[k][r * width + o];
            }
        }
        if (inputGradient != null) fromImages(inputGradient);
    }

    private static boolean zeros(float[] v, int from, int length) {
        for (int i = from; i < from + length; i++) if (v[i] != 0f) return false;
        return true;
    }

    /** Adds node k's merged-input gradient at step t ({@link #dMerged}) to its inputs' output gradients. */
    private void unmerge(int k, int t) {
        ConvRnnEncoder.Node n = nodes.get(k);
        int channels = inSize[k] / pixels;
        int offset = 0;
        for (int j : n.inputs()) {
            int cj = nodes.get(j).width();
            int s = sourceStep(j, k, t);
            if (s >= 0) {
                float[] d = dOut[j];
                gradientAt[j][s] = true;
                for (int q = 0; q < pixels; q++) {
                    int to = s * size[j] + q * cj;
                    int from = q * channels + offset;
                    for (int c = 0; c < cj; c++) d[to + c] += dMerged[from + c];
                }
            }
            offset += cj;
        }
    }

    /** Adds node k's flat-input gradient at step t ({@link #dFlat}) to its inputs' output gradients. */
    private void unflatten(int k, int t) {
        ConvRnnEncoder.Node n = nodes.get(k);
        int per = inSize[k] / batch;
        int offset = 0;
        for (int j : n.inputs()) {
            ConvRnnEncoder.Node source = nodes.get(j);
            int s = sourceStep(j, k, t);
            int cj = source.width();
            int length = source.conv() ? cj * area : cj;
            if (s >= 0) {
                float[] d = dOut[j];
                gradientAt[j][s] = true;
                for (int b = 0; b < batch; b++) {
                    int from = b * per + offset;
                    if (!source.conv()) {
                        for (int c = 0; c < cj; c++) d[s * size[j] + b * cj + c] += dFlat[from + c];
                    } else {
                        int to = s * size[j] + b * area * cj;
                        for (int q = 0; q < area; q++) {
                            for (int c = 0; c < cj; c++) d[to + q * cj + c] += dFlat[from + c * area + q];
                        }
                    }
                }
            }
            offset += length;
        }
    }

    @Override
    public void close() {
        super.close();
        first.close();
        for (ConvKernel k : kernels) if (k != null) k.close();
        for (CellPass c : cells) if (c != null) c.close();
    }
}
