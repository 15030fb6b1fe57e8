package ncapspeed;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * NCAP's speed, old (commit bf4a18c: NcapPass, Ncap.forward) against new (the ncap model's batch pass and evaluator),
 * in one JVM: each side's classes in its own class loader, ND4J shared; every round times every workload, old then
 * new, 20 calls each. Prints medians and minima over the rounds (the minimum is the least disturbed by other
 * processes) and the bytes allocated per call.
 *
 * <p>Usage: {@code java -cp ND4J:BENCH_CLASSES ncapspeed.Bench OLD_CLASSES NEW_CLASSES [rounds]}, where each
 * CLASSES is a path list (envs and architectures classes and the adapter). See run.sh.
 */
public final class Bench {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Bench() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Runnable> load(String classes, String adapter) throws Exception {
        String[] dirs = classes.split(File.pathSeparator);
        URL[] urls = new URL[dirs.length];
        for (int i = 0; i < dirs.length; i++) urls[i] = new File(dirs[i]).toURI().toURL();
        ClassLoader loader = new URLClassLoader(urls, Bench.class.getClassLoader());
        return ((Supplier<Map<String, Runnable>>) loader.loadClass(adapter).getDeclaredConstructor().newInstance()).get();
    }

    /** Milliseconds and bytes allocated per call, over {@code calls} calls. */
    private static double[] time(Runnable r, int calls) {
        long thread = Thread.currentThread().getId();
        long a0 = MX.getThreadAllocatedBytes(thread);
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) r.run();
        long t1 = System.nanoTime();
        long a1 = MX.getThreadAllocatedBytes(thread);
        return new double[] {(t1 - t0) / 1e6 / calls, (a1 - a0) / (double) calls};
    }

    public static void main(String[] args) throws Exception {
        Map<String, Runnable> old = load(args[0], "org.neuroprior.architectures.OldAdapter");
        Map<String, Runnable> neu = load(args[1], "org.neuroprior.architectures.NewAdapter");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        List<String> labels = new ArrayList<>(old.keySet());
        for (int i = 0; i < 100; i++) {   // warm-up
            for (String l : labels) {
                old.get(l).run();
                neu.get(l).run();
            }
        }
        int n = labels.size();
        double[][] ot = new double[n][rounds];
        double[][] nt = new double[n][rounds];
        double[][] oa = new double[n][rounds];
        double[][] na = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int l = 0; l < n; l++) {
                double[] a = time(old.get(labels.get(l)), 20);
                double[] b = time(neu.get(labels.get(l)), 20);
                ot[l][r] = a[0];
                oa[l][r] = a[1];
                nt[l][r] = b[0];
                na[l][r] = b[1];
            }
        }
        System.out.printf("%-50s %22s %22s %9s %9s %14s%n", "workload (4096 samples, 24 -> 5)", "old ms: median (min)", "new ms: median (min)",
                "new/old", "(min)", "B/call old, new");
        for (int l = 0; l < n; l++) {
            for (double[] a : new double[][] {ot[l], nt[l], oa[l], na[l]}) Arrays.sort(a);
            int mid = rounds / 2;
            System.out.printf("%-50s %13.3f (%6.3f) %13.3f (%6.3f) %9.2f %9.2f %7.0f, %5.0f%n", labels.get(l), ot[l][mid], ot[l][0],
                    nt[l][mid], nt[l][0], nt[l][mid] / ot[l][mid], nt[l][0] / ot[l][0], oa[l][mid], na[l][mid]);
        }
    }
}
