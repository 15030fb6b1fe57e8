package org.neuroprior.envs.whisker.objects;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of labelled user meshes: one {@code path,label} per line, e.g. {@code chairs/1a2b.obj,chair}. Blank lines
 * and lines starting with {@code #} are skipped, a first line {@code path,label} is taken as a header, and relative
 * paths resolve against the label file's directory. No quoting: paths and labels cannot contain commas.
 *
 * <p>Reading checks that every listed mesh exists, is readable and has a supported extension (.obj, .stl); meshes
 * are parsed only when drawn.
 */
public record LabelFile(Path file, List<Entry> entries) {
    /** One listed mesh: its resolved path, its label, and the label file's line (1-based) for messages. */
    public record Entry(Path mesh, String label, int line) {}

    public LabelFile {
        entries = List.copyOf(entries);
    }

    /**
     * @throws IllegalArgumentException naming the file and line for a missing or unreadable label file or mesh, a
     *                                  malformed line, an unsupported mesh type, or a file with no entries
     */
    public static LabelFile read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("label file " + file + " does not exist or is not a readable file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read label file " + file + ": " + e.getMessage(), e);
        }
        Path directory = file.toAbsolutePath().getParent();
        List<Entry> entries = new ArrayList<>();
        boolean firstDataLine = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] fields = line.split(",", -1);
            if (firstDataLine && fields.length == 2 && fields[0].strip().equalsIgnoreCase("path")
                    && fields[1].strip().equalsIgnoreCase("label")) {
                firstDataLine = false;
                continue;
            }
            firstDataLine = false;
            if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
                throw new IllegalArgumentException(where(file, number) + ": malformed line '" + line
                        + "'; accepted: 'path,label' (two non-empty fields, no other commas), '#' comments, blank lines");
            }
            Path mesh = directory.resolve(fields[0].strip()).normalize();
            if (!Files.isRegularFile(mesh) || !Files.isReadable(mesh)) {
                throw new IllegalArgumentException(where(file, number) + ": mesh file " + mesh + " does not exist or is not readable");
            }
            try {
                MeshFiles.requireSupported(mesh);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where(file, number) + ": " + e.getMessage(), e);
            }
            entries.add(new Entry(mesh, fields[1].strip(), number));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("label file " + file + " lists no meshes; accepted: lines 'path,label'"
                    + " (optional header 'path,label', '#' comments)");
        }
        return new LabelFile(file, entries);
    }

    static String where(Path file, int line) {
        return file + " line " + line;
    }
}
