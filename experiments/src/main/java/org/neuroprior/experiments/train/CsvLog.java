package org.neuroprior.experiments.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's {@code log.csv}: one row per epoch, columns fixed by the first row (tonic-style names such as
 * {@code train/steps} and {@code test/episode_score/mean}). Rows are appended and flushed one at a time, so the
 * file is readable while training runs and survives a crash.
 */
public final class CsvLog {
    private final Path file;
    private List<String> columns;

    public CsvLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Keeps the header and the first {@code rows} rows, dropping any later ones (rows a resumed run will redo). */
    public void truncate(int rows) {
        if (!Files.exists(file)) {
            if (rows > 0) throw new IllegalStateException(file + " is missing but the checkpoint expects " + rows + " rows in it");
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                if (rows > 0) throw new IllegalStateException(file + " is empty but the checkpoint expects " + rows + " rows in it");
                return;
            }
            if (lines.size() - 1 < rows) {
                throw new IllegalStateException(file + " has " + (lines.size() - 1) + " rows but the checkpoint expects " + rows);
            }
            columns = List.of(lines.get(0).split(",", -1));
            Files.write(file, lines.subList(0, rows + 1), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }

    /** Appends one row; the first row also writes the header. Missing values are written empty. */
    public void append(Map<String, Double> row) {
        try {
            StringBuilder sb = new StringBuilder();
            if (columns == null) {
                columns = new ArrayList<>(row.keySet());
                sb.append(String.join(",", columns)).append('\n');
            }
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) sb.append(',');
                Double v = row.get(columns.get(i));
                if (v != null && !v.isNaN()) sb.append(format(v));
            }
            sb.append('\n');
            Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
