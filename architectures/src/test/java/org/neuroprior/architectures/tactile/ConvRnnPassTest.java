package org.neuroprior.architectures.tactile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neuroprior.architectures.DefinitionAgreement.close;
import static org.neuroprior.architectures.DefinitionAgreement.floats;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroprior.architectures.Architectures;
import org.neuroprior.architectures.BatchPass;
import org.neuroprior.architectures.Model;
import org.neuroprior.architectures.ModelIO;

/**
 * The ConvRNN encoder's fused pass against its definition for every cell under both unrollings, on a model deep and long
 * enough for every edge to matter: five conv nodes (feedback from the two nodes above, skips conv2 and conv4 to the
 * first fc node) over 8 steps, so that under biological unrolling an image reaches the output by the feedforward chain
 * (7 steps) as well as by the skips, and every step decoded ({@code decoder=all}). {@code ModelContractTest} covers the
 * default sizes over 3 steps, where under biological unrolling the images do not reach the output yet. The cells and
 * unrollings are covered pairwise, not in every combination: every pair of values of the three factors (the cell's
 * family, whether it has LayerNorm, the unrolling) occurs in some case, so each family runs under both unrollings and
 * with and without LayerNorm, and LayerNorm under both unrollings (10 cases of the 18 combinations).
 */
class ConvRnnPassTest {
    private static final int STEPS = 8;

    static Stream<Arguments> cases() {
        List<String[]> all = new ArrayList<>();
        for (String cell : ConvCell.ids()) {
            for (ConvRnnEncoder.Unroll unroll : ConvRnnEncoder.Unroll.values()) all.add(new String[] {cell, unroll.id()});
        }
        return pairwise(all).stream().map(c -> Arguments.of(c[0], c[1]));
    }

    /** A case's factor values: the cell's family, whether it has LayerNorm ({@code -ln}), the unrolling. */
    private static List<String> factors(String[] c) {
        boolean ln = c[0].endsWith("-ln");
        return List.of("family " + (ln ? c[0].substring(0, c[0].length() - 3) : c[0]), "ln " + ln, "unroll " + c[1]);
    }

    private static Set<String> pairs(String[] c) {
        List<String> f = factors(c);
        Set<String> out = new HashSet<>();
        for (int i = 0; i < f.size(); i++) {
            for (int j = i + 1; j < f.size(); j++) out.add(f.get(i) + " & " + f.get(j));
        }
        return out;
    }

    /** Cases of {@code all}, picked greedily (in order, most new pairs first), until every pair of factor values occurring in {@code all} occurs. */
    static List<String[]> pairwise(List<String[]> all) {
        Set<String> needed = new HashSet<>();
        for (String[] c : all) needed.addAll(pairs(c));
        List<String[]> chosen = new ArrayList<>();
        while (!needed.isEmpty()) {
            String[] best = null;
            int bestNew = 0;
            for (String[] c : all) {
                Set<String> fresh = pairs(c);
                fresh.retainAll(needed);
                if (fresh.size() > bestNew) {
                    best = c;
                    bestNew = fresh.size();
                }
            }
            chosen.add(best);
            needed.removeAll(pairs(best));
        }
        return chosen;
    }

    @Test
    void theCasesCoverEveryCellAndEveryPairOfFactorValues() {
        List<String[]> all = new ArrayList<>();
        for (String cell : ConvCell.ids()) {
            for (ConvRnnEncoder.Unroll unroll : ConvRnnEncoder.Unroll.values()) all.add(new String[] {cell, unroll.id()});
        }
        List<String[]> chosen = pairwise(all);
        Set<String> cells = new HashSet<>(), covered = new HashSet<>(), needed = new HashSet<>();
        for (String[] c : chosen) {
            cells.add(c[0]);
            covered.addAll(pairs(c));
        }
        for (String[] c : all) needed.addAll(pairs(c));
        assertEquals(new HashSet<>(ConvCell.ids()), cells, "every cell runs");
        assertEquals(needed, covered, "every pair of factor values occurs");
        assertTrue(chosen.size() < all.size(), chosen.size() + " of " + all.size());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void fusedPassComputesWhatTheDefinitionComputes(String cell, String unroll) {
        Model m = Architectures.create("convrnn", new ModelIO(new int[] {STEPS * TactileGrid.FRAMES_PER_STEP, 35, 6}, 3, ModelIO.Output.LINEAR),
                Map.of("cell", cell, "unroll", unroll, "widths", "3,4,5,4,3", "fc", "6,5", "decoder", "all"), 5);
        SplittableRandom rng = new SplittableRandom(9);
        float[] p = m.parameters().toArray();
        for (int i = 0; i < p.length; i++) p[i] += (float) (0.3 * rng.nextGaussian());
        m.parameters().set(p);
        int batch = 2;
        INDArray x = Nd4j.create(random(rng, batch * m.inputSize()), new long[] {batch, STEPS * TactileGrid.FRAMES_PER_STEP, 35, 6}, 'c');
        INDArray dOut = Nd4j.create(random(rng, batch * m.outputSize()), new long[] {batch, m.outputSize()}, 'c');
        try (BatchPass graph = m.graphPass(batch, 1, true, DataType.DOUBLE); BatchPass fused = m.pass(batch, 1, true)) {
            assertTrue(!fused.getClass().equals(graph.getClass()), "the encoder and the head have fused passes");
            float[] expected = floats(graph.forward(x, null, null));
            float[] expectedGradient = graph.backward(dOut, null).clone();
            float[] expectedInput = floats(graph.inputGradient());
            close("output", expected, floats(fused.forward(x, null, null)));
            close("parameter gradient", expectedGradient, fused.backward(dOut, null));
            close("input gradient", expectedInput, floats(fused.inputGradient()));
            double reach = 0;
            for (float v : expectedInput) reach = Math.max(reach, Math.abs(v));
            assertTrue(reach > 1e-4, "the images reach the output (input gradient up to " + reach + ")");
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }
}
