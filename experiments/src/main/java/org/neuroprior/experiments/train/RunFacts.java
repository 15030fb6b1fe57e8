package org.neuroprior.experiments.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a run's numbers depend on besides its config: facts of the process that trained it, which a run records in its
 * {@code config.yaml} (keys {@value #OPENBLAS_CORETYPE}, {@value #ND4J_BINARY}, {@value #COMMIT}) and which are not
 * settings. The same seed, config and thread settings give the same numbers on the same machine only with the same
 * facts: OpenBLAS's kernel sets and ND4J's binaries add in other orders in some products (the numbers agree up to
 * float rounding, not bit for bit), and other code may compute other numbers.
 *
 * <p>Config readers ({@link TrainConfig#resolve}, {@code TactileConfig.resolve}) ignore these keys: a run's
 * {@code config.yaml} given to {@code --config} repeats its settings, and the new run records its own facts. A resumed
 * run whose facts changed records the history, oldest first, joined by {@value #THEN}
 * ({@code openblas_coretype: SkylakeX then Haswell}); a config written before runs recorded facts has none, and a run
 * resumed from it records {@value #UNKNOWN} for the part before.
 *
 * @param openblasCoretype OpenBLAS's kernel set: {@code OPENBLAS_CORETYPE} as this process got it (ND4J's OpenBLAS reads
 *                         it once, when loaded; {@code ./neuroprior} sets it where scripts/openblas-coretype.sh says),
 *                         {@value #AUTO} when unset or blank (OpenBLAS picks from the processor); null: not recorded
 * @param nd4jBinary       ND4J's native binary ({@link Nd4jBinary#current}): {@code linux-x86_64-onednn-avx2},
 *                         {@code linux-x86_64} or {@value #UNKNOWN}; null: not recorded
 * @param commit           the commit of the checkout that trained the run, with {@code -dirty} when its sources differed
 *                         (scripts/commit-of-checkout.sh, passed by {@code ./neuroprior} as the system property
 *                         {@value #COMMIT_PROPERTY}), or {@value #UNKNOWN} (not a git checkout, or started without the
 *                         launcher); null: not recorded
 */
public record RunFacts(String openblasCoretype, String nd4jBinary, String commit) {
    /** The keys in {@code config.yaml}. */
    public static final String OPENBLAS_CORETYPE = "openblas_coretype", ND4J_BINARY = "nd4j_binary", COMMIT = "commit";
    /** Every key, in the order they are written. */
    public static final List<String> KEYS = List.of(OPENBLAS_CORETYPE, ND4J_BINARY, COMMIT);
    /** The system property the launcher passes the checkout's commit in. */
    public static final String COMMIT_PROPERTY = "neuroprior.commit";
    /** The environment variable OpenBLAS reads its kernel set from. */
    public static final String CORETYPE_VARIABLE = "OPENBLAS_CORETYPE";
    public static final String AUTO = "auto", UNKNOWN = "unknown";
    /** Joins the values of a run resumed under other facts. */
    public static final String THEN = " then ";
    /** Nothing recorded (a config written before runs recorded facts). */
    public static final RunFacts NONE = new RunFacts(null, null, null);

    /** This process's facts. */
    public static RunFacts current() {
        String coretype = System.getenv(CORETYPE_VARIABLE);
        String commit = System.getProperty(COMMIT_PROPERTY);
        return new RunFacts(coretype == null || coretype.isBlank() ? AUTO : coretype.strip(), Nd4jBinary.current(),
                commit == null || commit.isBlank() ? UNKNOWN : commit.strip());
    }

    /** Whether {@code key} is one of the recorded facts' keys (not a setting). */
    public static boolean isKey(String key) {
        return KEYS.contains(key);
    }

    /** The facts a config map records; keys it lacks (an older config) are null. */
    public static RunFacts recorded(Map<String, ?> config) {
        return new RunFacts(text(config.get(OPENBLAS_CORETYPE)), text(config.get(ND4J_BINARY)), text(config.get(COMMIT)));
    }

    /** Adds the recorded facts (those not null) to {@code config}, the map written as {@code config.yaml}. */
    public void putInto(Map<String, Object> config) {
        if (openblasCoretype != null) config.put(OPENBLAS_CORETYPE, openblasCoretype);
        if (nd4jBinary != null) config.put(ND4J_BINARY, nd4jBinary);
        if (commit != null) config.put(COMMIT, commit);
    }

    /**
     * The facts of a run recorded with these and continued under {@code now}: each value as recorded when its last
     * part equals {@code now}'s, else the history with {@code now}'s appended ({@value #THEN}); an unrecorded value
     * becomes {@value #UNKNOWN}{@value #THEN}now's.
     */
    public RunFacts then(RunFacts now) {
        return new RunFacts(then(openblasCoretype, now.openblasCoretype), then(nd4jBinary, now.nd4jBinary), then(commit, now.commit));
    }

    private static String then(String recorded, String now) {
        if (recorded == null) return UNKNOWN + THEN + now;
        return same(last(recorded), now) ? recorded : recorded + THEN + now;
    }

    /**
     * The warning (one line) for a run resumed under {@code now} that was trained so far under {@code recorded}: empty
     * when every fact known on both sides is the same as the last one recorded ({@value #UNKNOWN} and unrecorded facts
     * are not compared; kernel sets case-insensitively, as OpenBLAS reads them).
     */
    public static Optional<String> resumeWarning(RunFacts recorded, RunFacts now) {
        return warning(recorded, now, true, "this run was trained so far with ", "an uninterrupted run's");
    }

    /**
     * The warning (one line) for a new run whose config comes from {@code file}, which records the facts
     * {@code recorded} of the run that wrote it: empty when they are the same as {@code now}'s (or not known), else what
     * differs and how to match it, since they are not settings.
     */
    public static Optional<String> repeatWarning(Path file, RunFacts recorded, RunFacts now) {
        return warning(recorded, now, false, file + " records a run made with ", "that run's");
    }

    /** One recorded fact, as the warnings name it and say how to match it. */
    private record Fact(String key, Function<RunFacts, String> value, boolean rounding, String noSingle,
                        Function<String, String> match) {
    }

    private static final List<Fact> FACTS = List.of(
            new Fact(OPENBLAS_CORETYPE, RunFacts::openblasCoretype, true, "no single kernel set",
                    v -> v.equalsIgnoreCase(AUTO) ? "OpenBLAS's own choice, " + CORETYPE_VARIABLE + " unset" : CORETYPE_VARIABLE + "=" + v),
            new Fact(ND4J_BINARY, RunFacts::nd4jBinary, true, "no single binary", v -> "ND4J_CLASSIFIER=" + v),
            new Fact(COMMIT, RunFacts::commit, false, "no single commit", v -> "a checkout of " + v.replace("-dirty", " with the same changes")));

    private static Optional<String> warning(RunFacts recorded, RunFacts now, boolean lastOnly, String opening, String other) {
        List<String> differences = new ArrayList<>();
        List<String> match = new ArrayList<>();
        boolean rounding = false, otherCode = false;
        for (Fact fact : FACTS) {
            String was = lastOnly ? last(fact.value.apply(recorded)) : fact.value.apply(recorded);
            String is = fact.value.apply(now);
            if (!differ(was, is)) continue;
            differences.add(fact.key + " " + was + " (now " + is + ")");
            match.add(was.contains(THEN) ? fact.noSingle : fact.match.apply(was));
            if (fact.rounding) rounding = true; else otherCode = true;
        }
        if (differences.isEmpty()) return Optional.empty();
        String consequence = rounding
                ? "results will differ from " + other + " in the last bits (float rounding)" + (otherCode ? ", and more if the code computes otherwise" : "")
                : "results may differ from " + other + " if the code computes otherwise";
        String line = opening + String.join(", ", differences) + ": " + consequence;
        if (!lastOnly) line += "; these keys are recorded facts, not settings (to match: " + String.join("; ", match) + ")";
        return Optional.of(line);
    }

    /**
     * The facts to record in the run's {@code config.yaml}: {@code now}'s for a fresh run; for a resumed one, those
     * {@code configFile} (the run's {@code config.yaml}, if there) recorded continued under {@code now}
     * ({@link #then}), after reporting {@link #resumeWarning} to {@code warning} if there is one.
     *
     * @throws IllegalArgumentException if the resumed run's {@code config.yaml} cannot be read
     */
    public static RunFacts forRun(Path configFile, boolean resume, RunFacts now, Consumer<String> warning) {
        if (!resume || !Files.isRegularFile(configFile)) return now;
        RunFacts recorded = recorded(ConfigFiles.readMap(configFile));
        resumeWarning(recorded, now).ifPresent(warning);
        return recorded.then(now);
    }

    private static boolean differ(String recorded, String now) {
        return recorded != null && now != null && !recorded.equals(UNKNOWN) && !now.equals(UNKNOWN) && !same(recorded, now);
    }

    private static boolean same(String a, String b) {
        return a.equalsIgnoreCase(b);
    }

    private static String last(String history) {
        return history == null ? null : history.substring(history.lastIndexOf(THEN) < 0 ? 0 : history.lastIndexOf(THEN) + THEN.length());
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value).strip();
    }
}
