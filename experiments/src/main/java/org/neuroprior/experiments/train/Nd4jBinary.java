package org.neuroprior.experiments.train;

/**
 * Which ND4J native binary this process runs: the nd4j-native classifier the build chose (Maven property
 * {@code nd4j.classifier}, see scripts/nd4j-classifier.sh), found from the binary's resources on the class path. Runs
 * record it in {@code config.yaml} ({@link RunFacts}); the bench prints it.
 */
public final class Nd4jBinary {
    /** The classifiers the build accepts, the oneDNN one first. */
    private static final String[] CLASSIFIERS = {"linux-x86_64-onednn-avx2", "linux-x86_64"};

    private Nd4jBinary() {
    }

    /** {@code linux-x86_64-onednn-avx2}, {@code linux-x86_64}, or {@code unknown}. */
    public static String current() {
        ClassLoader loader = Nd4jBinary.class.getClassLoader();
        for (String c : CLASSIFIERS) {
            if (loader.getResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + c + "/") != null) return c;
        }
        return "unknown";
    }
}
