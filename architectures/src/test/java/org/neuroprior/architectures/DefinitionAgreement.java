package org.neuroprior.architectures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How the tests compare a faster path (a plain-Java step, a fused pass) with the definition (the SameDiff graph, run
 * in double): element by element, within 1e-5 plus 1e-4 of the largest |expected| value.
 */
public final class DefinitionAgreement {
    private DefinitionAgreement() {}

    /** An ND4J array's values in row-major order, as floats. */
    public static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /**
     * Asserts that {@code actual} has {@code expected}'s length and values within the tolerance above.
     *
     * @param what names the compared quantity in the failure message
     */
    public static void close(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-5 + 1e-4 * scale;
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", the definition gives " + expected[i]);
            }
        }
    }
}
