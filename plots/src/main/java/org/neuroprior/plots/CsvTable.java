package org.neuroprior.plots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A numeric CSV table with a header line, as the training runner writes them ({@link CsvFiles}: RFC 4180, so a
 * quoted cell may hold commas, quotes and line breaks; a UTF-8 byte order mark is ignored).
 *
 * <p>Cells are parsed as doubles; empty cells, {@code nan}, and any text that is not a number read as NaN
 * ({@code inf}/{@code -inf} are read as infinities). A last line with fewer cells than the header (a log cut
 * off when a run was killed) is padded with NaN; any other row whose cell count differs from the header is
 * an error.
 */
public final class CsvTable {

    private final Path file;
    private final List<String> columns;
    private final Map<String, double[]> values;
    private final int rows;

    private CsvTable(Path file, List<String> columns, Map<String, double[]> values, int rows) {
        this.file = file;
        this.columns = columns;
        this.values = values;
        this.rows = rows;
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException naming the file when it is missing, unreadable, not valid CSV, has no
     *     header, has a duplicate column name or a row with the wrong number of cells
     */
    public static CsvTable read(Path file) {
        CsvFiles.Rows content = CsvFiles.read(file);
        List<String> header = new ArrayList<>();
        for (String name : content.header()) {
            header.add(name.trim());
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).isEmpty()) {
                throw new IllegalArgumentException(file + ": empty column name at position " + (c + 1)
                        + " of the header");
            }
            if (index.put(header.get(c), c) != null) {
                throw new IllegalArgumentException(file + ": duplicate column '" + header.get(c) + "' in the header");
            }
        }
        int n = content.rows().size();
        double[][] cols = new double[header.size()][n];
        for (int r = 0; r < n; r++) {
            List<String> cells = content.rows().get(r);
            boolean last = r == n - 1;
            if (cells.size() > header.size() || (cells.size() < header.size() && !last)) {
                throw new IllegalArgumentException(file + ": line " + content.lines().get(r) + " has "
                        + cells.size() + " cells but the header has " + header.size() + " columns");
            }
            for (int c = 0; c < header.size(); c++) {
                cols[c][r] = c < cells.size() ? parse(cells.get(c)) : Double.NaN;
            }
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            values.put(header.get(c), cols[c]);
        }
        return new CsvTable(file, Collections.unmodifiableList(header), values, n);
    }

    static double parse(String cell) {
        String s = cell.trim();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nan": case "-nan": case "none": case "null": return Double.NaN;
            case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
        }
    }

    /** The file this table was read from. */
    public Path file() {
        return file;
    }

    /** Column names in file order. */
    public List<String> columns() {
        return columns;
    }

    /** Number of data rows. */
    public int rows() {
        return rows;
    }

    public boolean has(String column) {
        return values.containsKey(column);
    }

    /**
     * A copy of one column.
     *
     * @throws IllegalArgumentException naming the file and the column when it is absent
     */
    public double[] column(String column) {
        double[] v = values.get(column);
        if (v == null) {
            throw new IllegalArgumentException(file + ": missing required column '" + column + "' (columns: "
                    + String.join(", ", columns) + ")");
        }
        return v.clone();
    }

    /** A copy of one column, or all NaN when the column is absent. */
    public double[] columnOrNaN(String column) {
        double[] v = values.get(column);
        if (v == null) {
            double[] nan = new double[rows];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return v.clone();
    }

    /** Throws an IllegalArgumentException naming the file and every missing column. */
    public void require(String... required) {
        List<String> missing = new ArrayList<>();
        for (String c : required) {
            if (!values.containsKey(c)) {
                missing.add("'" + c + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + ": missing required column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (columns found: " + String.join(", ", columns) + ")");
        }
    }
}
