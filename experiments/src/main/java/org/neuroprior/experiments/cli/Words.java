package org.neuroprior.experiments.cli;

import java.util.Locale;

/** Counted nouns in printed messages: "1 epoch", "2 epochs", "1,000 sweeps". */
public final class Words {
    private Words() {
    }

    /**
     * {@code n} and the noun, singular for exactly 1 (and -1), plural ({@code singular + "s"}) otherwise.
     *
     * @param n        the count, printed with thousands separators ({@code 1,000})
     * @param singular the noun's singular, e.g. "epoch"
     */
    public static String count(long n, String singular) {
        return count(n, singular, singular + "s");
    }

    /**
     * {@code n} and the noun, singular for exactly 1 (and -1), {@code plural} otherwise.
     *
     * @param n        the count, printed with thousands separators ({@code 1,000})
     * @param singular the noun's singular, e.g. "class"
     * @param plural   its plural, e.g. "classes"
     */
    public static String count(long n, String singular, String plural) {
        return String.format(Locale.ROOT, "%,d %s", n, Math.abs(n) == 1 ? singular : plural);
    }
}
