package org.neuroprior.architectures;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;

/**
 * Bounds the memory SameDiff keeps between executions. By default each execution session caches freed arrays up to
 * a quarter of the machine's memory, so a training process grew by gigabytes; here each session of a graph (and of
 * its gradient function) caches at most {@link #CACHE_FRACTION} of it. Call {@link #apply} before executing a graph
 * on a thread: sessions are per thread.
 */
public final class BoundedGraphMemory {
    /** Fraction of JavaCPP's physical-memory limit one session may keep cached. */
    public static final double CACHE_FRACTION = 0.01;

    private BoundedGraphMemory() {
    }

    /** Gives {@code sd} and its gradient function a bounded-cache session on the calling thread, if they lack one. */
    public static void apply(SameDiff sd) {
        install(sd);
        if (sd.getFunction("grad") != null) install(sd.getFunction("grad"));
    }

    private static void install(SameDiff sd) {
        long thread = Thread.currentThread().getId();
        if (sd.getSessions().containsKey(thread)) return;
        InferenceSession session = new InferenceSession(sd);
        session.setMmgr(new ArrayCacheMemoryMgr(CACHE_FRACTION, 1024, 2.0));
        sd.getSessions().put(thread, session);
    }
}
