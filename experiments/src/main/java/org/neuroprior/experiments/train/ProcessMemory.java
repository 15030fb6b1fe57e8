package org.neuroprior.experiments.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as Linux reports it in /proc/self/status: resident now (VmRSS) and at its peak (VmHWM). */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Resident memory in MB (VmRSS), or NaN where /proc is not available. */
    public static double residentMb() {
        return read("VmRSS:");
    }

    /** The highest resident memory of the process so far, in MB (VmHWM), or NaN where /proc is not available. */
    public static double peakMb() {
        return read("VmHWM:");
    }

    private static double read(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return Double.NaN;
    }
}
