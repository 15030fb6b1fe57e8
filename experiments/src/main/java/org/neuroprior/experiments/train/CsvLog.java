package org.neuroprior.experiments.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.neuroprior.plots.CsvFiles;

/**
 * A run's {@code log.csv}: one row per epoch, tonic-style column names such as {@code train/steps} and
 * {@code test/episode_score/mean}, in the project's CSV dialect ({@link CsvFiles}).
 *
 * <p>The columns are those of the first row, followed by every key that first appears in a later row (an agent
 * statistic logged only from some epoch on): like tonic, the file is then rewritten with the wider header, the new
 * column empty in the earlier rows. Every change rewrites the whole file to a temporary file and moves it into place,
 * so the file is always complete and readable while training runs, and survives a crash.
 */
public final class CsvLog {
    private final Path file;
    private List<String> columns;
    private List<List<String>> rows;

    public CsvLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Keeps the header and the first {@code rows} rows, dropping any later ones (rows a resumed run will redo).
     *
     * @throws IllegalStateException naming the file when it has fewer rows than {@code rows}, or is missing or empty
     *                               while rows are expected
     */
    public void truncate(int rows) {
        if (!Files.exists(file)) {
            if (rows > 0) throw new IllegalStateException(file + " is missing but the checkpoint expects " + rows + " rows in it");
            return;
        }
        load();
        if (this.rows.size() < rows) {
            throw new IllegalStateException(file + " has " + this.rows.size() + " rows but the checkpoint expects " + rows);
        }
        this.rows = new ArrayList<>(this.rows.subList(0, rows));
        if (columns != null) CsvFiles.write(file, columns, this.rows);
    }

    /** Appends one row; a key not yet in the header widens it (earlier rows empty there). NaN is written empty. */
    public void append(Map<String, Double> row) {
        if (rows == null) {
            if (Files.exists(file)) {
                load();
            } else {
                rows = new ArrayList<>();
            }
        }
        if (columns == null) columns = new ArrayList<>();
        for (String key : row.keySet()) if (!columns.contains(key)) columns.add(key);
        List<String> cells = new ArrayList<>(columns.size());
        for (String column : columns) {
            Double v = row.get(column);
            cells.add(v == null || v.isNaN() ? "" : format(v));
        }
        rows.add(cells);
        List<List<String>> padded = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            List<String> full = new ArrayList<>(r);
            while (full.size() < columns.size()) full.add("");
            padded.add(full);
        }
        rows = padded;
        CsvFiles.write(file, columns, rows);
    }

    /** The rows as a map per row (header order), for tests and tools. */
    List<Map<String, String>> read() {
        load();
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> r : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) m.put(columns.get(c), c < r.size() ? r.get(c) : "");
            out.add(m);
        }
        return out;
    }

    private void load() {
        try {
            if (Files.size(file) == 0) { // created, nothing written yet
                columns = null;
                rows = new ArrayList<>();
                return;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        try {
            CsvFiles.Rows content = CsvFiles.read(file);
            columns = new ArrayList<>(content.header());
            rows = new ArrayList<>(content.rows());
        } catch (IllegalArgumentException unreadable) {
            throw new IllegalStateException(unreadable.getMessage(), unreadable);
        }
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
