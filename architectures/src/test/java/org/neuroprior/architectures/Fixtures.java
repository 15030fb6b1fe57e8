package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shared test inputs and SameDiff plumbing. */
final class Fixtures {
    private Fixtures() {
    }

    /** Every NCAP variant the tests cover: sizes, ablations, navigation. */
    static List<Ncap> ncapVariants() {
        List<Ncap> out = new ArrayList<>();
        long seed = 11;
        for (int joints : new int[] {1, 2, 5}) {
            for (boolean sharing : new boolean[] {true, false}) {
                for (boolean signed : new boolean[] {true, false}) {
                    for (NcapOptions.Init init : NcapOptions.Init.values()) {
                        for (boolean nav : new boolean[] {false, true}) {
                            if (nav && joints == 1) continue;
                            NcapOptions o = NcapOptions.defaults(joints).withSharing(sharing).withSignConstraints(signed)
                                    .withInit(init).withNavigation(nav).withTurnJoints(joints == 5 && nav ? 2 : 1);
                            // swimmer layout: joints, [to_target], 3 (joints + 1) velocities, time feature
                            int input = joints + (nav ? 2 : 0) + 3 * (joints + 1) + 1;
                            out.add(new Ncap(input, o, seed++));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * A batch of swimmer-like observations: joint angles up to 1.5x the normalisation range (both clamp regions
     * visited), everything else standard normal, to_target in [-1, 1], and an exact time feature -1 + 2 t / limit
     * for a random step t in [0, limit].
     */
    static double[][] observations(Network net, int batch, long seed, boolean avoidKinks) {
        Random r = new Random(seed);
        int in = net.inputSize();
        double[][] x = new double[batch][in];
        int joints = net.outputSize();
        double scale = 2 * Math.PI / (joints + 1);
        for (double[] row : x) {
            for (int k = 0; k < in; k++) row[k] = r.nextGaussian();
            if (net instanceof Ncap n) {
                for (int k = 0; k < joints; k++) {
                    row[k] = avoidKinks ? (0.05 + 0.85 * r.nextDouble()) * scale * (r.nextBoolean() ? 1 : -1)
                            : (2 * r.nextDouble() - 1) * 1.5 * scale;
                }
                if (n.ncapOptions().navigation()) {
                    int ti = n.ncapOptions().targetIndex();
                    row[ti] = 2 * r.nextDouble() - 1;
                    row[ti + 1] = (0.05 + 0.9 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
                }
                int limit = n.ncapOptions().timeLimit();
                row[in - 1] = -1.0 + 2.0 * r.nextInt(limit + 1) / limit;
            }
        }
        return x;
    }

    static INDArray matrix(double[][] x, DataType type) {
        return Nd4j.createFromArray(x).castTo(type);
    }

    /** Rounds every value to float (so Java and a FLOAT graph see the same input). */
    static double[][] asFloats(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = new double[x[i].length];
            for (int k = 0; k < x[i].length; k++) y[i][k] = (float) x[i][k];
        }
        return y;
    }

    static double[][] forwardAll(Network net, double[][] x) {
        double[][] y = new double[x.length][net.outputSize()];
        for (int i = 0; i < x.length; i++) net.forward(x[i], y[i]);
        return y;
    }

    /** Graph with placeholder "in" of the given type and the network under prefix "net". */
    static SameDiff graph(Network net, DataType type) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", type, -1, net.inputSize());
        net.define(sd, "net", in).rename("out");
        return sd;
    }

    static double[][] evaluate(SameDiff sd, double[][] x, DataType type) {
        INDArray out = sd.output(Map.of("in", matrix(x, type)), "out").get("out");
        return out.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** Names of all trainable variables of a graph. */
    static List<String> trainable(SameDiff sd) {
        List<String> names = new ArrayList<>();
        for (SDVariable v : sd.variables()) if (v.getVariableType() == VariableType.VARIABLE) names.add(v.name());
        return names;
    }
}
