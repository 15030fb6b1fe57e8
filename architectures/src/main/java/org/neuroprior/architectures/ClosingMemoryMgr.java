package org.neuroprior.architectures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff session memory manager that frees native buffers without waiting for the garbage collector: an array
 * the session releases (once every op reading it has run) is closed at once, and the arrays the session allocated
 * but never released are closed by {@link #closeOutstanding}. DL4J 1.0.0-M2.1's sessions leave most of their arrays
 * unreleased (a gru pass, batch 64, window 32: about 64 of the 86 MB allocated per forward + backward call, all in the gradient function's session), so without the second step
 * they live until a GC collects their Java objects. Not thread-safe: one manager per session, sessions per thread.
 */
final class ClosingMemoryMgr extends AbstractMemoryMgr {
    private final Set<INDArray> outstanding = Collections.newSetFromMap(new IdentityHashMap<>());

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return track(Nd4j.createUninitializedDetached(dataType, shape));
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) return Nd4j.create(descriptor).detach();
        INDArray a = Nd4j.createUninitializedDetached(descriptor.dataType(), descriptor.getShape());
        if (a.ordering() != descriptor.getOrder()) a.setOrder(descriptor.getOrder());
        return track(a);
    }

    private INDArray track(INDArray a) {
        outstanding.add(a);
        return a;
    }

    @Override
    public void release(INDArray array) {
        outstanding.remove(array);
        closeIfOpen(array);
    }

    /**
     * Closes every array this manager allocated and the session has not released: the results of the session's
     * past executions included. Call it only when no such result is used any more.
     */
    void closeOutstanding() {
        List<INDArray> all = new ArrayList<>(outstanding);
        outstanding.clear();
        for (INDArray a : all) closeIfOpen(a);
    }

    /** The number of arrays allocated and not yet released or closed. */
    int outstandingCount() {
        return outstanding.size();
    }

    private static void closeIfOpen(INDArray a) {
        if (!a.wasClosed() && a.closeable()) a.close();
    }

    @Override
    public void close() {
        closeOutstanding();
    }
}
