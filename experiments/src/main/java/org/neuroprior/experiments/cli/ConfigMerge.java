package org.neuroprior.experiments.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.neuroprior.experiments.train.ConfigFiles;
import org.neuroprior.experiments.train.RunFacts;
import org.neuroprior.experiments.train.TrainConfig;
import org.neuroprior.registry.Problems;

/**
 * How {@code train} and {@code sweep} build a run's config, the same way: a config file's keys, then the command
 * line's; option maps are merged key by key (a command-line option adds to or replaces one key of the file's map,
 * it never drops the others). The result is resolved by {@link TrainConfig#resolve}.
 */
final class ConfigMerge {
    private final Map<String, Object> map = new LinkedHashMap<>();

    /** Starts from {@code configFile}'s keys (null: none). */
    ConfigMerge(Path configFile) {
        if (configFile != null) map.putAll(ConfigFiles.readMap(configFile));
        map.remove(ConfigFiles.PARAMETER_COUNT);
    }

    /**
     * Starts from the keys of the file given to {@code --config} (null: none), for a new run. A run's
     * {@code config.yaml} records facts of the process that trained it ({@link RunFacts}); they are not settings, so
     * the config readers ignore them, and when they differ from this process's, one warning line on stderr says so
     * ({@link RunFacts#repeatWarning}): the new run repeats the settings, not those facts.
     */
    static ConfigMerge fromConfigOption(Path configFile) {
        ConfigMerge merge = new ConfigMerge(configFile);
        if (configFile != null) {
            RunFacts.repeatWarning(configFile, RunFacts.recorded(merge.map), RunFacts.current())
                    .ifPresent(line -> System.err.println("warning: " + line));
        }
        return merge;
    }

    /** Sets a top-level key if {@code value} is not null (values are parsed later, by the key's option). */
    ConfigMerge put(String key, Object value) {
        if (value != null) map.put(key, value);
        return this;
    }

    /**
     * Merges {@code key=value} words into the option map {@code mapKey} (env_options, arch_options, agent_options).
     *
     * @param example a word of the kind expected, for the message of a word without {@code =} ({@link KeyValueOptions})
     * @throws IllegalArgumentException naming every bad word, one line each
     */
    ConfigMerge options(String mapKey, List<String> words, String example) {
        return options(mapKey, KeyValueOptions.parse(words, example));
    }

    /** As {@link #options(String, List, String)}, recording every bad word in {@code problems} (the good ones are merged). */
    ConfigMerge options(String mapKey, List<String> words, String example, Problems problems) {
        return options(mapKey, KeyValueOptions.parse(words, example, problems));
    }

    /** Merges {@code values} into the option map {@code mapKey}. */
    @SuppressWarnings("unchecked")
    ConfigMerge options(String mapKey, Map<String, ?> values) {
        if (values == null || values.isEmpty()) return this;
        Map<String, Object> merged = new LinkedHashMap<>();
        Object existing = map.get(mapKey);
        if (existing instanceof Map<?, ?> m) m.forEach((k, v) -> merged.put(String.valueOf(k), v));
        else if (existing != null) throw new IllegalArgumentException("config key '" + mapKey + "' = " + existing + " is not valid; accepted: a map of option: value");
        merged.putAll(values);
        map.put(mapKey, merged);
        return this;
    }

    /** A copy to build variants from. */
    ConfigMerge copy() {
        ConfigMerge c = new ConfigMerge(null);
        c.map.putAll(map);
        return c;
    }

    /** The merged keys, not yet resolved (for configs other than {@link TrainConfig}: {@code tactile-train}'s). */
    Map<String, Object> map() {
        return new LinkedHashMap<>(map);
    }

    /** The resolved config. */
    TrainConfig resolve() {
        return TrainConfig.resolve(map);
    }
}
