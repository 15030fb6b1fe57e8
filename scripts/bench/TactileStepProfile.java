import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Architecture;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.architectures.Model;

/**
 * Where a tactile model's training step spends its time: the forward and backward pass of its SameDiff graph
 * ({@code GraphPass}, through which a model trains unless all its parts have fused passes: {@code
 * FusedAgainstGraph} compares the two) on a random batch, and the time of
 * each op of the graph (from SameDiff's {@code preOpExecution} to its {@code opExecution} callback), summed by op
 * name; what the ops do not account for is SameDiff's own work between them. A single-file program, run on the
 * launcher's class path (BENCHMARKS.md, "Tactile models against PyTorch"):
 *
 * <pre>OMP_NUM_THREADS=1 java -cp "experiments/target/classes:$(cat experiments/target/classpath.txt)" \
 *     scripts/bench/TactileStepProfile.java resnet [batch] [steps]</pre>
 *
 * Arguments: a model spec (as {@code bench --tactile-models} takes it), the batch (default 32) and the timed steps
 * (default 3, after 2 untimed). The outputs' gradient is random: the time of a step does not depend on it. A bad
 * argument is refused in one line with exit code 2.
 */
public final class TactileStepProfile {
    /** Sums each op's time by op name while {@code on}. */
    static final class OpTimes extends BaseListener {
        final Map<String, long[]> byOp = new HashMap<>();   // name -> {nanoseconds, calls}
        long start;
        boolean on;

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
            start = System.nanoTime();
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
            if (!on) return;
            long[] a = byOp.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
            a[0] += System.nanoTime() - start;
            a[1]++;
        }
    }

    public static void main(String[] args) throws Exception {
        Model model;
        int batch;
        int steps;
        try {
            if (args.length < 1 || args.length > 3) throw new IllegalArgumentException("usage: TactileStepProfile SPEC [BATCH] [STEPS]");
            Architectures.Spec spec = Architectures.spec(args[0]);
            batch = args.length > 1 ? positive("batch", args[1]) : 32;
            steps = args.length > 2 ? positive("steps", args[2]) : 3;
            Architecture a = spec.architecture();
            if (a.examples().isEmpty()) throw new IllegalArgumentException("architecture '" + a.name() + "' has no typical input");
            model = a.create(a.examples().get(0).io(), a.resolve(spec.options(), Map.of()), 1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int[] in = model.io().inputShape();
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[batch * in[0] * in[1] * in[2]];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        INDArray inputs = Nd4j.create(x, new long[] {batch, in[0], in[1], in[2]}, 'c');
        BatchPass pass = model.graphPass(batch, 1, false, DataType.FLOAT);   // model.pass may be fused, without a graph
        Field field = pass.getClass().getDeclaredField("sd");
        field.setAccessible(true);
        OpTimes times = new OpTimes();
        ((SameDiff) field.get(pass)).setListeners(times);
        long forward = 0;
        long backward = 0;
        for (int s = 0; s < steps + 2; s++) {
            times.on = s >= 2;
            long t0 = System.nanoTime();
            INDArray logits = pass.forward(inputs, null, null);
            long t1 = System.nanoTime();
            pass.backward(Nd4j.rand(batch, model.outputSize()).castTo(logits.dataType()), null);
            long t2 = System.nanoTime();
            if (times.on) {
                forward += t1 - t0;
                backward += t2 - t1;
            }
        }
        long inOps = times.byOp.values().stream().mapToLong(a -> a[0]).sum();
        System.out.printf("%s (%s), batch %d, %d steps: forward %.0f ms, backward %.0f ms, inside ops %.0f ms (%.0f%%)%n", args[0],
                pass.getClass().getSimpleName(), batch, steps, forward / 1e6, backward / 1e6, inOps / 1e6, 100.0 * inOps / (forward + backward));
        times.byOp.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(15)
                .forEach(e -> System.out.printf("  %-24s %8.0f ms %7d calls %8.3f ms/call%n", e.getKey(), e.getValue()[0] / 1e6,
                        e.getValue()[1], e.getValue()[0] / 1e6 / e.getValue()[1]));
    }

    private static int positive(String what, String text) {
        try {
            int v = Integer.parseInt(text);
            if (v >= 1) return v;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new IllegalArgumentException(what + " '" + text + "' is not valid; accepted: an integer >= 1");
    }
}
