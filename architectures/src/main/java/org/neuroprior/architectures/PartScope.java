package org.neuroprior.architectures;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/** What a {@link Part} sees while it defines itself in a graph: the graph, its data type and its parameters. */
public interface PartScope {

    SameDiff sd();

    /** The graph's floating-point type (FLOAT in training; DOUBLE in precision tests). */
    DataType dataType();

    /**
     * The graph variable holding the part's block {@code name} (the same variable at every time step, so gradients
     * of an unrolled recurrence sum over steps).
     */
    SDVariable parameter(String name);

    /** A fresh name for an intermediate variable of this part (unique in the graph). */
    String name(String what);
}
