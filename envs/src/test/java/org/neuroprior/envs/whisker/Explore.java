package org.neuroprior.envs.whisker;

import java.util.Map;
import org.neuroprior.envs.mujoco.*;
import org.neuroprior.envs.whisker.objects.MjcfFragment;

public class Explore {
    public static void main(String[] a) {
        int links = Integer.parseInt(a[0]);
        double dt = Double.parseDouble(a[1]);
        double maxFreq = Double.parseDouble(a[2]);
        String solver = a.length > 3 ? a[3] : "PGS";
        int iters = a.length > 4 ? Integer.parseInt(a[4]) : 20;
        double tc = a.length > 5 ? Double.parseDouble(a[5]) : 0.004;
        var phys = new WhiskerPhysics(links, dt, maxFreq, tc, Double.parseDouble(System.getProperty("whisker.minr", "0.1")), solver, iters);
        var model = WhiskerArrayModel.of(WhiskerMorphology.mouseRightSide(), phys);
        var obj = new MjcfFragment("", "<geom class=\"object\" type=\"box\" size=\"10 10 10\"/>", Map.of());
        // object moves along -y (caudal) at 40 mm/s, its near face 5 mm beyond the most lateral base (x ~ 5)
        double x0 = Double.parseDouble(System.getProperty("x0", "20")), y0 = 40;
        String xml = model.toMjcf(obj, new double[] {x0, y0, 0}, new double[] {1, 0, 0, 0});
        for (int r = 0; r < 3; r++) { long c0 = System.nanoTime(); try (var mm = MjModel.fromXml(xml)) { System.out.printf("compile %.1f ms%n", (System.nanoTime() - c0) / 1e6); } }
        long t0 = System.nanoTime();
        try (var m = MjModel.fromXml(xml); var d = m.makeData()) {
            long t1 = System.nanoTime();
            int steps = (int) Math.round(1.0 / dt);
            double[] s = new double[m.nsensordata()];
            double maxF = 0, maxM = 0; boolean nan = false;
            int rec = Math.max(1, (int) Math.round(0.001 / dt));
            double[][] out = new double[1000][];
            for (int i = 0; i < steps; i++) {
                double t = (i + 1) * dt;
                d.setMocapPos(1, x0, y0 - 60 * t, 0);
                d.step(1);
                if ((i + 1) % rec == 0) {
                    d.readSensordata(s);
                    out[(i + 1) / rec - 1] = s.clone();
                    for (int k = 0; k < s.length; k++) {
                        if (Double.isNaN(s[k])) nan = true;
                        if (k % 6 < 3) maxF = Math.max(maxF, Math.abs(s[k])); else maxM = Math.max(maxM, Math.abs(s[k]));
                    }
                }
            }
            long t2 = System.nanoTime();
            System.out.printf("links=%d dt=%g mass=%g %s/%d tc=%g nv=%d compile=%.1fms steps/s=%.0f sweep=%.0fms maxF=%.3g maxM=%.3g nan=%s warn=%d%n",
                    links, dt, maxFreq, solver, iters, tc, m.nv(), (t1 - t0) / 1e6, steps / ((t2 - t1) / 1e9), (t2 - t1) / 1e6, maxF, maxM, nan, d.divergenceWarnings());
            // dump a few channels at a few times
            StringBuilder sb = new StringBuilder();
            for (int f = 100; f < 1000; f += 100) { sb.append(String.format("t=%d Mz(RC2)=%.4g Fy(RC2)=%.4g | ", f, out[f-1][6*12+5], out[f-1][6*12+1])); }
            System.out.println(sb);
            try (var w = new java.io.DataOutputStream(new java.io.FileOutputStream("/tmp/sig_" + links + "_" + dt + "_" + maxFreq + "_" + solver + ".bin"))) {
                for (double[] r : out) for (double v : r) w.writeDouble(v);
            } catch (Exception e) { throw new RuntimeException(e); }
        }
    }
}
