package org.neuroprior.experiments.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.neuroprior.registry.Option;
import org.neuroprior.registry.Registered;
import org.neuroprior.registry.Registry;

/**
 * Prints a registry (environments, architectures, agents) the same way for every kind: each entry's name, what it
 * is, facts the command adds (an architecture's typical models with their size and cost), and its options with
 * default, accepted values and meaning; as text for the terminal, or as Markdown tables for the README (which is made
 * from this, so it says what the code does).
 */
final class Listing {
    private Listing() {
    }

    /** Plain text: a block per entry. */
    static void text(Registry<? extends Registered> registry, Function<Registered, List<String>> facts, PrintStream out) {
        for (Registered r : registry.all()) {
            out.printf("%s%n    %s%n", r.name(), r.description());
            for (String fact : facts.apply(r)) out.printf("    %s%n", fact);
            for (Option o : r.options().list()) {
                out.printf("    %-28s default %-10s %s; %s%n", o.name(), o.format(o.defaultValue()), o.accepted(), o.help());
            }
        }
    }

    /** Markdown: a heading and an options table per entry. */
    static void markdown(Registry<? extends Registered> registry, Function<Registered, List<String>> facts, PrintStream out) {
        List<String> lines = new ArrayList<>();
        for (Registered r : registry.all()) {
            lines.add("#### `" + r.name() + "`");
            lines.add("");
            lines.add(r.description());
            lines.add("");
            List<String> more = facts.apply(r);
            if (!more.isEmpty()) {
                for (String fact : more) lines.add("- " + fact);
                lines.add("");
            }
            if (r.options().isEmpty()) {
                lines.add("No options.");
            } else {
                lines.add("| option | default | accepted | meaning |");
                lines.add("|---|---|---|---|");
                for (Option o : r.options().list()) {
                    lines.add("| `" + o.name() + "` | `" + o.format(o.defaultValue()) + "` | " + o.accepted() + " | " + o.help() + " |");
                }
            }
            lines.add("");
        }
        lines.forEach(out::println);
    }
}
