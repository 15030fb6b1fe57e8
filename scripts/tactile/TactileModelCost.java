import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelCost;
import org.neuroprior.experiments.tactile.TactileConfig;
import org.neuroprior.experiments.tactile.TactileTrainer;

/**
 * The size of tactile-train models: for each model spec, the model tactile-train would build on whisker sweeps
 * {@code (110, 35, 6)} of {@code classes} classes ({@link TactileTrainer#model}, seed 1), its trainable parameters and
 * forward GFLOP per sample counted from its graph ({@link ModelCost}, as {@code neuroprior arch list} counts the
 * defaults). A single-file program, run on the launcher's class path:
 *
 * <pre>java -cp "experiments/target/classes:$(cat experiments/target/classpath.txt)" \
 *     scripts/tactile/TactileModelCost.java 15 convrnn resnet "convrnn:ugrnn+widths=8,12,24,32,32,24"</pre>
 *
 * Prints CSV on standard output: {@code spec,parameters,gflop_per_sample}. A bad argument (classes not an integer of
 * at least 2, a spec that does not parse or does not fit) is refused in one line with exit code 2.
 */
public final class TactileModelCost {
    public static void main(String[] args) {
        if (args.length < 2) fail("usage: TactileModelCost CLASSES SPEC...; accepted CLASSES: an integer >= 2");
        int classes;
        try {
            classes = Integer.parseInt(args[0]);
        } catch (NumberFormatException e) {
            classes = -1;
        }
        if (classes < 2) fail("classes '" + args[0] + "' is not valid; accepted: an integer >= 2");
        StringBuilder out = new StringBuilder("spec,parameters,gflop_per_sample\n");
        for (int i = 1; i < args.length; i++) {
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("dataset", "unused");
            given.put("model", args[i]);
            Model model;
            try {
                model = TactileTrainer.model(TactileConfig.resolve(given), classes);
            } catch (IllegalArgumentException e) {
                fail("model spec '" + args[i] + "': " + e.getMessage());
                return;
            }
            ModelCost cost = ModelCost.of(model);
            out.append(String.format(Locale.ROOT, "\"%s\",%d,%.4f%n", args[i], cost.parameters(), cost.gflops()));
        }
        System.out.print(out);
    }

    private static void fail(String message) {
        System.err.println("TactileModelCost: " + message);
        System.exit(2);
    }
}
