package org.neuroprior.architectures;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;

/**
 * Frees the native memory SameDiff uses while executing a graph without waiting for the garbage collector. Each
 * execution session of a graph (and of its gradient function) gets a {@link ClosingMemoryMgr}: intermediate arrays
 * are closed as soon as the session releases them, and {@link #closeResults} closes the rest (the arrays the session
 * never releases, results included) once their caller is done with them. Without it a gru pass (batch 64, window 32)
 * left about 64 MB of arrays per forward + backward call to the garbage collector; other per-call garbage, not
 * allocated through the session's manager, still waits for it (BENCHMARKS.md, "SameDiff's native memory"). Sessions are per thread: call {@link #apply}
 * before executing a graph on a thread and {@link #closeResults} on the same thread.
 */
public final class BoundedGraphMemory {
    private BoundedGraphMemory() {
    }

    /** Gives {@code sd} and its gradient function a session on the calling thread whose manager is a
     * {@link ClosingMemoryMgr}, unless they have one. */
    public static void apply(SameDiff sd) {
        install(sd);
        if (sd.getFunction("grad") != null) install(sd.getFunction("grad"));
    }

    /**
     * Closes every array the calling thread's sessions of {@code sd} and its gradient function allocated and did not
     * release: every result of their past executions becomes unusable.
     */
    public static void closeResults(SameDiff sd) {
        closeOutstanding(sd);
        if (sd.getFunction("grad") != null) closeOutstanding(sd.getFunction("grad"));
    }

    private static void install(SameDiff sd) {
        long thread = Thread.currentThread().getId();
        InferenceSession session = sd.getSessions().get(thread);
        if (session == null) {
            session = new InferenceSession(sd);
            sd.getSessions().put(thread, session);
        }
        // SameDiff replaces a session installed before its first execution with one of its own (caching) manager.
        if (!(session.getMmgr() instanceof ClosingMemoryMgr)) session.setMmgr(new ClosingMemoryMgr());
    }

    private static void closeOutstanding(SameDiff sd) {
        ClosingMemoryMgr m = manager(sd);
        if (m != null) m.closeOutstanding();
    }

    /** The calling thread's closing manager of {@code sd}'s session, or null if it has none (yet). */
    static ClosingMemoryMgr manager(SameDiff sd) {
        InferenceSession session = sd.getSessions().get(Thread.currentThread().getId());
        return session != null && session.getMmgr() instanceof ClosingMemoryMgr m ? m : null;
    }
}
