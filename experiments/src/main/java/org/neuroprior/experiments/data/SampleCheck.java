package org.neuroprior.experiments.data;

import java.io.Serializable;
import java.util.function.IntUnaryOperator;

import org.neuroprior.envs.whisker.SweepSample;

/**
 * Refuses samples that would poison a dataset silently: a label outside the classes, a label other than the one the
 * index was given up front, a non-finite value. Serializable, so that a cluster's executors check what they write.
 *
 * @param classes how many classes the dataset has
 * @param classOf the class of each index when known up front, or null; must be serializable for a cluster
 */
public record SampleCheck(int classes, IntUnaryOperator classOf) implements Serializable {

    /** @throws SampleFailedException naming the sample and what is wrong with it */
    public void check(int index, SweepSample sample) {
        if (sample.label() < 0 || sample.label() >= classes) {
            throw new SampleFailedException(index, sample.parameters(), "has label " + sample.label() + ", outside 0.." + (classes - 1), null);
        }
        if (classOf != null && classOf.applyAsInt(index) != sample.label()) {
            throw new SampleFailedException(index, sample.parameters(), "has label " + sample.label() + " but the class given for "
                    + "its index up front is " + classOf.applyAsInt(index), null);
        }
        float[] signals = sample.signals();
        for (int k = 0; k < signals.length; k++) {
            if (!Float.isFinite(signals[k])) {
                int perFrame = SweepSample.CELLS * SweepSample.CHANNELS;
                throw new SampleFailedException(index, sample.parameters(), "has a non-finite value " + signals[k] + " at frame "
                        + k / perFrame + ", cell " + k % perFrame / SweepSample.CHANNELS + ", channel " + k % SweepSample.CHANNELS, null);
            }
        }
    }
}
