package org.neuroprior.plots;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.neuroprior.common.AtomicFiles;

/**
 * The project's one CSV dialect, read and written with Apache Commons CSV: RFC 4180 (comma-separated, a cell that
 * holds a comma, a double quote or a line break is quoted, a quote inside it doubled), UTF-8, {@code \n} line ends,
 * a header line first. Reading also accepts a UTF-8 byte order mark, {@code \r\n} line ends and blank lines.
 * Files are written whole to a temporary file and moved into place, so a reader never sees half a file.
 */
public final class CsvFiles {
    /** RFC 4180 with {@code \n} line ends. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private CsvFiles() {
    }

    /** A file's header and rows as text; {@code lines} holds each row's line number (1-based) for messages. */
    public record Rows(List<String> header, List<List<String>> rows, List<Long> lines) {
    }

    /**
     * Writes a header and rows (a row may be shorter than the header: its last cells are then absent) atomically.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static Path write(Path file, List<String> header, List<? extends List<String>> rows) {
        StringBuilder text = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(text, FORMAT)) {
            printer.printRecord(header);
            for (List<String> row : rows) printer.printRecord(row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format " + file, e);
        }
        return AtomicFiles.writeUnchecked(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Reads a file's header and rows as text (cells as written, quotes removed).
     *
     * @throws IllegalArgumentException naming the file when it is missing, unreadable, not UTF-8, empty (no header)
     *                                  or not valid CSV (e.g. an unclosed quote), with the line
     */
    public static Rows read(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("Missing file: " + file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + " as UTF-8 text: " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<List<String>> records = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(FORMAT).get()) {
            for (CSVRecord record : parser) {
                List<String> cells = record.toList();
                if (cells.size() == 1 && cells.get(0).isBlank()) continue; // a blank line
                records.add(cells);
                lines.add(parser.getCurrentLineNumber());
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(file + " is not valid CSV: " + e.getMessage(), e);
        }
        if (records.isEmpty()) throw new IllegalArgumentException(file + " is empty (no header line)");
        return new Rows(records.get(0), records.subList(1, records.size()), lines.subList(1, lines.size()));
    }
}
