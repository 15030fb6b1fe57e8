package org.neuroprior.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neuroprior.envs.Env;
import org.neuroprior.envs.PointMassEnv;
import org.neuroprior.envs.Step;

/** Steady-state stepping through the wrappers must not allocate (episode ends here allocate nothing either). */
class AllocationTest {

    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 10_000;
    private static final long SLACK_BYTES = 1024;

    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void enableAllocationCounting() {
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemoryEnabled()) threads.setThreadAllocatedMemoryEnabled(true);
    }

    private static double[][] actions(int n, double low, double high) {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] actions = new double[64][n];
        for (double[] a : actions) for (int i = 0; i < n; i++) a[i] = low + (high - low) * rng.nextDouble();
        return actions;
    }

    private static long bytesAllocatedStepping(Env<double[]> env, double[][] actions) {
        env.reset(1);
        run(env, actions, WARM_UP);
        long before = threads.getCurrentThreadAllocatedBytes();
        run(env, actions, MEASURED);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static void run(Env<double[]> env, double[][] actions, int steps) {
        for (int t = 0; t < steps; t++) {
            Step s = env.step(actions[t & 63]);
            if (s.done()) env.reset();
        }
    }

    @Test
    void stackedObservationAndActionWrappersAllocateNothing() {
        Env<double[]> env = new TimeLimit<>(new TimeFeature<>(new NormalizeObservation<>(new RescaleAction(new PointMassEnv())), 200), 200);
        long bytes = bytesAllocatedStepping(env, actions(2, -1.2, 1.2));
        assertTrue(bytes < SLACK_BYTES, bytes + " bytes allocated in " + MEASURED + " steps");
    }

    @Test
    void clipActionAllocatesNothing() {
        Env<double[]> env = new ClipAction(new TimeLimit<>(new PointMassEnv(), 100));
        long bytes = bytesAllocatedStepping(env, actions(2, -5, 5));
        assertTrue(bytes < SLACK_BYTES, bytes + " bytes allocated in " + MEASURED + " steps");
    }

    @Test
    void discretizeActionAllocatesNothing() {
        Env<Integer> env = new TimeLimit<>(new DiscretizeAction(new PointMassEnv(), 3), 100);
        env.reset(1);
        for (int round = 0; round < 2; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int t = 0; t < (round == 0 ? WARM_UP : MEASURED); t++) {
                if (env.step(t % 9).done()) env.reset();
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) assertTrue(bytes < SLACK_BYTES, bytes + " bytes allocated in " + MEASURED + " steps");
        }
    }
}
