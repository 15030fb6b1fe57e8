package org.neuroprior.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OptionTest {
    private final Option segment = Option.integer("segment", 4096, 2, 10_000_000, "steps per update");
    private final Option steps = Option.longInteger("steps", 1_000_000L, 1, Long.MAX_VALUE / 2, "budget");
    private final Option rate = Option.number("learning_rate", 3e-4, 1e-9, 10, "Adam step size");
    private final Option hidden = Option.integers("hidden", List.of(64, 64), 1, 100_000, "widths");

    @Test
    void integersAcceptTheSameSpellingsFromYamlAndTheCommandLine() {
        // YAML reads 4e3 as a double; the command line gives text: both mean 4000.
        assertEquals(4000, segment.parse(4e3));
        assertEquals(4000, segment.parse("4e3"));
        assertEquals(4000, segment.parse("4_000"));
        assertEquals(4000, segment.parse(4000L));
        assertEquals(1_000_000L, steps.parse(1e6));
        assertEquals(1_000_000L, steps.parse("1e6"));
        assertEquals(1_000_000L, steps.parse(1_000_000));
    }

    @Test
    void badValuesAreNamedWithWhatIsAccepted() {
        var e = assertThrows(IllegalArgumentException.class, () -> segment.parse("40.5"));
        assertEquals("option 'segment' = 40.5 is not valid; accepted: an integer in 2..10000000", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> segment.parse(1));          // below min
        assertThrows(IllegalArgumentException.class, () -> segment.parse("lots"));
        assertThrows(IllegalArgumentException.class, () -> rate.parse("nan"));
        assertThrows(IllegalArgumentException.class, () -> rate.parse(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> rate.parse(11));
        assertThrows(IllegalArgumentException.class, () -> Option.flag("f", true, "").parse("yes"));
    }

    @Test
    void numbersListsFlagsAndChoices() {
        assertEquals(3e-4, rate.parse("3e-4"));
        assertEquals(0.001, rate.parse(1e-3));
        assertEquals(List.of(256, 256), hidden.parse("256,256"));
        assertEquals(List.of(256, 256), hidden.parse("[256, 256]"));
        assertEquals(List.of(256, 256), hidden.parse(List.of(256, 256.0)));
        assertEquals(List.of(), hidden.parse("[]"));
        assertThrows(IllegalArgumentException.class, () -> hidden.parse("64,0"));
        assertEquals(false, Option.flag("f", true, "").parse("FALSE"));
        Option act = Option.choice("activation", "tanh", List.of("tanh", "relu"), "");
        assertEquals("relu", act.parse("ReLU"));
        Option classes = Option.subset("classes", List.of("a", "b", "c"), "");
        assertEquals(List.of("c", "a"), classes.parse("c,a"));
        assertEquals(List.of("a", "b", "c"), classes.parse("all"));
        var twice = assertThrows(IllegalArgumentException.class, () -> classes.parse("a,a"));
        assertTrue(twice.getMessage().contains("'a' is listed twice"), twice.getMessage());
    }

    @Test
    void formatIsWhatAUserWouldType() {
        assertEquals("[64, 64]", hidden.format(List.of(64, 64)));
        assertEquals("0.0003", rate.format(3e-4));
        assertEquals("1000000", steps.format(1_000_000L));
        assertEquals("all", Option.subset("classes", List.of("a", "b"), "").format(List.of("a", "b")));
        // What format writes, parse reads back.
        for (Option o : List.of(segment, steps, rate, hidden)) assertEquals(o.defaultValue(), o.parse(o.format(o.defaultValue())));
    }

    @Test
    void aDefaultOutsideItsOwnRangeIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> Option.integer("x", 0, 1, 5, ""));
    }

    @Test
    void resolveFillsDefaultsAndRefusesUnknownNames() {
        Options options = Options.of(segment, rate);
        Resolved r = options.resolve("agent 'ppo'", Map.of("segment", "2048"));
        assertEquals(Map.of("segment", 2048, "learning_rate", 3e-4), r.values());
        assertEquals(List.of("segment", "learning_rate"), List.copyOf(r.values().keySet()));
        var e = assertThrows(IllegalArgumentException.class, () -> options.resolve("agent 'ppo'", Map.of("segmnt", 1)));
        assertEquals("unknown option 'segmnt' for agent 'ppo'; accepted: learning_rate, segment", e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> options.resolve("agent 'ppo'", Map.of("segment", 1)));
        assertEquals("agent 'ppo': option 'segment' = 1 is not valid; accepted: an integer in 2..10000000", bad.getMessage());
        assertEquals(1024, options.withDefault("segment", 1024).resolve("x", null).integer("segment"));
    }
}
