package org.neuroprior.experiments.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.agents.Agents;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.registry.Option;
import org.neuroprior.registry.Options;
import org.neuroprior.registry.Problems;
import org.neuroprior.registry.Registered;
import org.neuroprior.registry.Registry;

/** Parses options given on the command line as {@code key=value} words (environment, architecture, agent options). */
final class KeyValueOptions {
    /** The example of an environment option (the swimmer's body count). */
    static final String ENV_EXAMPLE = "bodies=9";

    private KeyValueOptions() {
    }

    /**
     * The words as a map, in their order.
     *
     * @param example a word of the kind expected, named in the message of a word without {@code =} ({@link #ENV_EXAMPLE}
     *                for environment options, {@link #example} of the architecture for architecture options)
     * @throws IllegalArgumentException naming every word that is not of the form key=value and every key given twice,
     *                                  one line each
     */
    static Map<String, String> parse(List<String> words, String example) {
        Problems problems = new Problems();
        Map<String, String> options = parse(words, example, problems);
        problems.throwIfAny();
        return options;
    }

    /** As {@link #parse(List, String)}, recording the problems in {@code problems} (the bad words are left out). */
    static Map<String, String> parse(List<String> words, String example, Problems problems) {
        Map<String, String> options = new LinkedHashMap<>();
        if (words == null) return options;
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0 || eq == word.length() - 1) {
                problems.add("option '" + word + "' is not of the form key=value (e.g. " + example + ")");
                continue;
            }
            String key = word.substring(0, eq).strip();
            if (options.put(key, word.substring(eq + 1).strip()) != null) {
                problems.add("option '" + key + "' is given twice");
            }
        }
        return options;
    }

    /** {@link #example} of an RL run's architecture ({@code arch}, or train's default when null). */
    static String archExample(Object arch) {
        return example(Architectures.registry(), arch, (String) TrainConfig.KEYS.get("arch").defaultValue());
    }

    /** {@link #example} of an RL run's agent ({@code agent}, or train's default when null). */
    static String agentExample(Object agent) {
        return example(Agents.registry(), agent, (String) TrainConfig.KEYS.get("agent").defaultValue());
    }

    /**
     * The example of an option of the entry {@code name} names in {@code registry} (for an architecture, a model spec's
     * family: {@code convrnn} of {@code convrnn:ugrnn}), or of {@code fallback} (the default) when that is not
     * registered: {@code "cell=timedecay, an option of convrnn"}.
     */
    static String example(Registry<? extends Registered> registry, Object name, String fallback) {
        String n = name == null ? fallback : String.valueOf(name).split(":", 2)[0].strip();
        if (!registry.contains(n)) n = fallback;
        return example(registry.get(n).options()) + ", an option of " + n;
    }

    /**
     * An example word of these options, for messages: the first option whose default is not empty, as {@code
     * name=value} typed on a command line (a list comma-separated: {@code hidden=64,64}); {@code key=value} when
     * there is none.
     */
    static String example(Options options) {
        for (Option o : options.list()) {
            Object value = o.defaultValue();
            String text = value instanceof List<?> list
                    ? String.join(",", list.stream().map(String::valueOf).toList()) : o.format(value);
            if (!text.isEmpty()) return o.name() + "=" + text;
        }
        return "key=value";
    }
}
