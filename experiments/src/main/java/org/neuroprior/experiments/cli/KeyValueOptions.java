package org.neuroprior.experiments.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses environment options given on the command line as {@code key=value} words. */
final class KeyValueOptions {
    private KeyValueOptions() {
    }

    static Map<String, String> parse(List<String> words) {
        Map<String, String> options = new LinkedHashMap<>();
        if (words == null) return options;
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0 || eq == word.length() - 1) {
                throw new IllegalArgumentException("option '" + word + "' is not of the form key=value (e.g. bodies=9)");
            }
            String key = word.substring(0, eq).strip();
            if (options.put(key, word.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("option '" + key + "' is given twice");
            }
        }
        return options;
    }
}
