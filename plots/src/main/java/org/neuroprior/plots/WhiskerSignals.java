package org.neuroprior.plots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the array felt during one sweep, per whisker and frame: force (Fx, Fy, Fz, micronewtons) and moment
 * (Mx, My, Mz, micronewton-millimetres) at each whisker base, in the whisker's base frame. Drawn as heat maps by
 * {@link WhiskerPictures}.
 *
 * @param whiskers names, top to bottom as drawn (e.g. A0..E5)
 * @param times    seconds since the sweep started, one per frame, increasing
 * @param values   [frame][whisker][channel], channels in the order of {@link #CHANNELS}
 */
public record WhiskerSignals(List<String> whiskers, double[] times, float[][][] values) {
    public static final List<String> CHANNELS = List.of("Fx", "Fy", "Fz", "Mx", "My", "Mz");
    public static final String FORCE_UNIT = "µN";
    public static final String MOMENT_UNIT = "µN·mm";

    public WhiskerSignals {
        whiskers = List.copyOf(whiskers);
        if (times.length < 2) throw new IllegalArgumentException("signals need at least 2 frames, got " + times.length);
        if (values.length != times.length) {
            throw new IllegalArgumentException("signals have " + values.length + " frames but " + times.length + " times");
        }
        for (int f = 0; f < values.length; f++) {
            if (f > 0 && !(times[f] > times[f - 1])) throw new IllegalArgumentException("frame times must increase; frame " + f + " is at " + times[f] + " s");
            if (values[f].length != whiskers.size()) {
                throw new IllegalArgumentException("frame " + f + " has " + values[f].length + " whiskers; expected " + whiskers.size());
            }
            for (float[] v : values[f]) {
                if (v.length != CHANNELS.size()) throw new IllegalArgumentException("frame " + f + ": a whisker has " + v.length + " channels; expected 6");
            }
        }
    }

    public int frames() {
        return times.length;
    }

    /** Length of the force (first = 0) or moment (first = 3) vector of whisker w at frame f. */
    public double magnitude(int f, int w, int first) {
        float[] v = values[f][w];
        return Math.sqrt((double) v[first] * v[first] + (double) v[first + 1] * v[first + 1] + (double) v[first + 2] * v[first + 2]);
    }

    /** Index of the frame with the largest summed moment magnitude over all whiskers (0 when nothing was felt). */
    public int strongestFrame() {
        int best = 0;
        double bestSum = 0;
        for (int f = 0; f < frames(); f++) {
            double sum = 0;
            for (int w = 0; w < whiskers.size(); w++) sum += magnitude(f, w, 3);
            if (sum > bestSum) {
                bestSum = sum;
                best = f;
            }
        }
        return best;
    }

    /** Long-format CSV (one row per frame and whisker): frame, time_s, whisker, the 6 channels, |F| and |M|. */
    public Path writeCsv(Path file) {
        var header = new ArrayList<>(List.of("frame", "time_s", "whisker"));
        header.addAll(List.of("fx_uN", "fy_uN", "fz_uN", "mx_uNmm", "my_uNmm", "mz_uNmm", "force_magnitude_uN", "moment_magnitude_uNmm"));
        var rows = new ArrayList<List<String>>();
        for (int f = 0; f < frames(); f++) {
            for (int w = 0; w < whiskers.size(); w++) {
                var row = new ArrayList<>(List.of(Integer.toString(f), Style.num(times[f]), whiskers.get(w)));
                for (float v : values[f][w]) row.add(num(v));
                row.add(num((float) magnitude(f, w, 0)));
                row.add(num((float) magnitude(f, w, 3)));
                rows.add(row);
            }
        }
        return CsvFiles.write(file, header, rows);
    }

    /** A float's shortest decimal text, without an exponent (the values are float32, like the dataset's). */
    private static String num(float v) {
        if (v == 0) return "0";
        return new java.math.BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
    }
}
