package org.neuroprior.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** compare evaluates NCAP on the trained length too, so that its transfer figure has a point there. */
class CompareBodiesTest {
    @Test
    void theTrainedLengthIsAddedOnceInOrder() {
        assertEquals(List.of(3, 5, 6, 7, 9), CompareCommand.withTrained(List.of(3, 5, 7, 9), 6));
        assertEquals(List.of(4, 6), CompareCommand.withTrained(List.of(6, 4, 6), 6));
    }
}
