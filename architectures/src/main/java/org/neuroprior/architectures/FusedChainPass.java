package org.neuroprior.architectures;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.neuroprior.architectures.kernels.HostPass;

/**
 * A stateless model's batch pass through its parts' fused passes, one after the other, without a SameDiff session.
 * An optimisation of {@link GraphPass} (ModelContractTest checks it against the graph for every architecture).
 * Consecutive plain-Java passes are {@link HostPass#link linked} (their values stay in Java arrays between them),
 * except into the head's first part, whose input is the latent the pass hands out.
 */
final class FusedChainPass implements BatchPass {
    private final Model model;
    private final List<Part.FusedPass> passes;
    private final int batch;
    private final int window;
    private final int rows;
    private final boolean wantInput;
    private final float[] gradient;
    /** Whether part p's backward must give its input gradient: an earlier part has parameters, or the caller wants it. */
    private final boolean[] needsInputGradient;
    private INDArray latent;
    private INDArray inputGradient;

    FusedChainPass(Model model, List<Part.FusedPass> passes, int batch, int window, boolean wantInput) {
        this.model = model;
        this.wantInput = wantInput;
        this.passes = List.copyOf(passes);
        this.batch = batch;
        this.window = window;
        this.rows = batch * window;
        this.gradient = new float[model.parameterCount()];
        this.needsInputGradient = new boolean[passes.size()];
        for (int p = 0; p + 1 < this.passes.size(); p++) {
            if (p + 1 != model.headStart()) HostPass.link(this.passes.get(p), this.passes.get(p + 1));
        }
        boolean trainableBefore = false;
        for (int p = 0; p < passes.size(); p++) {
            needsInputGradient[p] = wantInput || trainableBefore;
            trainableBefore |= !model.parts().get(p).parameters().isEmpty();
        }
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public int window() {
        return window;
    }

    @Override
    public INDArray forward(INDArray inputs, INDArray initialState, INDArray starts) {
        if (inputs.size(0) != rows) {
            throw new IllegalArgumentException("inputs have " + inputs.size(0) + " rows; this pass takes " + rows);
        }
        INDArray x = inputs;
        int last = passes.size() - 1;
        for (int p = 0; p <= last; p++) {
            if (p == model.headStart()) latent = rows(x, model.latentSize());
            x = passes.get(p).forward(model.parameters(), model.parameterBase(p), x);
        }
        return rows(x, model.outputSize());
    }

    /** {@code x} as [rows, size]: itself if it has that shape (a reshape allocates an array even then). */
    private INDArray rows(INDArray x, int size) {
        return x.rank() == 2 && x.size(0) == rows && x.size(1) == size ? x : x.reshape(rows, size);
    }

    @Override
    public INDArray latent() {
        return latent;
    }

    @Override
    public float[] backward(INDArray outputGradient, INDArray latentGradient) {
        Arrays.fill(gradient, 0f);
        int last = passes.size() - 1;
        INDArray g = outputGradient;
        for (int p = last; p >= 0; p--) {
            INDArray dInput = passes.get(p).backward(g, gradient, model.parameterBase(p), needsInputGradient[p]);
            // The head's input is the latent: a loss on the latent adds its own gradient there.
            if (p == model.headStart() && latentGradient != null && dInput != null) dInput.addi(latentGradient.reshape(dInput.shape()));
            g = dInput;
            if (!needsInputGradient[p]) break;   // no part before this one learns, and the caller does not want dL/d input
        }
        inputGradient = wantInput ? g : null;
        return gradient;
    }

    @Override
    public INDArray backwardToInput(INDArray outputGradient) {
        if (!wantInput) throw new IllegalStateException("this pass was made without input gradients");
        INDArray g = outputGradient;
        for (int p = passes.size() - 1; p >= 0; p--) g = passes.get(p).backward(g, null, model.parameterBase(p), true);
        inputGradient = g;
        return g;
    }

    @Override
    public INDArray inputGradient() {
        if (!wantInput) throw new IllegalStateException("this pass was made without input gradients");
        return inputGradient;
    }

    @Override
    public void close() {
        passes.forEach(Part.FusedPass::close);
    }
}
