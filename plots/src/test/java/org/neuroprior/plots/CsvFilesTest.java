package org.neuroprior.plots;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one CSV dialect: what is written reads back cell for cell, whatever the cells hold. */
class CsvFilesTest {
    @TempDir
    Path dir;

    @Test
    void cellsWithCommasQuotesAndLineBreaksReadBackAsWritten() throws IOException {
        List<String> header = List.of("label", "note, with comma", "score");
        List<List<String>> rows = List.of(
                List.of("ncap (init=random, no sharing)", "say \"hi\"", "812.5"),
                List.of("mlp", "two\nlines", ""),
                List.of("é ünïcode", "", "-inf"));
        Path file = CsvFiles.write(dir.resolve("t.csv"), header, rows);
        CsvFiles.Rows read = CsvFiles.read(file);
        assertEquals(header, read.header());
        assertEquals(rows, read.rows());
        assertEquals(List.of(2L, 4L, 5L), read.lines(), "line numbers count the line inside the quoted cell");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        CsvTable table = CsvTable.read(file);
        assertEquals(List.of("label", "note, with comma", "score"), table.columns());
        assertArrayEquals(new double[] {812.5, Double.NaN, Double.NEGATIVE_INFINITY}, table.column("score"));
    }

    @Test
    void aByteOrderMarkCrlfLineEndsAndBlankLinesAreRead() throws IOException {
        Path file = dir.resolve("excel.csv");
        Files.writeString(file, "\uFEFFtrain/steps,\"test/episode_score/mean\",label\r\n0,1.5,\"a, b\"\r\n\r\n100,2.5,c\r\n",
                StandardCharsets.UTF_8);
        CsvTable table = CsvTable.read(file);
        assertEquals(List.of("train/steps", "test/episode_score/mean", "label"), table.columns());
        assertArrayEquals(new double[] {0, 100}, table.column("train/steps"));
        assertArrayEquals(new double[] {1.5, 2.5}, table.column("test/episode_score/mean"));
    }

    @Test
    void brokenFilesAreRefusedWithTheFileAndLine() throws IOException {
        Path unclosed = dir.resolve("unclosed.csv");
        Files.writeString(unclosed, "a,b\n1,\"2\n");
        var e = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(unclosed));
        assertTrue(e.getMessage().contains("unclosed.csv") && e.getMessage().contains("not valid CSV"), e.getMessage());
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b\n1\n2,3\n");
        var r = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(ragged));
        assertTrue(r.getMessage().contains("line 2 has 1 cells"), r.getMessage());
        Path cut = dir.resolve("cut.csv");
        Files.writeString(cut, "a,b\n1,2\n3"); // the last line of a killed run: padded with NaN
        assertArrayEquals(new double[] {2, Double.NaN}, CsvTable.read(cut).column("b"));
    }
}
