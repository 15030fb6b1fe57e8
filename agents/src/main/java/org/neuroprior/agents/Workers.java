package org.neuroprior.agents;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Helper threads of agents: daemon executors, and waiting for their jobs with the job's own exception. */
public final class Workers {
    private Workers() {
    }

    /** A single daemon thread called {@code name}. */
    public static ExecutorService single(String name) {
        return pool(name, 1);
    }

    /** {@code threads} daemon threads called {@code name}. */
    public static ExecutorService pool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for {@code job}; rethrows what it threw (unchecked), or an IllegalStateException if interrupted. */
    public static <T> T join(Future<T> job) {
        try {
            return job.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops {@code pool} if not null. */
    public static void shutdown(ExecutorService pool) {
        if (pool != null) pool.shutdownNow();
    }
}
