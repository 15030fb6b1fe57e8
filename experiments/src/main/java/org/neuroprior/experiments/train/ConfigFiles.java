package org.neuroprior.experiments.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.neuroprior.common.AtomicFiles;

/** Reads and writes training configs as YAML. */
public final class ConfigFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ConfigFiles() {
    }

    /** Reads a YAML config file as a map (not yet resolved). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMap(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file " + file + " does not exist");
        try {
            Object tree = YAML.readValue(file.toFile(), Object.class);
            if (tree == null) return new LinkedHashMap<>();
            if (!(tree instanceof Map<?, ?> map)) throw new IllegalArgumentException("config file " + file + " is not a map of key: value");
            return new LinkedHashMap<>((Map<String, Object>) map);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a config file written by {@link #write} or by hand and resolves it; {@code parameter_count} and the
     * recorded facts ({@link RunFacts}), written by runs, are ignored.
     *
     * @throws IllegalArgumentException naming the file and what is wrong in it
     */
    public static TrainConfig read(Path file) {
        Map<String, Object> map = readMap(file);
        map.remove(PARAMETER_COUNT);
        try {
            return TrainConfig.resolve(map);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Written by runs beside the config: the policy's trainable parameters (not a setting). */
    public static final String PARAMETER_COUNT = "parameter_count";

    /**
     * Writes the config, plus the number of trainable policy parameters and the facts of the process that trains it
     * ({@link RunFacts}), as a run's {@code config.yaml} (through a temporary file and a move, so it is never
     * half-written).
     */
    public static void write(Path file, TrainConfig config, long parameterCount, RunFacts facts) throws IOException {
        Map<String, Object> map = config.toMap();
        map.put(PARAMETER_COUNT, parameterCount);
        facts.putInto(map);
        writeMap(file, map);
    }

    /**
     * Writes {@code map} as YAML to {@code file} whole ({@link AtomicFiles#write}: a temporary sibling, then a move), so
     * it is never half-written.
     *
     * @throws IOException if the file cannot be written; it is then as it was
     */
    public static void writeMap(Path file, Map<String, Object> map) throws IOException {
        String yaml = toYaml(map);
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, yaml));
    }

    /**
     * Resolves a config from YAML text such as {@link #toYaml} writes (how a run's config travels to a Spark executor).
     *
     * @throws IllegalArgumentException if the text is not a YAML map or does not resolve
     */
    @SuppressWarnings("unchecked")
    public static TrainConfig parse(String yaml) {
        try {
            Object tree = YAML.readValue(yaml, Object.class);
            if (!(tree instanceof Map<?, ?> map)) throw new IllegalArgumentException("a config is a YAML map of key: value, not " + tree);
            return TrainConfig.resolve((Map<String, Object>) map);
        } catch (IOException e) {
            throw new IllegalArgumentException("a config is not valid YAML: " + e.getMessage(), e);
        }
    }

    public static String toYaml(Map<String, Object> map) {
        try {
            return YAML.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What must match for a checkpoint to be resumed: everything but the budget, the thread count, the label and how
     * often checkpoints are written, which a user may change on resume (results do not depend on the thread count or
     * the checkpoints).
     */
    public static String fingerprint(TrainConfig config) {
        Map<String, Object> map = config.toMap();
        map.remove("steps");
        map.remove("threads");
        map.remove("label");
        map.remove(CheckpointSchedule.KEY);
        return toYaml(map);
    }
}
