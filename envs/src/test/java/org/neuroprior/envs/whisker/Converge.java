package org.neuroprior.envs.whisker;

import java.util.List;
import org.neuroprior.envs.whisker.objects.ObjectCatalog;

public class Converge {
    public static void main(String[] a) {
        var d = WhiskerPhysics.defaults();
        var base = new WhiskerPhysics(Integer.parseInt(a[0]), d.timestep(), Double.parseDouble(a[1]), Double.parseDouble(System.getProperty("tc", "0.002")), Double.parseDouble(System.getProperty("minr", "0.1")), System.getProperty("solver", "Newton"), Integer.getInteger("iters", 20));
        var cat = ObjectCatalog.procedural(List.of(System.getProperty("classes", "box,torus,cone").split(",")));
        long seed = Long.getLong("seed", 7);
        double[] dts = {0.001, 0.0005, 0.00025};
        float[][][] out = new float[dts.length][][];
        int n = cat.classNames().size();
        for (int j = 0; j < dts.length; j++) {
            long t0 = System.nanoTime();
            var src = new ProtocolSweeps(SweepProtocol.named("high"), cat, 1, seed, base.withTimestep(dts[j]));
            out[j] = new float[n][];
            for (int i = 0; i < n; i++) out[j][i] = src.sample(i).signals();
            System.out.printf("dt=%g %.2f s/sweep%n", dts[j], (System.nanoTime() - t0) / 1e9 / n);
        }
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder(cat.classNames().get(i));
            for (int j = 0; j + 1 < dts.length; j++) sb.append(String.format(" %g->%g: %.3f", dts[j], dts[j + 1], rel(out[j][i], out[j + 1][i])));
            sb.append(String.format(" | 1ms vs finest %.3f", rel(out[0][i], out[dts.length - 1][i])));
            System.out.println(sb);
        }
    }
    static double rel(float[] x, float[] y) {
        double num = 0, den = 0;
        for (int k = 0; k < x.length; k++) { num += (x[k] - y[k]) * (double) (x[k] - y[k]); den += (double) y[k] * y[k]; }
        return Math.sqrt(num / den);
    }
}
