package org.neuroprior.envs.whisker;

import org.neuroprior.envs.whisker.objects.ObjectCatalog;
import org.neuroprior.envs.whisker.objects.ObjectClasses;

public class Explore2 {
    public static void main(String[] a) {
        var physics = WhiskerPhysics.defaults().withTimestep(Double.parseDouble(a[0])).withLinks(Integer.parseInt(a[1]));
        var src = new ProtocolSweeps(SweepProtocol.named(a[2]), ObjectCatalog.procedural(ObjectClasses.names()), 1, 1, physics);
        long t0 = System.nanoTime();
        int n = Math.min(src.size(), Integer.parseInt(a[3]));
        for (int i = 0; i < n; i++) {
            long s0 = System.nanoTime();
            var s = src.sample(i);
            double maxF = 0, maxM = 0;
            for (int k = 0; k < s.signals().length; k++) { if (k % 6 < 3) maxF = Math.max(maxF, Math.abs(s.signals()[k])); else maxM = Math.max(maxM, Math.abs(s.signals()[k])); }
            System.out.printf("%d %s %.0f ms maxF=%.3g maxM=%.3g %s%n", i, s.parameters().get("class"), (System.nanoTime() - s0) / 1e6, maxF, maxM, s.parameters());
        }
        System.out.printf("%.2f sweeps/s%n", n / ((System.nanoTime() - t0) / 1e9));
    }
}
