package org.neuroprior.experiments.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Long work that Ctrl-C (or SIGTERM) stops cleanly: the JVM's shutdown hook asks the work to stop, then waits
 * for it to return (its checkpoint or finished shards written) before the process ends.
 */
final class StopOnCtrlC {
    private StopOnCtrlC() {
    }

    /** The work itself. */
    interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work}; on Ctrl-C calls {@code requestStop} and waits up to {@code waitSeconds} for {@code work} to
     * return.
     */
    static <T> T run(Runnable requestStop, long waitSeconds, Work<T> work) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            requestStop.run();
            try {
                done.await(waitSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "neuroprior-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.run();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting because of Ctrl-C: the hook is running and will see the latch
            }
        }
    }
}
