package org.neuroprior.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordsTest {
    @Test
    void oneIsSingularEverythingElsePlural() {
        assertEquals("1 epoch", Words.count(1, "epoch"));
        assertEquals("0 epochs", Words.count(0, "epoch"));
        assertEquals("2 epochs", Words.count(2, "epoch"));
        assertEquals("1 class", Words.count(1, "class", "classes"));
        assertEquals("15 classes", Words.count(15, "class", "classes"));
        assertEquals("1,000,000 steps", Words.count(1_000_000, "step"));
    }
}
