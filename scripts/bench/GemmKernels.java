import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's OpenBLAS {@code cblas_sgemm} on the products of a DDPG update (critic (256, 256) on 24 + 5 inputs, batch 100:
 * forward {@code x W}, weight gradient {@code x^T delta}, input gradient {@code delta W^T}), run under whichever kernel
 * set OpenBLAS picked (set {@code OPENBLAS_CORETYPE} to choose; {@code OPENBLAS_VERBOSE=2} prints it). For each product
 * it prints the largest error against a double-precision product, relative to {@code sum_k |a_ik b_kj|} (float
 * rounding is about 6e-8 per addition), and the CPU microseconds per call of this thread; last, a checksum of all the
 * float outputs, equal between two kernel sets exactly when they round every product alike (BENCHMARKS.md, "DDPG on an
 * AVX-512 AMD processor"). A single-file program, run on the launcher's class path:
 *
 * <pre>OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=1 java -cp "experiments/target/classes:$(cat experiments/target/classpath.txt)" \
 *     scripts/bench/GemmKernels.java [calls]</pre>
 *
 * {@code calls}: timed calls per product (default 1000; 0 checks the errors only). A bad argument is refused in one
 * line with exit code 2.
 */
public final class GemmKernels {
    /** m, n, k of op(a) [m, k] op(b) [k, n], and whether a and b are transposed. */
    private record Product(String name, int m, int n, int k, boolean ta, boolean tb) {
    }

    private static final Product[] PRODUCTS = {
            new Product("forward, layer 1 (x W)", 100, 256, 29, false, false),
            new Product("forward, layer 2", 100, 256, 256, false, false),
            new Product("forward, output layer", 100, 1, 256, false, false),
            new Product("weight gradient, layer 1 (x^T delta)", 29, 256, 100, true, false),
            new Product("weight gradient, layer 2", 256, 256, 100, true, false),
            new Product("weight gradient, output layer", 256, 1, 100, true, false),
            new Product("input gradient, layer 1 (delta W^T)", 100, 29, 256, false, true),
            new Product("input gradient, layer 2", 100, 256, 256, false, true),
            new Product("input gradient, output layer", 100, 256, 1, false, true),
    };

    public static void main(String[] args) {
        int calls;
        try {
            if (args.length > 1) throw new IllegalArgumentException("usage: GemmKernels [CALLS]");
            calls = args.length == 1 ? Integer.parseInt(args[0]) : 1000;
            if (calls < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            System.err.println("GemmKernels: calls must be an integer >= 0, got '" + args[0] + "'");
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("GemmKernels: " + e.getMessage());
            System.exit(2);
            return;
        }
        Nd4j.create(1); // loads ND4J's natives, OpenBLAS among them, as a run does
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(7);
        long checksum = 17;
        double worst = 0;
        for (Product p : PRODUCTS) {
            float[] a = gaussian(random, p.m * p.k);
            float[] b = gaussian(random, p.k * p.n);
            try (FloatPointer pa = new FloatPointer(a); FloatPointer pb = new FloatPointer(b); FloatPointer pc = new FloatPointer((long) p.m * p.n)) {
                multiply(p, pa, pb, pc);
                float[] c = new float[p.m * p.n];
                pc.get(c);
                double error = 0;
                for (int i = 0; i < p.m; i++) {
                    for (int j = 0; j < p.n; j++) {
                        double exact = 0;
                        double size = 0;
                        for (int q = 0; q < p.k; q++) {
                            double ab = (double) (p.ta ? a[q * p.m + i] : a[i * p.k + q]) * (p.tb ? b[j * p.k + q] : b[q * p.n + j]);
                            exact += ab;
                            size += Math.abs(ab);
                        }
                        error = Math.max(error, Math.abs(c[i * p.n + j] - exact) / size);
                        checksum = checksum * 31 + Float.floatToIntBits(c[i * p.n + j]);
                    }
                }
                worst = Math.max(worst, error);
                String time = "";
                if (calls > 0) {
                    for (int i = 0; i < Math.min(calls, 200); i++) multiply(p, pa, pb, pc); // warm-up
                    long t0 = cpu.getCurrentThreadCpuTime();
                    for (int i = 0; i < calls; i++) multiply(p, pa, pb, pc);
                    double us = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / calls;
                    time = String.format(Locale.ROOT, ", %.1f CPU us/call, %.1f GFLOP per CPU second", us, 2e-3 * p.m * p.n * p.k / us);
                }
                System.out.printf(Locale.ROOT, "%-40s %3d x %3d x %3d: largest error %.2e%s%n", p.name, p.m, p.n, p.k, error, time);
            }
        }
        System.out.printf(Locale.ROOT, "largest error %.2e; checksum of the outputs %016x%n", worst, checksum);
    }

    private static void multiply(Product p, FloatPointer a, FloatPointer b, FloatPointer c) {
        cblas_sgemm(CblasRowMajor, p.ta ? CblasTrans : CblasNoTrans, p.tb ? CblasTrans : CblasNoTrans, p.m, p.n, p.k, 1f,
                a, p.ta ? p.m : p.k, b, p.tb ? p.k : p.n, 0f, c, p.n);
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default
            x[i] = (float) (Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return x;
    }
}
