package org.neuroprior.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neuroprior.envs.whisker.data.Split;

/**
 * A shard written in pieces and joined ({@link ShardPipeline#piece}, {@link ShardPipeline#assemble}) is the same
 * bytes, with the same record, as the shard written whole; the pieces go once it is joined.
 */
class ShardPiecesTest {
    @TempDir
    Path tmp;

    @Test
    void aShardJoinedFromPiecesIsTheWholeShardsBytes() throws IOException {
        SyntheticSweeps source = new SyntheticSweeps(20, 3);
        SampleCheck check = new SampleCheck(3, null);
        ShardPlan plan = new ShardPlan(Split.TRAIN, 2, IntStream.of(4, 9, 1, 17, 0, 12, 5).toArray());
        LocalStore whole = new LocalStore(tmp.resolve("whole")), pieces = new LocalStore(tmp.resolve("pieces"));
        ShardRecord[] expected = new ShardRecord[1];
        assertTrue(ShardPipeline.run(source, check, whole, List.of(plan), 2, "", () -> false, () -> { }, r -> expected[0] = r));

        int[] bounds = {0, 2, 3, 7};
        for (int k = 2; k >= 0; k--) { // in any order
            assertTrue(ShardPipeline.piece(source, check, pieces, plan, bounds[k], bounds[k + 1], 2, ".t" + k, () -> false));
        }
        int calls = source.calls.get();
        assertTrue(ShardPipeline.piece(source, check, pieces, plan, 2, 3, 1, ".t9", () -> false));
        assertEquals(calls, source.calls.get(), "a finished piece is kept, not simulated again");
        ShardRecord joined = ShardPipeline.assemble(pieces, plan, bounds, 3, ".t5");
        assertEquals(expected[0], joined);
        for (String f : List.of(plan.dataFile(), plan.labelsFile(), plan.sweepsFile())) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("whole").resolve(f)), Files.readAllBytes(tmp.resolve("pieces").resolve(f)), f);
        }
        try (Stream<Path> left = Files.walk(tmp.resolve("pieces"))) {
            assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".partial")).toList(), "pieces and temporary files are gone");
        }
        assertEquals(expected[0], ShardPipeline.assemble(pieces, plan, bounds, 3, ".t6"), "a retried join keeps the shard in place");
    }

    @Test
    void aMissingPieceFailsTheJoinAndLeavesNoShard() throws IOException {
        SyntheticSweeps source = new SyntheticSweeps(20, 3);
        ShardPlan plan = new ShardPlan(Split.TEST, 0, IntStream.range(0, 6).toArray());
        LocalStore store = new LocalStore(tmp);
        ShardPipeline.piece(source, new SampleCheck(3, null), store, plan, 0, 3, 1, ".t1", () -> false);
        assertThrows(IOException.class, () -> ShardPipeline.assemble(store, plan, new int[] {0, 3, 6}, 3, ".t2"));
        assertTrue(Files.notExists(tmp.resolve(plan.dataFile())));
        assertTrue(Files.notExists(tmp.resolve(plan.labelsFile())));
    }
}
