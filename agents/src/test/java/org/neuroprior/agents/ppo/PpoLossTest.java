package org.neuroprior.agents.ppo;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Ncap;
import org.neuroprior.architectures.NcapOptions;
import org.neuroprior.architectures.Network;
import org.neuroprior.architectures.Networks;
import org.neuroprior.envs.Box;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.Space;
import org.neuroprior.envs.Step;

/**
 * PPO's clipped-surrogate graph against a hand computation and finite differences. This test found two
 * SameDiff 1.0.0-M2.1 behaviours that doubled gradients (see Ppo's comments).
 */
class PpoLossTest {
    private static final double CLIP = 0.2;

    /** A do-nothing environment (3 observations and 2 actions unless told), enough to build the agent. */
    private static final class Blank implements Env<double[]> {
        private final int observations;
        private final int actions;
        private final Step step;

        Blank() {
            this(3, 2);
        }

        Blank(int observations, int actions) {
            this.observations = observations;
            this.actions = actions;
            this.step = new Step(observations);
        }

        public Box observationSpace() { return Box.uniform(observations, -1, 1); }
        public Space<double[]> actionSpace() { return Box.uniform(actions, -1, 1); }
        public Step reset(long seed) { return step.set(0, false, false); }
        public Step reset() { return step.set(0, false, false); }
        public Step step(double[] action) { return step.set(0, false, true); }
        public void close() { }
    }

    @Test
    void logStdGradientMatchesHandComputationAndFiniteDifferences() {
        var config = new Ppo.Config(8, 1, 0.99, 0.97, CLIP, 3e-4, 1e-3, 1, 1, 0.015, false, 0, -0.3, 1);
        Network actor = Networks.create("mlp", 3, 2, Map.of("hidden", List.of(4)), 1);
        Network reference = actor.copy();
        try (Ppo ppo = new Ppo(config, actor, Networks.create("mlp", 3, 1, Map.of("hidden", List.of(4)), 2), Blank::new, 3)) {
            SameDiff sd = ppo.actorGraph();
            SplittableRandom rng = new SplittableRandom(7);
            int n = 16;
            Map<String, INDArray> feed = new HashMap<>();
            feed.put("obs", random(rng, n, 3));
            feed.put("act", random(rng, n, 2));
            feed.put("adv", random(rng, n));
            feed.put("old_logp", Nd4j.zeros(DataType.FLOAT, n));
            INDArray logp = sd.output(feed, "logp").get("logp").dup();

            // Every ratio inside the clip range (where SameDiff's minimum used to double the gradient) ...
            feed.put("old_logp", logp.add(0.05));
            check(sd, feed, reference, n);
            // ... and ratios on both sides of it.
            feed.put("old_logp", logp.add(random(rng, n).muli(0.5f)));
            check(sd, feed, reference, n);
        }
    }

    @Test
    void mlpActorPassMatchesTheGraph() {
        int n = 8; // the pass works on whole segments
        var config = new Ppo.Config(n, 1, 0.99, 0.97, CLIP, 3e-4, 1e-3, 1, 1, 0.015, false, 0, -0.3, 1);
        Network actor = Networks.create("mlp", 3, 2, Map.of("hidden", List.of(4), "output", "tanh"), 1);
        try (Ppo ppo = new Ppo(config, actor, Networks.create("mlp", 3, 1, Map.of("hidden", List.of(4)), 2), Blank::new, 3)) {
            SameDiff sd = ppo.actorGraph();
            SplittableRandom rng = new SplittableRandom(11);
            Map<String, INDArray> feed = new HashMap<>();
            feed.put("obs", random(rng, n, 3));
            feed.put("act", random(rng, n, 2));
            feed.put("adv", random(rng, n));
            feed.put("old_logp", Nd4j.zeros(DataType.FLOAT, n));
            double[] actions = feed.get("act").reshape(-1).toDoubleVector();
            double[] advantages = feed.get("adv").toDoubleVector();
            double[] oldLogp = new double[n];
            double[] lossAndKl = new double[2];
            ppo.actorGradients(feed.get("obs"), actions, advantages, oldLogp, true, lossAndKl);
            assertArrayEquals(sd.output(feed, "logp").get("logp").toDoubleVector(), oldLogp, 1e-5);
            assertEquals(0, lossAndKl[1], 1e-9);
            // Ratios inside and on both sides of the clip range.
            for (int i = 0; i < n; i++) oldLogp[i] += 0.5 * rng.nextGaussian();
            feed.put("old_logp", Nd4j.createFromArray(oldLogp).castTo(DataType.FLOAT));
            List<String> names = List.of("actor/W0", "actor/W1", "actor/b0", "actor/b1", "log_std");
            Map<String, INDArray> expected = sd.calculateGradients(feed, names);
            var outputs = sd.output(feed, "loss", "kl");
            Map<String, INDArray> actual = ppo.actorGradients(feed.get("obs"), actions, advantages, oldLogp, false, lossAndKl);
            assertEquals(outputs.get("loss").getDouble(0), lossAndKl[0], 1e-5);
            assertEquals(outputs.get("kl").getDouble(0), lossAndKl[1], 1e-5);
            for (String name : names) {
                double[] e = expected.get(name).reshape(-1).toDoubleVector();
                double[] a = actual.get(name).reshape(-1).toDoubleVector();
                assertEquals(e.length, a.length, name);
                for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], 1e-5 + 1e-4 * Math.abs(e[i]), name + "[" + i + "]");
            }
        }
    }

    /**
     * The NCAP actor's pass (NcapGraphPass, then the loss's tail in Java) against the actor graph, for every NCAP
     * variant the results use and the navigation circuit, with the paper's fixed std 0.1 and with a learned log-std.
     * Inputs visit the clamps' kinks (constant init puts many sums exactly on 0 or 1).
     */
    @Test
    void ncapActorPassMatchesTheGraph() {
        int j = 3;
        NcapOptions base = NcapOptions.defaults(j);
        List<NcapOptions> variants = List.of(base, base.withSignConstraints(false), base.withInit(NcapOptions.Init.RANDOM),
                base.withSharing(false), base.withNavigation(true), base.withNavigation(true).withSharing(false).withTurnJoints(2));
        long seed = 20;
        for (NcapOptions options : variants) {
            for (double fixedStd : new double[] {0.1, 0}) {
                checkNcap(options, fixedStd, seed++);
            }
        }
    }

    private static void checkNcap(NcapOptions options, double fixedStd, long seed) {
        int n = 64;
        int j = options.joints();
        int obsSize = j + (options.navigation() ? 2 : 0) + 4; // angles, [to_target], 3 others, time feature
        var config = new Ppo.Config(n, 1, 0.99, 0.97, CLIP, 3e-4, 1e-3, 1, 1, 0.015, false, fixedStd, -0.5, 1);
        Ncap actor = new Ncap(obsSize, options, seed);
        String label = options + " fixed std " + fixedStd;
        try (Ppo ppo = new Ppo(config, actor, Networks.create("mlp", obsSize, 1, Map.of("hidden", List.of(4)), 2),
                () -> new Blank(obsSize, j), 3)) {
            SameDiff sd = ppo.actorGraph();
            SplittableRandom rng = new SplittableRandom(seed);
            double scale = 2 * Math.PI / (j + 1);
            float[] obs = new float[n * obsSize];
            for (int s = 0; s < n; s++) {
                for (int k = 0; k < obsSize; k++) obs[s * obsSize + k] = (float) rng.nextGaussian();
                for (int k = 0; k < j; k++) obs[s * obsSize + k] = (float) ((2 * rng.nextDouble() - 1) * 1.5 * scale);
                obs[s * obsSize + obsSize - 1] = (float) (-1.0 + 2.0 * rng.nextInt(1001) / 1000);
            }
            // Actions around the circuit's output, as collected.
            double[] means = new double[j];
            double[] row = new double[obsSize];
            double[] actions = new double[n * j];
            double std = fixedStd > 0 ? fixedStd : Math.exp(-0.5);
            for (int s = 0; s < n; s++) {
                for (int k = 0; k < obsSize; k++) row[k] = obs[s * obsSize + k];
                actor.forward(row, means);
                for (int a = 0; a < j; a++) actions[s * j + a] = (float) (means[a] + std * rng.nextGaussian());
            }
            double[] advantages = new double[n];
            for (int s = 0; s < n; s++) advantages[s] = (float) rng.nextGaussian();
            Map<String, INDArray> feed = new HashMap<>();
            feed.put("obs", Nd4j.create(obs, new long[] {n, obsSize}, 'c'));
            feed.put("act", Nd4j.createFromArray(actions).castTo(DataType.FLOAT).reshape(n, j));
            feed.put("adv", Nd4j.createFromArray(advantages).castTo(DataType.FLOAT));
            feed.put("old_logp", Nd4j.zeros(DataType.FLOAT, n));
            double[] oldLogp = new double[n];
            double[] lossAndKl = new double[2];
            ppo.actorGradients(feed.get("obs"), actions, advantages, oldLogp, true, lossAndKl);
            double[] graphLogp = sd.output(feed, "logp").get("logp").toDoubleVector();
            for (int s = 0; s < n; s++) assertEquals(graphLogp[s], oldLogp[s], 1e-4 + 1e-5 * Math.abs(graphLogp[s]), label + " logp");
            assertEquals(0, lossAndKl[1], 1e-9, label);
            // Ratios inside and on both sides of the clip range.
            for (int s = 0; s < n; s++) oldLogp[s] = (float) (oldLogp[s] + 0.5 * rng.nextGaussian());
            feed.put("old_logp", Nd4j.createFromArray(oldLogp).castTo(DataType.FLOAT));
            List<String> names = new ArrayList<>();
            for (String b : actor.parameterNames()) names.add("actor/" + b);
            if (fixedStd == 0) names.add("log_std");
            Map<String, INDArray> expected = sd.calculateGradients(feed, names);
            var outputs = sd.output(feed, "loss", "kl");
            Map<String, INDArray> actual = ppo.actorGradients(feed.get("obs"), actions, advantages, oldLogp, false, lossAndKl);
            assertEquals(outputs.get("loss").getDouble(0), lossAndKl[0], 1e-5, label + " loss");
            assertEquals(outputs.get("kl").getDouble(0), lossAndKl[1], 1e-5, label + " kl");
            assertEquals(names.size(), actual.size(), label);
            for (String name : names) {
                double[] e = expected.get(name).castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector();
                double[] a = actual.get(name).castTo(DataType.DOUBLE).dup('c').reshape(-1).toDoubleVector();
                assertEquals(e.length, a.length, label + " " + name);
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a[i], 1e-4 + 1e-4 * Math.abs(e[i]), label + " " + name + "[" + i + "]");
                }
            }
        }
    }

    private static void check(SameDiff sd, Map<String, INDArray> feed, Network reference, int n) {
        INDArray logStd = sd.getVariable("log_std").getArr();
        INDArray analytic = sd.calculateGradients(feed, List.of("log_std")).get("log_std");
        double[] byHand = byHand(feed, reference, logStd, n);
        double h = 1e-3;
        for (int a = 0; a < 2; a++) {
            assertEquals(byHand[a], analytic.getDouble(0, a), 1e-4 + 1e-3 * Math.abs(byHand[a]), "by hand, log_std[" + a + "]");
            double base = logStd.getDouble(0, a);
            logStd.putScalar(0, a, base + h);
            double up = sd.output(feed, "loss").get("loss").getDouble(0);
            logStd.putScalar(0, a, base - h);
            double down = sd.output(feed, "loss").get("loss").getDouble(0);
            logStd.putScalar(0, a, base);
            assertEquals((up - down) / (2 * h), analytic.getDouble(0, a), 5e-3 + 0.02 * Math.abs(byHand[a]),
                    "finite differences, log_std[" + a + "]");
        }
    }

    /**
     * loss = -mean(min(r A, clip(r) A)) with r = exp(logp - old); where the unclipped term is the minimum,
     * d loss / d log_std_a = -mean(r A (z_a^2 - 1)), else 0.
     */
    private static double[] byHand(Map<String, INDArray> feed, Network reference, INDArray logStd, int n) {
        double[] grad = new double[2];
        double[] in = new double[3];
        double[] mean = new double[2];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) in[k] = feed.get("obs").getDouble(i, k);
            reference.forward(in, mean);
            double lp = 0;
            double[] z = new double[2];
            for (int a = 0; a < 2; a++) {
                double ls = logStd.getDouble(0, a);
                z[a] = (feed.get("act").getDouble(i, a) - mean[a]) / Math.exp(ls);
                lp += -0.5 * (z[a] * z[a] + 2 * ls + Math.log(2 * Math.PI));
            }
            double r = Math.exp(lp - feed.get("old_logp").getDouble(i));
            double adv = feed.get("adv").getDouble(i);
            double clipped = Math.max(1 - CLIP, Math.min(1 + CLIP, r)) * adv;
            if (r * adv > clipped) continue; // the clipped term is the minimum: no gradient
            for (int a = 0; a < 2; a++) grad[a] += -r * adv * (z[a] * z[a] - 1) / n;
        }
        return grad;
    }

    private static INDArray random(SplittableRandom rng, long... shape) {
        long size = 1;
        for (long s : shape) size *= s;
        float[] v = new float[(int) size];
        for (int i = 0; i < v.length; i++) v[i] = (float) rng.nextGaussian();
        return Nd4j.createFromArray(v).reshape(shape).castTo(DataType.FLOAT);
    }
}
