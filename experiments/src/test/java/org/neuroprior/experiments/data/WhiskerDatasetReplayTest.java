package org.neuroprior.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Envs;
import org.neuroprior.envs.Step;
import org.neuroprior.envs.whisker.SweepSample;
import org.neuroprior.envs.whisker.data.Split;
import org.neuroprior.envs.whisker.data.WhiskerDataset;
import org.neuroprior.envs.whisker.tasks.SignalScaling;
import org.neuroprior.envs.whisker.tasks.WhiskerSweepEnv;
import org.neuroprior.experiments.CommandRun;

/**
 * The dataset reader gives back what the writer wrote, split by split, and refuses damaged or unfinished datasets in
 * one line; {@code whisker-sweep} replays a split with the frames stacked as asked, each sweep once per pass.
 */
class WhiskerDatasetReplayTest {
    /** 60 synthetic sweeps of 3 classes in shards of 7: 48/6/6 samples. */
    private static final int SIZE = 60, CLASSES = 3, SHARD = 7;

    @TempDir
    static Path tmp;
    static Path dataset;

    @BeforeAll
    static void write() throws IOException {
        dataset = write(tmp.resolve("synthetic"));
    }

    private static Path write(Path dir) throws IOException {
        var writer = new WhiskerDatasetWriter(new SyntheticSweeps(SIZE, CLASSES), Map.of("protocol", "synthetic"), i -> i % CLASSES,
                WhiskerDatasetWriter.Options.defaults(1).withShardSize(SHARD).withThreads(1));
        assertTrue(writer.write(dir, new WhiskerDatasetWriter.Listener() {
        }).complete());
        return dir;
    }

    /** The global sample indices of a split, in the order the reader serves them. */
    private static int[] indices(Split split) {
        return SplitPlan.of(SIZE, i -> i % CLASSES, SplitFractions.DEFAULT, 1).indices(split);
    }

    @Test
    void readsBackEverySampleAndLabelInSplitOrder() throws IOException {
        WhiskerDataset data = WhiskerDataset.open(dataset);
        assertEquals(List.of("shape0", "shape1", "shape2"), data.classNames());
        int total = 0;
        for (Split split : Split.values()) {
            WhiskerDataset.Samples samples = data.split(split);
            int[] indices = indices(split);
            assertEquals(indices.length, samples.size(), split.directory());
            for (int i = 0; i < samples.size(); i++) {
                assertEquals(indices[i] % CLASSES, samples.label(i));
                FloatBuffer view = samples.signals(i);
                assertEquals(WhiskerDataset.SAMPLE_FLOATS, view.remaining());
                assertTrue(view.isReadOnly());
                assertArrayEquals(SyntheticSweeps.signals(indices[i]), samples.signals(i, null), split + " sample " + i);
            }
            total += samples.size();
        }
        assertEquals(SIZE, total);
        assertThrows(IndexOutOfBoundsException.class, () -> data.split(Split.TEST).signals(6));
    }

    private static String refusal(Path dir) {
        var e = assertThrows(IllegalArgumentException.class, () -> WhiskerDataset.open(dir));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void refusesWhatIsNotAWholeDataset() throws IOException {
        assertTrue(refusal(tmp).contains("holds no dataset.json"), refusal(tmp));

        Path unfinished = write(tmp.resolve("unfinished"));
        Path manifest = unfinished.resolve("dataset.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"complete\" : true", "\"complete\" : false"));
        assertTrue(refusal(unfinished).contains("is not complete (60 of 60 sweeps written)"), refusal(unfinished));

        Path missing = write(tmp.resolve("missing"));
        Files.delete(missing.resolve("test/data-00000.npy"));
        assertTrue(refusal(missing).contains("test/data-00000.npy is missing"), refusal(missing));

        Path truncated = write(tmp.resolve("truncated"));
        try (RandomAccessFile f = new RandomAccessFile(truncated.resolve("train/data-00002.npy").toFile(), "rw")) {
            f.setLength(f.length() - 4);
        }
        assertTrue(refusal(truncated).contains("truncated or overlong"), refusal(truncated));

        Path foreign = write(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("dataset.json"), "{\"format\": \"something-else\"}");
        assertTrue(refusal(foreign).contains("is not a neuroprior-whisker-dataset manifest"), refusal(foreign));
    }

    @Test
    void whiskerSweepReplaysASplitWithStackedFrames() {
        Map<String, Object> options = Map.of("dataset", dataset.toString(), "split", "test", "frames_per_step", 5, "transform", "linear",
                "signal_scale", 2.0);
        try (Env<Integer> env = Envs.makeDiscrete("whisker-sweep", options)) {
            WhiskerSweepEnv sweep = (WhiskerSweepEnv) env.unwrapped();
            assertEquals(3, ((org.neuroprior.envs.Discrete) env.actionSpace()).n());
            assertEquals(5 * 210 + 1, env.observationSpace().size());
            assertEquals(22, sweep.steps());
            int[] indices = indices(Split.TEST);
            SignalScaling scaling = new SignalScaling(SignalScaling.Kind.LINEAR, 2.0);
            List<Integer> order = new ArrayList<>();
            for (int episode = 0; episode < indices.length; episode++) {
                Step s = episode == 0 ? env.reset(11) : env.reset();
                int label = sweep.label();
                // Which sample is this? Its first value tells (the synthetic signals differ by index).
                int sample = sampleShown(s.observation(), indices);
                order.add(sample);
                float[] signals = SyntheticSweeps.signals(indices[sample]);
                assertEquals(indices[sample] % CLASSES, label);
                for (int step = 0; step < 22; step++) {
                    double[] obs = s.observation();
                    for (int f = 0; f < 5; f++) {
                        for (int cell = 0; cell < 35; cell++) {
                            for (int c = 0; c < 6; c++) {
                                double expected = scaling.apply(signals[((step * 5 + f) * 35 + cell) * 6 + c]);
                                assertEquals(expected, obs[cell * 30 + f * 6 + c], 1e-6, "step " + step + " frame " + f + " cell " + cell);
                            }
                        }
                    }
                    assertEquals(-1 + 2.0 * step / 21, obs[1050], 1e-12);
                    s = env.step(label);
                    assertEquals(step == 21, s.terminated(), "step " + step);
                }
                assertEquals(1.0, s.reward());
                assertThrows(IllegalStateException.class, sweep::object, "a replayed sweep has no object");
            }
            assertEquals(indices.length, new HashSet<>(order).size(), "one pass shows each test sweep once: " + order);

            List<Integer> again = new ArrayList<>();
            for (int episode = 0; episode < indices.length; episode++) {
                again.add(sampleShown((episode == 0 ? env.reset(11) : env.reset()).observation(), indices));
            }
            assertEquals(order, again, "the same seed replays the same order");
        }
    }

    private static int sampleShown(double[] observation, int[] indices) {
        for (int k = 0; k < indices.length; k++) {
            if (Math.abs(observation[0] - SyntheticSweeps.signals(indices[k])[0] / 2.0) < 1e-5) return k;
        }
        throw new AssertionError("observation matches no sample: " + observation[0]);
    }

    @Test
    void optionsThatTheDatasetFixesAndBadFrameCountsAreRefusedInOneLine() {
        CommandRun classes = CommandRun.of("train", "--env", "whisker-sweep", "--env-option", "dataset=" + dataset, "--env-option",
                "classes=box,torus", "--out", tmp.resolve("never").toString());
        assertEquals(2, classes.code(), classes.err());
        assertTrue(classes.err().contains("option 'classes' does not apply with 'dataset'"), classes.err());
        assertFalse(classes.hasStackTrace(), classes.err());

        CommandRun frames = CommandRun.of("train", "--env", "whisker-sweep", "--env-option", "frames_per_step=3", "--out",
                tmp.resolve("never").toString());
        assertEquals(2, frames.code(), frames.err());
        assertTrue(frames.err().contains("'frames_per_step' = 3 is not valid; accepted: a divisor of 110 (1, 2, 5, 10, 11, 22, 55, 110)"),
                frames.err());

        CommandRun ead = CommandRun.of("train", "--env", "whisker-sweep", "--env-option", "dataset=" + dataset, "--env-option",
                "frames_per_step=5", "--arch", "convrnn", "--out", tmp.resolve("never").toString());
        assertEquals(2, ead.code(), ead.err());
        assertTrue(ead.err().contains("not [1051]") && ead.err().contains("--env-option obs_type=frames"), ead.err());
        assertEquals(1, ead.err().strip().split("\n").length, ead.err());

        CommandRun none = CommandRun.of("train", "--env", "whisker-sweep", "--env-option", "dataset=" + tmp.resolve("nothing-here"),
                "--out", tmp.resolve("never").toString());
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("no directory " + tmp.resolve("nothing-here")), none.err());
        assertFalse(Files.exists(tmp.resolve("never")), "nothing written before the refusal");
        Set<String> lines = Set.of(none.err().strip().split("\n"));
        assertEquals(1, lines.size(), none.err());
    }

    /** A run trained on the train split is evaluated on the held-out one by changing one option. */
    @Test
    void aRunTrainedOnReplayedSweepsIsEvaluatedOnTheTestSplit() {
        Path run = tmp.resolve("run");
        CommandRun train = CommandRun.of("train", "--env", "whisker-sweep", "--env-option", "dataset=" + dataset, "--env-option",
                "frames_per_step=22", "--arch", "gru", "--arch-option", "size=8", "--arch-option", "encoder=[]", "--agent", "ppo",
                "--agent-option", "segment=40", "--agent-option", "envs=2", "--agent-option", "bptt=5", "--steps", "80", "--epoch-steps", "80", "--test-episodes", "2",
                "--threads", "1", "--out", run.toString());
        assertEquals(0, train.code(), train.err());
        CommandRun eval = CommandRun.of("eval", run.toString(), "--env-option", "split=test", "--episodes", "3");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("3 test episodes"), eval.out());
        CommandRun bad = CommandRun.of("eval", run.toString(), "--env-option", "split=holdout");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("option 'split' = holdout is not valid; accepted: one of train, validate, test"), bad.err());
        assertFalse(bad.hasStackTrace(), bad.err());
    }
}
