package org.neuroprior.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.registry.Option;

/**
 * The README's tables of keys and options are the code's: each block between {@code <!-- BEGIN generated: WHAT -->}
 * and {@code <!-- END generated -->} must be what the code prints. Regenerate a block with
 * {@code mvn -pl experiments -am test -Dtest=ReadmeTablesTest -Dreadme.update=true}.
 */
class ReadmeTablesTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern BLOCK = Pattern.compile("(<!-- BEGIN generated: (.+?) -->\\n)(.*?)(<!-- END generated -->)", Pattern.DOTALL);

    static String generate(String what) {
        if (what.equals("run keys") || what.equals("tactile-train keys")) {
            List<String> lines = new ArrayList<>(List.of("| key | default | accepted | meaning |", "|---|---|---|---|"));
            for (Option o : (what.equals("run keys") ? TrainConfig.KEYS : org.neuroprior.experiments.tactile.TactileConfig.KEYS).list()) {
                String shown = o.format(o.defaultValue());
                lines.add("| `" + o.name() + "` | " + (shown.isEmpty() ? "\"\"" : "`" + shown + "`") + " | " + o.accepted() + " | " + o.help() + " |");
            }
            return String.join("\n", lines) + "\n";
        }
        if (!what.startsWith("neuroprior ")) throw new IllegalArgumentException("unknown generated block '" + what + "'");
        CommandRun r = CommandRun.of(what.substring("neuroprior ".length()).split(" "));
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    @Test
    void generatedBlocksAreWhatTheCodePrints() throws Exception {
        String text = Files.readString(README);
        Matcher m = BLOCK.matcher(text);
        StringBuilder updated = new StringBuilder();
        List<String> stale = new ArrayList<>();
        int blocks = 0;
        while (m.find()) {
            blocks++;
            String expected = generate(m.group(2));
            if (!m.group(3).equals(expected)) stale.add(m.group(2));
            m.appendReplacement(updated, Matcher.quoteReplacement(m.group(1) + expected + m.group(4)));
        }
        m.appendTail(updated);
        assertTrue(blocks >= 3, "README has " + blocks + " generated blocks");
        if (Boolean.getBoolean("readme.update")) Files.writeString(README, updated.toString());
        else assertEquals(List.of(), stale, "README blocks out of date; rerun with -Dreadme.update=true");
    }
}
