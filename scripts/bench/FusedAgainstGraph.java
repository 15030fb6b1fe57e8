import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.architectures.Model;

/**
 * A tactile model's forward and backward pass as it trains ({@code Model.pass}: fused when every part has a fused
 * pass) against its SameDiff definition ({@code Model.graphPass}), interleaved in one process: in each round each
 * pass runs its steps in turn, and the figure is the median over rounds of the paired ratio (fused / graph samples/s).
 * The first round is a warm-up (JIT, graph building) and is not counted. A single-file program, run on the
 * launcher's class path (BENCHMARKS.md, "Tactile models against PyTorch"):
 *
 * <pre>OMP_NUM_THREADS=1 java -cp "experiments/target/classes:$(cat experiments/target/classpath.txt)" \
 *     scripts/bench/FusedAgainstGraph.java s4 [batch] [rounds] [steps]</pre>
 *
 * Arguments: a model spec (as {@code bench --tactile-models} takes it), the batch (default 32), the counted rounds
 * (default 5) and the steps per round (default 3). The input is a random batch of the architecture's typical input
 * (a whisker sweep [110, 35, 6]), the outputs' gradient random (a step's time does not depend on them). A bad
 * argument is refused in one line with exit code 2.
 */
public final class FusedAgainstGraph {
    public static void main(String[] args) {
        Model model;
        int batch;
        int rounds;
        int steps;
        try {
            if (args.length < 1 || args.length > 4) throw new IllegalArgumentException("usage: FusedAgainstGraph SPEC [BATCH] [ROUNDS] [STEPS]");
            Architectures.Spec spec = Architectures.spec(args[0]);
            batch = args.length > 1 ? positive("batch", args[1]) : 32;
            rounds = args.length > 2 ? positive("rounds", args[2]) : 5;
            steps = args.length > 3 ? positive("steps", args[3]) : 3;
            Architecture a = spec.architecture();
            if (a.examples().isEmpty()) throw new IllegalArgumentException("architecture '" + a.name() + "' has no typical input");
            model = a.create(a.examples().get(0).io(), a.resolve(spec.options(), Map.of()), 1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int[] in = model.io().inputShape();
        long[] shape = new long[in.length + 1];
        shape[0] = batch;
        for (int i = 0; i < in.length; i++) shape[i + 1] = in[i];
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[batch * model.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        float[] g = new float[batch * model.outputSize()];
        for (int i = 0; i < g.length; i++) g[i] = (float) rng.nextGaussian();
        INDArray inputs = Nd4j.create(x, shape, 'c');
        INDArray outputGradient = Nd4j.create(g, new long[] {batch, model.outputSize()}, 'c');
        double[] ratios = new double[rounds];
        try (BatchPass pass = model.pass(batch, 1, false); BatchPass graph = model.graphPass(batch, 1, false, DataType.FLOAT)) {
            System.out.printf("%s, batch %d: %s against the graph, %d steps a round%n", args[0], batch, pass.getClass().getSimpleName(), steps);
            for (int r = -1; r < rounds; r++) {
                double fused = samplesPerSecond(pass, inputs, outputGradient, steps, batch);
                double defined = samplesPerSecond(graph, inputs, outputGradient, steps, batch);
                if (r < 0) continue;
                ratios[r] = fused / defined;
                System.out.printf("round %d: %.1f / %.1f samples/s, ratio %.3f%n", r + 1, fused, defined, ratios[r]);
            }
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf("median ratio %.3f (%.3f-%.3f)%n", sorted[rounds / 2], sorted[0], sorted[rounds - 1]);
    }

    private static double samplesPerSecond(BatchPass pass, INDArray inputs, INDArray outputGradient, int steps, int batch) {
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            pass.forward(inputs, null, null);
            pass.backward(outputGradient, null);
        }
        return steps * batch / ((System.nanoTime() - start) / 1e9);
    }

    private static int positive(String what, String text) {
        try {
            int v = Integer.parseInt(text);
            if (v >= 1) return v;
        } catch (NumberFormatException ignored) {
        }
        throw new IllegalArgumentException(what + " '" + text + "' is not valid; accepted: an integer >= 1");
    }
}
