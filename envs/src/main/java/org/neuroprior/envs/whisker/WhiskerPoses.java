package org.neuroprior.envs.whisker;

import java.util.List;

import org.bytedeco.javacpp.DoublePointer;
import org.neuroprior.envs.mujoco.MjData;
import org.neuroprior.envs.mujoco.MjModel;
import org.neuroprior.envs.mujoco.MjObject;

/**
 * The shape of every whisker at every recorded frame of one sweep: pass it to
 * {@link WhiskerSweeper#sweep(org.neuroprior.envs.whisker.objects.ObjectShape, SweepParameters, boolean, FrameObserver)}.
 *
 * <p>A whisker's shape is its {@code links + 1} link ends in the head frame (mm): the origin of each link body
 * (base first), then the tip, one chord beyond the last link's origin along that link. A sweep may simulate its
 * whiskers in several models, each showing only some whiskers and some frames; a whisker in a frame no model showed
 * (the object cannot reach it, or it is at rest outside its contact window) keeps the rest shape, where it is.
 */
public final class WhiskerPoses implements FrameObserver {
    private final List<WhiskerChain> whiskers;
    private final double[][][][] frames; // frame -> whisker -> point -> xyz; null rows = rest shape
    private final double[][][] rest;
    private MjModel idsFor; // the model whose body ids are in linkIds (models come one after the other)
    private int[][] linkIds; // whisker -> link -> body id; null for a whisker not simulated

    public WhiskerPoses(List<WhiskerChain> whiskers, int frameCount) {
        this.whiskers = List.copyOf(whiskers);
        this.frames = new double[frameCount][][][];
        this.rest = new double[whiskers.size()][][];
        for (int w = 0; w < whiskers.size(); w++) {
            var chain = whiskers.get(w);
            rest[w] = new double[chain.links() + 1][];
            for (int i = 0; i <= chain.links(); i++) rest[w][i] = SweepPath.restPoint(chain, i);
        }
    }

    /** For a sweep of {@code sweeper}: its whiskers, one frame per millisecond. */
    public static WhiskerPoses of(WhiskerSweeper sweeper) {
        return new WhiskerPoses(sweeper.whiskers(), (int) Math.round(WhiskerSweeper.DURATION * WhiskerSweeper.RECORD_HZ));
    }

    public int frameCount() {
        return frames.length;
    }

    public List<WhiskerChain> whiskers() {
        return whiskers;
    }

    /** Rest shape of whisker w: (links + 1) x 3, head frame, mm. */
    public double[][] rest(int w) {
        return copy(rest[w]);
    }

    /** Shape of whisker w at recorded frame f: (links + 1) x 3, head frame, mm. */
    public double[][] at(int frame, int w) {
        double[][][] f = frames[frame];
        return copy(f == null || f[w] == null ? rest[w] : f[w]);
    }

    @Override
    public void frameRecorded(int frame, MjModel model, MjData data) {
        if (model != idsFor) lookUpBodies(model);
        double[] xpos = new double[3 * model.nbody()];
        data.readXpos(xpos);
        DoublePointer xmat = data.raw().xmat();
        if (frames[frame] == null) frames[frame] = new double[whiskers.size()][][];
        var shapes = frames[frame];
        for (int w = 0; w < whiskers.size(); w++) {
            int[] ids = linkIds[w];
            if (ids == null) continue;
            var chain = whiskers.get(w);
            int links = chain.links();
            var points = new double[links + 1][];
            for (int i = 0; i < links; i++) points[i] = new double[] {xpos[3 * ids[i]], xpos[3 * ids[i] + 1], xpos[3 * ids[i] + 2]};
            // The last link's capsule runs along its body's local x axis: column 0 of the row-major xmat.
            double len = chain.chordLength(links - 1);
            long m = 9L * ids[links - 1];
            double[] tip = new double[3];
            for (int k = 0; k < 3; k++) tip[k] = points[links - 1][k] + len * xmat.get(m + 3 * k);
            points[links] = tip;
            shapes[w] = points;
        }
    }

    private void lookUpBodies(MjModel model) {
        linkIds = new int[whiskers.size()][];
        for (int w = 0; w < whiskers.size(); w++) {
            var chain = whiskers.get(w);
            String name = chain.whisker().name();
            if (model.findId(MjObject.BODY, WhiskerArrayModel.linkBody(name, 0)) < 0) continue; // not in this model
            linkIds[w] = new int[chain.links()];
            for (int i = 0; i < chain.links(); i++) linkIds[w][i] = model.id(MjObject.BODY, WhiskerArrayModel.linkBody(name, i));
        }
        idsFor = model;
    }

    private static double[][] copy(double[][] points) {
        var out = new double[points.length][];
        for (int i = 0; i < points.length; i++) out[i] = points[i].clone();
        return out;
    }
}
