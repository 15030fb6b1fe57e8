package org.neuroprior.envs.whisker.data;

/** The three parts of a dataset; {@link #directory()} is also the name used in {@code dataset.json}. */
public enum Split {
    TRAIN("train"), VALIDATE("validate"), TEST("test");

    private final String directory;

    Split(String directory) {
        this.directory = directory;
    }

    public String directory() {
        return directory;
    }

    public static Split named(String name) {
        for (Split s : values()) if (s.directory.equals(name)) return s;
        throw new IllegalArgumentException("unknown split " + name + " (train, validate, test)");
    }
}
